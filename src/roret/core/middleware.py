from __future__ import annotations

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
