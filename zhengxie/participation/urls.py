from django.urls import path

from . import briefing_views, campaign_views, public_views, views

app_name = "participation"
urlpatterns = [
    path("micro/", views.micro_mine, name="micro_mine"),
    path("micro/new/", views.micro_submit, name="micro_submit"),
    path("micro/office/", views.micro_office, name="micro_office"),
    path("micro/unit/", views.micro_unit, name="micro_unit"),
    path("micro/stats/", views.micro_stats, name="micro_stats"),
    path("micro/settings/", views.micro_settings, name="micro_settings"),
    path("micro/photos/<int:pk>/", views.micro_photo, name="micro_photo"),
    path("micro/<int:pk>/", views.micro_detail, name="micro_detail"),
    path("micro/<int:pk>/<str:action>/", views.micro_act, name="micro_act"),
    path("studios/", views.studio_list, name="studio_list"),
    path("studios/new/", views.studio_form, name="studio_create"),
    path("studios/<int:pk>/", views.studio_detail, name="studio_detail"),
    path("studios/<int:pk>/edit/", views.studio_form, name="studio_edit"),
    path("studios/<int:pk>/receptions/new/", views.reception_new, name="reception_new"),
    path("receptions/", views.reception_mine, name="reception_mine"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception_detail"),
    path("receptions/<int:pk>/<str:action>/", views.reception_act, name="reception_act"),
    path("campaigns/", campaign_views.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/summary.docx", campaign_views.campaign_summary, name="campaign_summary"),
    path(
        "campaigns/<int:pk>/to-consultation/",
        campaign_views.campaign_to_consultation,
        name="campaign_to_consultation",
    ),
    path("campaigns/<int:pk>/<str:action>/", campaign_views.campaign_act, name="campaign_act"),
    # The public column: no login.
    path("briefings/<int:pk>/meeting/", briefing_views.briefing_meeting, name="briefing_meeting"),
    path("public/<str:code>/", public_views.public_index, name="public_index"),
    path("public/<str:code>/<int:pk>/", public_views.public_campaign, name="public_campaign"),
]
