from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.index, name="index"),
    path("knowledge/", views.knowledge, name="knowledge"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cover/", views.cover, name="cover"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("files/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
]
