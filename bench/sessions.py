"""Logged-in, second-factor-verified sessions for the benchmark users, made directly.

The benchmark users are seeded staff (demo password, no authenticator yet). Rather than
drive the login form with a TOTP code thousands of times, the harness writes each user's
session the way a completed login leaves it: Django's auth keys (user id, backend, session
hash) plus django-otp's verified device id, for a confirmed TOTP device it enrols for the
user. Every request then passes the same middleware as a real staff user's: the session is
read from the database, the user loaded, the second factor checked. Only the login itself
is not measured.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from roret.accounts.models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Login:
    session_cookie: str
    session_key: str


def verified_session(user: User) -> Login:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = MODEL_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return Login(session_cookie=settings.SESSION_COOKIE_NAME, session_key=store.session_key)


def csrf_secret() -> str:
    """A CSRF cookie value; the same value is accepted as the form's token (Django checks the
    unmasked secret against the cookie)."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(32))
