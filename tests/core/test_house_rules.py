"""The house rules that check themselves at start-up (roret.core.checks)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path

import roret.urls
from roret.core import checks
from roret.core.navigation import NavItem
from roret.people.gate import not_citizen_data


def test_the_product_keeps_its_house_rules() -> None:
    assert checks.sections_import() == []
    assert checks.navigation_reverses() == []
    assert checks.routes_declare_citizen_data() == []


def _unmarked(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("?")


@not_citizen_data
def _marked(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    *roret.urls.urlpatterns,
    path("probe/<int:pk>/", _unmarked, name="unmarked_probe"),
    path("probe/<int:pk>/ok/", _marked, name="marked_probe"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_route_with_arguments_that_says_nothing_about_citizen_data_is_an_error() -> None:
    errors = [e for e in checks.routes_declare_citizen_data() if "_probe" in e.msg]
    assert [e.id for e in errors] == ["roret.E003"]
    assert "unmarked_probe" in errors[0].msg


def _config(**attrs: Any) -> Any:
    return SimpleNamespace(label="probe", name="probe", **attrs)


def test_a_section_that_does_not_import_and_a_menu_entry_without_a_url_are_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = _config(
        sections={"people.citizen_detail": ["roret.nowhere.section"]},
        navigation=[
            NavItem("no_such_url", "?"),
            NavItem("home", "?", rule="can_see"),
        ],
    )
    monkeypatch.setattr(checks.apps, "get_app_configs", lambda: [bad])
    assert [e.id for e in checks.sections_import()] == ["roret.E001"]
    errors = checks.navigation_reverses()
    assert [e.id for e in errors] == ["roret.E002", "roret.E002"]
    assert "no_such_url" in errors[0].msg and "probe.rules.can_see" in errors[1].msg
