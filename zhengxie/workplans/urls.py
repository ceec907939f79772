from django.urls import path

from . import views

app_name = "workplans"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>.docx", views.docx, name="docx"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
