from django.urls import path

from . import finding_views, report_views, views

app_name = "workplans"
urlpatterns = [
    path("", views.index, name="index"),
    path("findings/", finding_views.findings, name="findings"),
    path("findings/<str:action>/", finding_views.findings_act, name="findings_act"),
    path("finding/<int:pk>/", finding_views.finding_detail, name="finding"),
    path("finding/<int:pk>/<str:action>/", finding_views.finding_act, name="finding_act"),
    path("supervise/", report_views.supervise, name="supervise"),
    path("supervise/submit/", report_views.supervise_submit, name="supervise_submit"),
    path("reports/", report_views.reports, name="reports"),
    path("report/<int:pk>/", report_views.report_detail, name="report"),
    path("report/<int:pk>/<str:action>/", report_views.report_act, name="report_act"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>.docx", views.docx, name="docx"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
