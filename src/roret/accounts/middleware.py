"""Deny by default, beyond Django's LoginRequiredMiddleware.

LoginRequiredMiddleware sends anonymous visitors of a page to the login page. This middleware
runs just before it and adds what Roret needs on top:

* the API answers an anonymous caller with 401 and a problem body instead of a redirect;
* a user who has given a password but not yet a second factor reaches no staff view: pages
  redirect to the second-factor step, the API answers 401.

Public views (``login_not_required``) pass untouched; the steps of logging in are marked with
``otp_not_required``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from roret.accounts.problems import is_api_path, problem_response
from roret.accounts.second_factor import second_factor_satisfied, view_requires_second_factor


class StaffAccessMiddleware(MiddlewareMixin):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True):
            return None
        if not request.user.is_authenticated:
            if is_api_path(request.path_info):
                return problem_response(
                    status=401,
                    title=_("Authentication required"),
                    detail=_("Log in to use the API."),
                )
            return None
        if not view_requires_second_factor(view_func) or second_factor_satisfied(request):
            return None
        if is_api_path(request.path_info):
            return problem_response(
                status=401,
                title=_("Two-factor verification required"),
                detail=_("Complete the two-factor step of the login first."),
            )
        return redirect_to_login(
            request.get_full_path(), reverse("otp_verify"), REDIRECT_FIELD_NAME
        )
