from django.contrib.auth import views as auth_views
from django.urls import path

from . import login, security_views, twofactor, views

urlpatterns = [
    path("login/", login.LoginView.as_view(), name="login"),
    path("login/verify/", login.login_verify, name="login-verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", security_views.password_change, name="password-change"),
    path("account/2fa/", twofactor.twofactor_manage, name="twofactor"),
    path("account/2fa/recovery/", twofactor.recovery_regenerate, name="twofactor-recovery"),
    path("account/2fa/disable/", twofactor.twofactor_disable, name="twofactor-disable"),
    path("security/events/", security_views.security_events, name="security-events"),
    path("security/lockouts/", security_views.lockouts, name="security-lockouts"),
    path("security/lockouts/unlock/", security_views.lockout_unlock, name="security-unlock"),
    path("security/2fa-reset/", security_views.twofactor_reset, name="security-2fa-reset"),
    path("account/api-keys/", views.apikeys, name="apikeys"),
]
