from django.urls import path

from hamkari.accounts import views, views_tokens

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.otp_verify, name="otp-verify"),
    path("otp/setup/", views.otp_setup, name="otp-setup"),
    path("otp/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("otp/recovery-codes/new/", views.recovery_codes_regenerate, name="recovery-codes-regenerate"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("tokens/", views_tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token-revoke"),
]
