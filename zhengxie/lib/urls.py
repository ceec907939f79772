from django.urls import path

from . import longwork_views

app_name = "lib"
urlpatterns = [
    path("<int:pk>/", longwork_views.progress, name="longwork"),
    path("<int:pk>/download/", longwork_views.download, name="longwork_download"),
]
