from django.urls import path

from . import views

app_name = "grassroots"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.platform_create, name="platform_create"),
    path("groups/", views.groups, name="groups"),
    path("stats/", views.stats, name="stats"),
    path("p/<int:pk>/", views.platform_detail, name="platform"),
    path("p/<int:pk>/<str:action>/", views.platform_act, name="platform_act"),
    path("r/<int:pk>/", views.record_detail, name="record"),
    path("r/<int:pk>/<str:action>/", views.record_act, name="record_act"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
