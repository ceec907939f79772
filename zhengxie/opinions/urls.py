from django.urls import path

from . import views

app_name = "opinions"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.submit, name="submit"),
    path("queue/", views.queue, name="queue"),
    path("queue/bulk/", views.bulk, name="bulk"),
    path("issues/", views.issues, name="issues"),
    path("issues/<int:pk>.docx", views.issue_docx, name="issue_docx"),
    path("stats/", views.stats, name="stats"),
    path("stats.xlsx", views.stats_export, name="stats_export"),
    path("stats/notice.docx", views.yearly_notice, name="yearly_notice"),
    path("correspondents/", views.correspondents, name="correspondents"),
    path("correspondents/<int:pk>/toggle/", views.correspondent_toggle, name="correspondent_toggle"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
