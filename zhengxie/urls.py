from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from zhengxie.api.router import api
from zhengxie.reports import views as report_views


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", report_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("zhengxie.accounts.urls")),
    path("org/", include("zhengxie.org.urls")),
    path("audit/", include("zhengxie.audit.urls")),
    path("notices/", include("zhengxie.notices.urls")),
    path("supervision/", include("zhengxie.supervision.urls")),
    path("duty/", include("zhengxie.duty.urls")),
    path("proposals/", include("zhengxie.proposals.urls")),
    path("opinions/", include("zhengxie.opinions.urls")),
    path("consultations/", include("zhengxie.consultations.urls")),
    path("api/v1/", api.urls),
    path("work/", include("zhengxie.lib.urls")),
]
