"""The request type of every staff view: past the login and second-factor middleware, so
``request.user`` is a Roret staff user, never anonymous."""

from __future__ import annotations

from django.http import HttpRequest

from roret.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
