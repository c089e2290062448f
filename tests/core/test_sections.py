"""Pages low in the layers show sections that higher apps contribute in their AppConfig."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from roret.core.sections import Section, contributed_sections

pytestmark = pytest.mark.django_db


def first(**kwargs: Any) -> Section:
    return Section("a.html", {"seen": kwargs}, order=20)


def second(**kwargs: Any) -> Section:
    return Section("b.html", order=10)


def nothing(**kwargs: Any) -> None:
    return None


@pytest.fixture
def hooked(monkeypatch: pytest.MonkeyPatch) -> None:
    config = apps.get_app_config("core")
    monkeypatch.setattr(
        config,
        "sections",
        {
            "test.page": [
                "tests.core.test_sections.first",
                "tests.core.test_sections.nothing",
                "tests.core.test_sections.second",
            ]
        },
        raising=False,
    )


def test_sections_come_in_order_with_the_pages_arguments(hooked: None) -> None:
    sections = contributed_sections("test.page", user="u", citizen="c")
    assert [s.template for s in sections] == ["b.html", "a.html"]
    assert sections[1].context == {"seen": {"user": "u", "citizen": "c"}}


def test_a_hook_nobody_contributes_to_gives_no_sections(hooked: None) -> None:
    assert contributed_sections("test.other") == []


def test_employment_contributes_to_the_citizen_page_and_the_follow_up() -> None:
    config = apps.get_app_config("employment")
    assert set(config.sections) == {"people.citizen_detail", "plans.follow_up"}  # type: ignore[attr-defined]
