from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from zhengxie.api.router import api
from zhengxie.lib import errorpages
from zhengxie.reports import views as report_views


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness, cheap: the process answers. `?db=1` is readiness for load balancers: the database
    answers a query too, otherwise 503 with Retry-After."""
    if request.GET.get("db") == "1":
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:
            if not errorpages.is_database_unavailable(exc):
                raise
            response = HttpResponse("database unavailable", status=503, content_type="text/plain")
            response["Retry-After"] = str(errorpages.RETRY_AFTER_SECONDS)
            return response
    return HttpResponse("ok", content_type="text/plain")


# Chinese pages in the layout for browsers, the API's JSON error body under /api/.
handler400 = errorpages.bad_request
handler403 = errorpages.permission_denied
handler404 = errorpages.page_not_found
handler500 = errorpages.server_error


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
    path("learning/", include("zhengxie.learning.urls")),
    path("participation/", include("zhengxie.participation.urls")),
    path("reports/", include("zhengxie.reports.urls")),
    path("joint/", include("zhengxie.joint.urls")),
    path("grassroots/", include("zhengxie.grassroots.urls")),
    path("workplans/", include("zhengxie.workplans.urls")),
    path("schedule/", include("zhengxie.schedule.urls")),
    path("plenary/", include("zhengxie.plenary.urls")),
    path("publications/", include("zhengxie.publications.urls")),
    path("regulations/", include("zhengxie.regulations.urls")),
    path("assessment/", include("zhengxie.assessment.urls")),
    path("groups/", include("zhengxie.groups.urls")),
    path("surveys/", include("zhengxie.surveys.urls")),
    path("materials/", include("zhengxie.materials.urls")),
    path("news/", include("zhengxie.news.urls")),
    path("exchange/", include("zhengxie.exchange.urls")),
    path("search/", include("zhengxie.search.urls")),
    path("api/v1/", api.urls),
    path("work/", include("zhengxie.lib.urls")),
]
