"""Whether a request has passed the second factor, and how views opt out of needing it.

Kept free of model imports: the admin site module imports it while apps are still loading.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest

ViewT = TypeVar("ViewT", bound=Callable[..., Any])


def otp_not_required(view: ViewT) -> ViewT:
    """Marks a staff view that a user who has only given a password may reach.

    Only the steps of logging in use it (the second-factor pages and logout). The view still
    requires a login; for a public view use Django's ``login_not_required``.
    """
    view.otp_required = False  # type: ignore[attr-defined]
    return view


def view_requires_second_factor(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, "otp_required", True))


def second_factor_satisfied(request: HttpRequest) -> bool:
    """True when the logged-in user has verified a device in this session, or in the demo."""
    if settings.DEMO_MODE:
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())
