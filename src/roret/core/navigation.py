"""The main menu, assembled from the apps: an app lists its entries in its AppConfig as
``navigation = [NavItem(...)]`` so core never needs to know which apps exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any  # a lazy translation
    order: int = 100
    visible: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool


def main_menu(request: HttpRequest) -> list[NavLink]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items: list[NavItem] = [
        item for config in apps.get_app_configs() for item in getattr(config, "navigation", [])
    ]
    links = []
    for item in sorted(items, key=lambda i: i.order):
        if item.visible is not None and not item.visible(user):
            continue
        url = reverse(item.url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        links.append(NavLink(url=url, label=str(item.label), current=current))
    return links
