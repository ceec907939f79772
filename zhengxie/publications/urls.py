from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.index, name="index"),
    path("series/", views.series_create, name="series_create"),
    path("issues/", views.issue_create, name="issue_create"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/items/", views.item_add, name="item_add"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("issues/<int:pk>/send/", views.issue_send, name="issue_send"),
    path("issues/<int:pk>/instructions/", views.instruction_add, name="instruction_add"),
    path("issues/<int:pk>/issue.docx", views.issue_docx, name="issue_docx"),
]
