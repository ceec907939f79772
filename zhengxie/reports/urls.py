from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.committee_page, name="committee"),
    path("tree/", views.tree_page, name="tree"),
    path("proposals/", views.proposals_page, name="proposals"),
    path("proposals/export.xlsx", views.proposals_xlsx, name="proposals_xlsx"),
    path("proposals/<str:kind>.docx", views.proposals_docx, name="proposals_docx"),
]
