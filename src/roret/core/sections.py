"""Page sections contributed by the apps, so that a page low in the layers (the citizen page
in people, the follow-up list in plans) shows what higher apps know without importing them.

An app names its contributions in its AppConfig, per hook, as dotted paths to functions::

    class EmploymentConfig(AppConfig):
        sections = {
            "people.citizen_detail": ["roret.employment.sections.citizen_section"],
            "plans.follow_up": ["roret.employment.sections.follow_up_section"],
        }

The page calls ``contributed_sections("people.citizen_detail", access=...)`` and
renders the result with ``{% include "core/_sections.html" %}``. Each function receives the
page's keyword arguments and returns a ``Section`` or None (nothing to show to this user).
A contributing function must run a fixed number of queries and writes no access-log entry:
the page has already logged its one entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def _providers(hook: str) -> list[Callable[..., Section | None]]:
    return [
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "sections", {}).get(hook, ())
    ]


def contributed_sections(hook: str, **kwargs: Any) -> list[Section]:
    sections = [section for provider in _providers(hook) if (section := provider(**kwargs))]
    return sorted(sections, key=lambda section: section.order)
