from django.urls import path

from . import views

app_name = "regulations"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/repeal/", views.repeal, name="repeal"),
]
