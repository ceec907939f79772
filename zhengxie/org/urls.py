from django.urls import path

from . import structure_views, views

app_name = "org"
urlpatterns = [
    path("switch/", views.switch_committee, name="switch_committee"),
    path("structure/", structure_views.structure_page, name="structure"),
    path("members/", views.member_list, name="member_list"),
    path("units/", views.unit_list, name="unit_list"),
    path("users/", views.user_list, name="user_list"),
    path("holidays/", views.holiday_list, name="holiday_list"),
]
