from django.urls import path

from . import account_views, holiday_views, import_views, job_views, picker_views, structure_views, views

app_name = "org"
urlpatterns = [
    path("switch/", views.switch_committee, name="switch_committee"),
    path("structure/", structure_views.structure_page, name="structure"),
    path("members/", views.member_list, name="member_list"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_edit, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("users/", account_views.user_list, name="user_list"),
    path("roles/", account_views.role_list, name="role_list"),
    path("members/accounts/", account_views.roster_accounts, name="roster_accounts"),
    path("members/<int:pk>/account/", account_views.member_account, name="member_account"),
    path("contacts/<int:pk>/account/", account_views.contact_account, name="contact_account"),
    path("import/", import_views.import_index, name="import_index"),
    path("import/<str:kind>/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<str:kind>/", import_views.import_upload, name="import_upload"),
    path("holidays/", holiday_views.holiday_list, name="holiday_list"),
    path("holidays/<int:pk>/delete/", holiday_views.holiday_delete, name="holiday_delete"),
    path("jobs/", job_views.job_list, name="job_list"),
    path("pick/<str:kind>/", picker_views.pick, name="pick"),
]
