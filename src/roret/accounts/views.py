from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from roret.accounts import selectors, services
from roret.accounts.forms import LoginForm, TokenForm
from roret.accounts.models import User
from roret.accounts.second_factor import otp_not_required, second_factor_satisfied


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


def _staff_user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware has already sent anonymous visitors to the login page.
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if settings.DEMO_MODE:
            return url
        return _with_next("otp_verify", url)


logout = otp_not_required(auth_views.LogoutView.as_view())


@otp_not_required
@never_cache
@sensitive_post_parameters("token")
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the user's authenticator app."""
    next_url = _next_url(request)
    if second_factor_satisfied(request):
        return redirect(next_url)
    user = _staff_user(request)
    if not selectors.has_confirmed_totp(user):
        return redirect(_with_next("otp_setup", next_url))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.second_factor_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(next_url)
        form.add_error("token", _("The code was not accepted. Wait for a new code and try again."))
    return TemplateResponse(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


def _qr_svg(data: str) -> SafeString:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8)
    # The SVG is generated from the device's provisioning URL: only path data, no text.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


@otp_not_required
@never_cache
@sensitive_post_parameters("token")
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment at first login: scan the QR code, then confirm with a first code."""
    next_url = _next_url(request)
    user = _staff_user(request)
    if selectors.has_confirmed_totp(user):
        return redirect(_with_next("otp_verify", next_url))
    device = services.totp_enrolment_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if services.totp_enrolment_confirm(request=request, device=device, token=token):
            return redirect(next_url)
        form.add_error("token", _("The code was not accepted. Check the clock on your phone."))
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": _qr_svg(device.config_url),
        "secret": selectors.totp_secret_for_display(device),
    }
    return TemplateResponse(request, "accounts/otp_setup.html", context)


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lockout answer: the login page with a clear message."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "The account is locked after too many failed login attempts. Try again in "
        "%(minutes)s minutes, or ask an administrator to unlock it."
    ) % {"minutes": minutes}
    context = {"form": LoginForm(request), "next": _next_url(request), "lockout": message}
    # Rendered here: axes calls this from its middleware, after template responses render.
    return render(request, "accounts/login.html", context, status=429)
