from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export.xlsx", views.event_export, name="event_export"),
    path("verify/", views.chain_verify, name="chain_verify"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
]
