from django.urls import path

from . import views

app_name = "schedule"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("activities/<int:pk>/leaders/", views.activity_leaders, name="activity_leaders"),
    path("subscription/", views.subscription, name="subscription"),
    path("ics/<str:token>.ics", views.feed, name="feed"),
]
