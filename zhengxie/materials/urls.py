from django.urls import path

from . import views

app_name = "materials"
urlpatterns = [
    path("", views.index, name="index"),
    path("activity/<int:pk>/", views.activity, name="activity"),
    path("activity/<int:pk>/<str:action>/", views.act, name="act"),
    path("files/<int:pk>/", views.download, name="download"),
]
