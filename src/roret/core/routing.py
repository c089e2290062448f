"""A view's URL declared beside the view.

Each app's ``urls.py`` used to repeat the same table of ``path(pattern, views.x, name="x")``
lines; the route now stands on the view (``@route("<int:pk>/rediger/")``) where a reader
of the view sees it, and ``urls.py`` collects the module's routes in the order the views
are defined. The URL name is the name the module gives the view unless given; a view made
by a factory (``form_route``) is marked with ``route(...)(form_route(...))``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

from django.urls import URLPattern, path

View = TypeVar("View", bound=Callable[..., Any])

_ATTRIBUTE = "roret_route"


def route(pattern: str, *, name: str | None = None) -> Callable[[View], View]:
    """Marks a view with its URL pattern (relative to the app's prefix) and name."""

    def mark(view: View) -> View:
        setattr(view, _ATTRIBUTE, (pattern, name))
        return view

    return mark


def routes(module: ModuleType) -> list[URLPattern]:
    """The URL patterns of the views marked in ``module``, in the order they are defined."""
    found: list[URLPattern] = []
    seen: set[int] = set()
    for attribute, view in vars(module).items():
        declared = getattr(view, _ATTRIBUTE, None)
        if declared is None or id(view) in seen:
            continue
        seen.add(id(view))
        pattern, name = declared
        found.append(path(pattern, view, name=name or attribute))
    return found
