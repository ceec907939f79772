from django.urls import path

from . import public_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
    # A public survey on the committee's public page: no login.
    path("public/<str:code>/<int:pk>/", public_views.public_survey, name="public"),
]
