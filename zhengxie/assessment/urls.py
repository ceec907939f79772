from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.open_assessment, name="open"),
    path("objections/", views.objections, name="objections"),
    path("results/", views.my_results, name="my_results"),
    path("schemes/", views.schemes, name="schemes"),
    path("offices/", views.offices, name="offices"),
    path("proposal-candidates.xlsx", views.proposal_candidates, name="proposal_candidates"),
    path("schemes/<int:pk>/", views.scheme, name="scheme"),
    path("schemes/<int:pk>/groups/<int:parent>/new/", views.indicator_edit, name="indicator_add"),
    path("schemes/<int:pk>/indicators/<int:indicator>/", views.indicator_edit, name="indicator_edit"),
    path("rate/", views.my_tasks, name="my_tasks"),
    path("rate/<int:pk>/", views.rate, name="rate"),
    path("rate/consultations/<int:pk>/", views.rate_consultation, name="rate_consultation"),
    path("consultations/", views.consultation_reviews, name="consultation_reviews"),
    path("subjects/<int:pk>/", views.card, name="card"),
    path("subjects/<int:pk>/drill/<int:indicator>/", views.drill, name="drill"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/raters/", views.raters, name="raters"),
    path("<int:pk>/results.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/results.docx", views.export_docx, name="export_docx"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
