from django.urls import path

from . import views

app_name = "joint"
urlpatterns = [
    path("", views.joint_list, name="list"),
    path("<int:pk>/", views.joint_detail, name="detail"),
    path("<int:pk>/sign-in.xlsx", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/<str:action>/", views.joint_act, name="act"),
]
