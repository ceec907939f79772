from django.urls import path

from . import announcement_views, views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/", views.open_notice, name="open"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("announcements/", announcement_views.announcement_list, name="announcements"),
    path("announcements/new/", announcement_views.announcement_new, name="announcement_new"),
    path("announcements/<int:pk>/", announcement_views.announcement_detail, name="announcement_detail"),
    path(
        "announcements/<int:pk>/remind/", announcement_views.announcement_remind, name="announcement_remind"
    ),
    path("announcements/files/<int:pk>/", announcement_views.announcement_file, name="announcement_file"),
]
