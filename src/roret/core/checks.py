"""House rules that check themselves at start-up (``roret check`` and every server start).

- every page-section provider an app names in its AppConfig imports;
- every navigation entry reverses to a URL, and the rule that shows it imports;
- every staff route with URL arguments says whether it names citizen data: behind the
  citizen gate (``roret.people.gate.citizen_route``) or marked ``not_citizen_data``. The
  gate sets the attribute ``citizen_gate`` on the view (None for ``not_citizen_data``);
  core reads only that attribute, so it needs no import of the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.apps import apps
from django.core.checks import Error, register
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils.module_loading import import_string

from roret.core.navigation import rule_path

# Django's own admin guards its routes with its own gate (the administrator role).
_OWN_GATES = ("admin",)


def _routes(
    patterns: Iterable[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if entry.namespace and namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from _routes(entry.url_patterns, inner)
        else:
            yield namespace, entry


def _house_rule(check: Callable[[], Iterator[Error]]) -> Callable[..., list[Error]]:
    """A check registered with Django that lists the errors ``check`` finds."""

    def run(app_configs: Any = None, **kwargs: Any) -> list[Error]:
        return list(check())

    run.__name__ = run.__qualname__ = check.__name__
    return register()(run)


def _imports(path: str, *, named: str, id: str) -> Iterator[Error]:
    """An error when the dotted ``path`` does not import; ``named`` says whose it is."""
    try:
        import_string(path)
    except ImportError as exc:
        yield Error(f"{named} does not import: {exc}", id=id)


@_house_rule
def sections_import() -> Iterator[Error]:
    for config in apps.get_app_configs():
        for hook, paths in getattr(config, "sections", {}).items():
            for path in paths:
                named = f"{config.label}: page section {path!r} for {hook!r}"
                yield from _imports(path, named=named, id="roret.E001")


@_house_rule
def navigation_reverses() -> Iterator[Error]:
    for config in apps.get_app_configs():
        for item in getattr(config, "navigation", []):
            try:
                reverse(item.url_name)
            except NoReverseMatch:
                yield Error(
                    f"{config.label}: menu entry {item.url_name!r} names no URL", id="roret.E002"
                )
            if item.rule:
                path = rule_path(config, item)
                named = f"{config.label}: the rule {path!r} of menu entry {item.url_name!r}"
                yield from _imports(path, named=named, id="roret.E002")


@_house_rule
def routes_declare_citizen_data() -> Iterator[Error]:
    for namespace, pattern in _routes(get_resolver().url_patterns):
        if namespace.split(":")[0] in _OWN_GATES or not pattern.pattern.converters:
            continue
        if not hasattr(pattern.callback, "citizen_gate"):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield Error(
                f"{name}: a route with URL arguments must be behind the citizen gate "
                "(roret.people.gate.citizen_route) or marked not_citizen_data",
                id="roret.E003",
            )
