from django.urls import path

from . import views

app_name = "plenary"

urlpatterns = [
    path("", views.plenary_list, name="plenary_list"),
    path("<int:pk>/", views.plenary_detail, name="plenary_detail"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("agenda/<int:pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/groups/", views.group_create, name="group_create"),
    path("groups/<int:pk>/seat/", views.group_seat, name="group_seat"),
    path("seats/<int:pk>/speech/", views.seat_speech, name="seat_speech"),
    path("<int:pk>/call/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/collection.docx", views.collection, name="collection"),
    path("calls/<int:pk>/submit/", views.speech_submit, name="speech_submit"),
    path("speeches/", views.speech_list, name="speech_list"),
    path("speeches/mine/", views.my_speeches, name="my_speeches"),
    path("speeches/<int:pk>/", views.speech_detail, name="speech_detail"),
    path("speeches/<int:pk>/edit/", views.speech_edit, name="speech_edit"),
    path("speeches/<int:pk>/<str:action>/", views.speech_act, name="speech_act"),
]
