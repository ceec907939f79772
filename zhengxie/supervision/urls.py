from django.urls import path

from . import output_views, unit_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.board, name="board"),
    path("export.xlsx", views.board_export, name="board_export"),
    path("bulk/", views.bulk_action, name="bulk_action"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/report/", views.item_report, name="item_report"),
    path("items/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("items/<int:pk>/special-report/", output_views.special_report_new, name="special_report_new"),
    path("items/<int:pk>/<str:action>/", views.item_act, name="item_act"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("leader/", views.leader_view, name="leader"),
    path("unit/", unit_views.inbox, name="inbox"),
    path("unit/progress.xlsx", unit_views.progress_template, name="progress_template"),
    path("unit/progress/", unit_views.progress_upload, name="progress_upload"),
    path("unit/progress/problems.xlsx", unit_views.progress_problems, name="progress_problems"),
    path("import/", output_views.import_items, name="import"),
    path("import/template.xlsx", output_views.import_template, name="import_template"),
    path("import/problems.xlsx", output_views.import_problems, name="import_problems"),
    path("bulletins/", output_views.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", output_views.bulletin_new, name="bulletin_new"),
    path("bulletins/<int:pk>.docx", output_views.bulletin_docx, name="bulletin_docx"),
    path("bulletins/<int:pk>.xlsx", output_views.bulletin_xlsx, name="bulletin_xlsx"),
    path("special-reports/<int:pk>.docx", output_views.special_report_docx, name="special_report_docx"),
    path("settings/", output_views.settings_page, name="settings"),
    path("settings/sources/<int:pk>/toggle/", output_views.source_toggle, name="source_toggle"),
]
