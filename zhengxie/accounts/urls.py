from django.urls import path

from . import activation_views, preferences, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("password/", views.password_change, name="password_change"),
    path("privacy/", views.privacy, name="privacy"),
    path("profile/", views.profile, name="profile"),
    path("security/", views.security, name="security"),
    path("activate/", activation_views.activate, name="activate"),
    path("font-size/", preferences.font_size_view, name="font_size"),
]
