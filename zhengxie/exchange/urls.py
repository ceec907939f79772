from django.urls import path

from . import contact_views, views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("badge/", views.badge, name="badge"),
    path("new/", views.create, name="create"),
    path("all/", views.committee_groups, name="committee_groups"),
    path("settings/", views.settings_view, name="settings"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/poll/", views.poll, name="poll"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("contacts/", contact_views.directory, name="contacts"),
    path("contacts/<int:pk>/phone/", contact_views.phone, name="phone"),
    path("contacts/mine/", contact_views.mine, name="card"),
    path("contacts/office/", contact_views.office, name="office"),
]
