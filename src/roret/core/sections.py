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
the page has already logged its one entry.

A page made only of sections (the home page, hook ``core.home``) has no gate to log for it.
A section that lists citizens says so in ``reads`` (the criteria, e.g. "My open
applications"); the page then calls ``record_page_read``, which writes the page's one entry
through the recorder an app above ``audit`` lists under the hook ``core.page_read``
(people)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    # What the section lists of citizens, as criteria of the page's access-log entry (str or
    # lazy translations, stored in Danish); empty when it lists none (counts, figures). Like
    # a list page, a list logs also when it is empty today, so a page's queries stay fixed.
    reads: tuple[Any, ...] = ()


PAGE_READ_HOOK = "core.page_read"


def figures_section(
    *, id: str, heading: Any, figures: list[tuple[Any, int]], url: str, link: Any, order: int
) -> Section:
    """A block of key figures (no citizen) with a link to the report they come from."""
    context = {"id": id, "heading": heading, "figures": figures, "url": url, "link": link}
    return Section("core/_home_figures.html", context, order=order)


class _Predicate(Protocol):
    def test(self, user: Any) -> bool: ...


def role_block(
    predicate: _Predicate,
    template: str,
    context: Callable[[Any], dict[str, Any]],
    *,
    order: int,
    reads: tuple[Any, ...],
) -> Callable[..., Section | None]:
    """A home block for the users ``predicate`` admits (a role): ``context(user)`` reads what
    ``template`` shows and ``reads`` names it for the page's access-log entry. Everyone
    else gets no block and no read."""

    def block(*, user: Any) -> Section | None:
        if not predicate.test(user):
            return None
        return Section(template, context(user), order=order, reads=reads)

    return block


def _providers(hook: str) -> list[Callable[..., Section | None]]:
    return [
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "sections", {}).get(hook, ())
    ]


def contributed_sections(hook: str, **kwargs: Any) -> list[Section]:
    sections = [section for provider in _providers(hook) if (section := provider(**kwargs))]
    return sorted(sections, key=lambda section: section.order)


def record_page_read(*, user: Any, purpose: Any, sections: list[Section]) -> None:
    """One access-log entry for a page whose sections list citizens, naming what they list;
    none when no section shows a citizen. Exactly one app records (people)."""
    criteria = [criterion for section in sections for criterion in section.reads]
    if not criteria:
        return
    recorders = _providers(PAGE_READ_HOOK)
    if len(recorders) != 1:
        raise ImproperlyConfigured(f"Exactly one app must list a {PAGE_READ_HOOK!r} recorder")
    recorders[0](user=user, purpose=purpose, criteria=criteria)
