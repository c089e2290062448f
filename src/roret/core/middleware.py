from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control


class DanishFirstLocaleMiddleware:
    """Danish unless the user has chosen another language with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show an
    English UI to every staff member whose PC happens to be set up in English; Roret's
    users work in Danish, and English is an explicit choice (the language cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Every response to a logged-in user may hold personal data: no browser or proxy may keep
    it (a shared computer's cache would show the next user yesterday's citizen)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "max-age" in response.get("Cache-Control", ""):
                del response.headers["Cache-Control"]
            patch_cache_control(response, no_store=True, no_cache=True, private=True)
            response.headers.setdefault("Pragma", "no-cache")
        return response


IDLE_UNTIL = "_idle_until"
# The expiry is moved forward when it has fallen this far behind a full idle period: the
# timeout stays exact to the minute while a user's many requests in one minute write the
# session once, not on every request.
IDLE_RESOLUTION_SECONDS = 60


def start_idle_clock(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """Logging in starts the idle clock, so the first page after it writes nothing more."""
    session = getattr(request, "session", None)
    if session is not None:
        session[IDLE_UNTIL] = time.time() + settings.SESSION_COOKIE_AGE


class IdleClockMiddleware:
    """Keeps the idle timeout without writing the session on every request.

    Right after SessionMiddleware: its response step runs before the session is saved.
    The session holds the moment it expires; when that is more than a minute short of a
    full idle period from now, it is moved forward, which saves the session (and with it
    the database's expiry). A session with no data (an anonymous visitor) is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or not session.session_key:
            return response
        now = time.time()
        full = now + settings.SESSION_COOKIE_AGE
        if session.modified or session.get(IDLE_UNTIL, 0) < full - IDLE_RESOLUTION_SECONDS:
            session[IDLE_UNTIL] = full
        return response
