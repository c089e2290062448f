"""House rules that check themselves at start-up (``roret check`` and every server start).

- every page-section provider an app names in its AppConfig imports;
- every navigation entry reverses to a URL, and the rule that shows it imports;
- every staff route with URL arguments says whether it names citizen data: behind the
  citizen gate (``roret.people.gate.citizen_route``) or marked ``not_citizen_data``. The
  gate sets the attribute ``citizen_gate`` on the view (None for ``not_citizen_data``);
  core reads only that attribute, so it needs no import of the apps above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


@register()
def sections_import(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for config in apps.get_app_configs():
        for hook, paths in getattr(config, "sections", {}).items():
            for path in paths:
                try:
                    import_string(path)
                except ImportError as exc:
                    errors.append(
                        Error(
                            f"{config.label}: page section {path!r} for {hook!r} does not "
                            f"import: {exc}",
                            id="roret.E001",
                        )
                    )
    return errors


@register()
def navigation_reverses(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for config in apps.get_app_configs():
        for item in getattr(config, "navigation", []):
            try:
                reverse(item.url_name)
            except NoReverseMatch:
                errors.append(
                    Error(
                        f"{config.label}: menu entry {item.url_name!r} names no URL",
                        id="roret.E002",
                    )
                )
            if not item.rule:
                continue
            path = rule_path(config, item)
            try:
                import_string(path)
            except ImportError as exc:
                errors.append(
                    Error(
                        f"{config.label}: the rule {path!r} of menu entry {item.url_name!r} "
                        f"does not import: {exc}",
                        id="roret.E002",
                    )
                )
    return errors


@register()
def routes_declare_citizen_data(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for namespace, pattern in _routes(get_resolver().url_patterns):
        if namespace.split(":")[0] in _OWN_GATES or not pattern.pattern.converters:
            continue
        if not hasattr(pattern.callback, "citizen_gate"):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            errors.append(
                Error(
                    f"{name}: a route with URL arguments must be behind the citizen gate "
                    "(roret.people.gate.citizen_route) or marked not_citizen_data",
                    id="roret.E003",
                )
            )
    return errors
