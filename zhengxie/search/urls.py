from django.urls import path

from . import settings_views, views

app_name = "search"

urlpatterns = [
    path("", views.results, name="results"),
    path("records/<int:pk>/", views.document, name="document"),
    path("settings/", settings_views.settings_page, name="settings"),
]
