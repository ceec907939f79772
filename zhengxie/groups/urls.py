from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("suggestions/", views.suggestion_list, name="suggestion_list"),
    path("suggestions/<int:pk>/", views.suggestion, name="suggestion"),
    path("suggestions/<int:pk>/send/", views.suggestion_send, name="suggestion_send"),
    path("suggestions/<int:pk>/proposal/", views.suggestion_to_proposal, name="suggestion_to_proposal"),
    path(
        "suggestions/<int:pk>/consultation/",
        views.suggestion_to_consultation,
        name="suggestion_to_consultation",
    ),
    path("posts/<int:pk>/", views.thread, name="thread"),
    path("posts/<int:pk>/useful/", views.useful, name="useful"),
    path("posts/<int:pk>/hide/", views.hide, name="hide"),
    path("pictures/<int:pk>/", views.picture, name="picture"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/post/", views.post_create, name="post"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
    path("<int:pk>/suggestions/", views.suggestions, name="suggestions"),
]
