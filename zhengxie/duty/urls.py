from django.urls import path

from . import rank_views, staff_views, views

app_name = "duty"
urlpatterns = [
    # members
    path("", views.my_record, name="my_record"),
    path("my/annual-report.docx", views.my_annual_report, name="my_annual_report"),
    path("my/reports/", views.my_reports, name="my_reports"),
    path("my/reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/evidence/", views.report_evidence, name="report_evidence"),
    path("my/standing-report/", views.standing_report, name="standing_report"),
    path("standing-reports/<int:pk>/file/", views.standing_report_file, name="standing_report_file"),
    # staff and leaders
    path("review/", staff_views.review_queue, name="review_queue"),
    path("attendance/", staff_views.sheet_list, name="sheet_list"),
    path("attendance/new/", staff_views.sheet_create, name="sheet_create"),
    path("attendance/<int:pk>/", staff_views.sheet_detail, name="sheet_detail"),
    path("rules/", staff_views.rule_list, name="rule_list"),
    path("rules/new/", staff_views.rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", staff_views.rule_edit, name="rule_edit"),
    path("settings/", staff_views.settings_edit, name="settings"),
    path("members/<int:pk>/", staff_views.member_ledger, name="member_ledger"),
    path("members/<int:pk>/award/", staff_views.member_award, name="member_award"),
    path(
        "members/<int:pk>/annual-report.docx", staff_views.member_annual_report, name="member_annual_report"
    ),
    path("members/<int:pk>/interview/", rank_views.interview_record, name="interview_record"),
    path("entries/<int:pk>/reverse/", staff_views.entry_reverse, name="entry_reverse"),
    path("standing-reports/", staff_views.standing_reports, name="standing_reports"),
    path("rankings/", rank_views.rankings, name="rankings"),
    path("rankings/export/", rank_views.rankings_export, name="rankings_export"),
    path("minimums/", rank_views.minimums, name="minimums"),
]
