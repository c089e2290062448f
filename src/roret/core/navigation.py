"""The main menu, assembled from the apps: an app lists its entries in its AppConfig as
``navigation = [NavItem(...)]`` so core never needs to know which apps exist.

An entry with ``group=REPORTS`` is not a menu entry of its own: it is listed on the reports
page (``/rapporter/``), which gets one menu entry when the user may read any report. Each
module's report would otherwise crowd the menu into DKFDS's "Mere" overflow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.apps import AppConfig, apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

REPORTS = "reports"
REPORTS_ORDER = 80


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any  # a lazy translation
    order: int = 100
    visible: Callable[[Any], bool] | None = None
    group: str = ""
    description: Any = ""  # shown on the group's page
    # The name of the permission predicate in the listing app's ``rules`` module that shows
    # the entry, e.g. ``rule="can_refer"``; imported when the menu is drawn (an app's rules
    # import its models, not ready while the AppConfig is read) and tested with
    # ``predicate.test(user)``, so a superuser gets no bypass.
    rule: str = ""


def rule_path(config: AppConfig, item: NavItem) -> str:
    """The dotted path of an entry's ``rule`` (system check E002 imports it)."""
    return f"{config.name}.rules.{item.rule}"


def _shown(config: AppConfig, item: NavItem, user: Any) -> bool:
    if item.rule and not import_string(rule_path(config, item)).test(user):
        return False
    return item.visible is None or item.visible(user)


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool
    description: str = ""


def _visible_items(request: HttpRequest, group: str) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items: list[tuple[AppConfig, NavItem]] = [
        (config, item)
        for config in apps.get_app_configs()
        for item in getattr(config, "navigation", [])
        if item.group == group
    ]
    return [
        item
        for config, item in sorted(items, key=lambda entry: entry[1].order)
        if _shown(config, item, user)
    ]


def _link(request: HttpRequest, url: str, label: Any, description: Any = "") -> NavLink:
    current = request.path == url if url == "/" else request.path.startswith(url)
    return NavLink(url=url, label=str(label), current=current, description=str(description))


def report_links(request: HttpRequest) -> list[NavLink]:
    """The reports this user may read, for the reports page."""
    return [
        _link(request, reverse(item.url_name), item.label, item.description)
        for item in _visible_items(request, REPORTS)
    ]


def main_menu(request: HttpRequest) -> list[NavLink]:
    """The menu, with one entry current: the one whose URL is the longest prefix of the page
    (on /tilbud/visitation/ that is "Visitation", not also "Tilbud")."""
    entries = [
        (item.order, _link(request, reverse(item.url_name), item.label))
        for item in _visible_items(request, "")
    ]
    matched = {id(link): len(link.url) for _order, link in entries if link.current}
    reports = report_links(request)
    if reports:
        url = reverse("reports")
        # A report page lives under its module's prefix; the entry is current there too.
        lengths = [len(r.url) for r in reports if r.current]
        if request.path.startswith(url):
            lengths.append(len(url))
        link = NavLink(url=url, label=str(_("Reports")), current=bool(lengths))
        if lengths:
            matched[id(link)] = max(lengths)
        entries.append((REPORTS_ORDER, link))
    longest = max(matched.values(), default=0)
    return [
        link
        if not link.current or matched.get(id(link)) == longest
        else replace(link, current=False)
        for _order, link in sorted(entries, key=lambda entry: entry[0])
    ]
