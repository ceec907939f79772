from django.urls import path

from . import views

app_name = "joint"
urlpatterns = [
    path("", views.joint_list, name="list"),
    path("<int:pk>/", views.joint_detail, name="detail"),
    path("<int:pk>/venues/<int:row>/qr/", views.venue_qr, name="venue_qr"),
    path("venue-sign-in/<str:token>/", views.venue_sign_in, name="venue_sign_in"),
    path("<int:pk>/sign-in.xlsx", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/<str:action>/", views.joint_act, name="act"),
]
