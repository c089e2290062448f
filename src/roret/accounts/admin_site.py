"""Roret's admin site: administrators administer users and reference data.

Reaching the admin needs an active user with the administrator role (or Django's is_staff,
for the bootstrap superuser) and a verified second factor. Which models they may see is up to
each app's rules: case content is not granted to administrators.
"""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from roret.accounts.second_factor import second_factor_satisfied

ADMINISTRATOR_ROLE = "administrator"
# The reason given when the site itself (not a single model's permission) refuses a user.
GATE_DENIAL = "The admin site is for administrators with a verified second factor."


class RoretAdminSite(admin.AdminSite):
    site_header = _("Roret administration")
    site_title = _("Roret administration")
    index_title = _("Users, roles and organisation")

    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        if not (user.is_authenticated and user.is_active):
            return False
        may_administer = user.is_staff or user.has_role(ADMINISTRATOR_ROLE)
        return bool(may_administer) and second_factor_satisfied(request)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        # Django sends a logged-in user without access back to the admin's login form; Roret
        # has one login page, so such a user gets 403 instead.
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied(GATE_DENIAL)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def get_urls(self) -> list[URLPattern | URLResolver]:
        urls = super().get_urls()
        # Django points LoginRequiredMiddleware at the admin's login form; Roret has one login.
        for url in urls:
            callback = getattr(url, "callback", None)
            if callback is not None and hasattr(callback, "login_url"):
                callback.login_url = settings.LOGIN_URL
        return urls

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Roret has one login page (with the second factor); the admin's form is not used."""
        # Imported here: auth.views loads models, and this module is read while apps load.
        from django.contrib.auth.views import redirect_to_login

        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        return redirect_to_login(target, settings.LOGIN_URL, REDIRECT_FIELD_NAME)


class RoretAdminConfig(AdminConfig):
    default_site = "roret.accounts.admin_site.RoretAdminSite"
