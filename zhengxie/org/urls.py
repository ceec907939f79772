from django.urls import path

from . import holiday_views, structure_views, views

app_name = "org"
urlpatterns = [
    path("switch/", views.switch_committee, name="switch_committee"),
    path("structure/", structure_views.structure_page, name="structure"),
    path("members/", views.member_list, name="member_list"),
    path("units/", views.unit_list, name="unit_list"),
    path("users/", views.user_list, name="user_list"),
    path("holidays/", holiday_views.holiday_list, name="holiday_list"),
    path("holidays/<int:pk>/delete/", holiday_views.holiday_delete, name="holiday_delete"),
]
