from django.urls import path

from . import staff_views, views

app_name = "learning"
urlpatterns = [
    path("", views.library, name="library"),
    path("mine/", views.mine, name="mine"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("lessons/<int:pk>/", views.lesson, name="lesson"),
    path("lessons/<int:pk>/beat/", views.beat, name="beat"),
    path("lessons/<int:pk>/quiz/", views.quiz, name="quiz"),
    path("lessons/<int:pk>/file/", views.media, name="media"),
    path("groups/", views.groups, name="groups"),
    path("groups/<int:pk>/", views.group, name="group"),
    path("notes/<int:pk>/", views.note, name="note"),
    path("lectures/", staff_views.lectures, name="lectures"),
    # staff
    path("manage/", staff_views.manage, name="manage"),
    path("manage/new/", staff_views.course_form, name="course_create"),
    path("courses/<int:pk>/edit/", staff_views.course_form, name="course_edit"),
    path("courses/<int:pk>/completions/", staff_views.completions, name="completions"),
    path("courses/<int:pk>/<str:action>/", staff_views.course_act, name="course_act"),
    path("courses/<int:course_pk>/lessons/new/", staff_views.lesson_form, name="lesson_create"),
    path("courses/<int:course_pk>/lessons/<int:pk>/edit/", staff_views.lesson_form, name="lesson_edit"),
    path("completions/<int:pk>/withdraw/", staff_views.withdraw, name="withdraw"),
    path("plans/", staff_views.plan_list, name="plans"),
    path("plans/<int:pk>/", staff_views.plan, name="plan"),
    path("groups/new/", staff_views.group_create, name="group_create"),
    path("groups/<int:pk>/books/", staff_views.book_add, name="book_add"),
    path("notes/", staff_views.notes, name="notes"),
    path("notes/<int:pk>/<str:action>/", staff_views.note_pick, name="note_pick"),
    path("figures/", staff_views.figures, name="figures"),
    path("figures.xlsx", staff_views.figures_export, name="figures_export"),
]
