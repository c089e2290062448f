from django.urls import path

from roret.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/otp/", views.otp_verify, name="otp_verify"),
    path("login/otp/setup/", views.otp_setup, name="otp_setup"),
    path("logout/", views.logout, name="logout"),
]
