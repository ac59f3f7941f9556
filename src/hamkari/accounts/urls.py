from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", TemplateView.as_view(template_name="accounts/profile.html"), name="profile"),
    path("otp/setup/", TemplateView.as_view(template_name="accounts/profile.html"), name="otp-setup"),
]
