"""Deny by default, proven on every route the URL resolver knows (see tests/access_matrix.py).

The routes are collected from the resolver, not from the matrix: a new route appears here as
a test case by itself and fails until an entry says who may reach it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import override_settings
from django.urls import path

import roret.urls
from roret.accounts.second_factor import view_requires_second_factor
from tests.access_matrix import (
    API,
    PAGE,
    PUBLIC,
    Route,
    RouteGroup,
    check_route,
    load_registry,
    missing_routes,
    stale_entries,
    walk_routes,
)

REGISTRY = load_registry()
ROUTES = walk_routes()


@pytest.mark.django_db
@pytest.mark.parametrize("info", ROUTES, ids=[info.key for info in ROUTES])
def test_route_is_guarded_as_the_matrix_says(info: Any) -> None:
    rule = REGISTRY.rule_for(info)
    assert rule is not None, (
        f"{info.key} ({info.pattern}) has no access-matrix entry: add one to "
        "tests/<app>/access.py (see tests/access_matrix.py)"
    )
    check_route(info, rule)


def test_every_route_has_an_entry() -> None:
    assert missing_routes() == []


def test_every_entry_names_a_route() -> None:
    assert stale_entries() == []


def test_public_routes_are_exactly_the_allowlist() -> None:
    public_in_code = {
        info.key for info in ROUTES if not getattr(info.callback, "login_required", True)
    }
    public_in_matrix = {name for name, route in REGISTRY.routes.items() if route.kind == PUBLIC}
    assert public_in_code == public_in_matrix


def test_routes_open_before_the_second_factor_are_exactly_the_login_steps() -> None:
    open_in_code = {
        info.key
        for info in ROUTES
        if getattr(info.callback, "login_required", True)
        and not view_requires_second_factor(info.callback)
    }
    open_in_matrix = {
        name
        for name, route in REGISTRY.routes.items()
        if route.kind != PUBLIC and not route.second_factor
    }
    assert open_in_code == open_in_matrix == {"otp_verify", "otp_setup", "logout"}


# --- the test of the test: a urlconf with routes the real one does not have ---------------


def _open_to_all(request: HttpRequest) -> HttpResponse:
    return HttpResponse("anyone")


def _api_probe(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [
    *roret.urls.urlpatterns,
    path("ikke-i-matrixen/", _open_to_all, name="unlisted_for_test"),
    path("api/probe/", _api_probe, name="api_probe_for_test"),
]


def _info(key: str) -> Any:
    return next(info for info in walk_routes(__name__) if info.key == key)


@override_settings(ROOT_URLCONF=__name__)
def test_a_route_without_an_entry_is_reported() -> None:
    newly_missing = set(missing_routes(__name__)) - set(missing_routes("roret.urls"))
    assert newly_missing == {"unlisted_for_test", "api_probe_for_test"}
    info = _info("unlisted_for_test")
    assert REGISTRY.rule_for(info) is None
    with pytest.raises(AssertionError, match="unlisted_for_test"):
        test_route_is_guarded_as_the_matrix_says(info)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_ignores_its_roles_fails_the_checks() -> None:
    claims_finance_only = Route("unlisted_for_test", PAGE, roles={"finance"})
    with pytest.raises(AssertionError, match="every role except"):
        check_route(_info("unlisted_for_test"), claims_finance_only)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_api_routes_answer_401_with_a_problem_body() -> None:
    check_route(_info("api_probe_for_test"), Route("api_probe_for_test", API))


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_staff_route_claimed_public_fails_the_checks() -> None:
    with pytest.raises(AssertionError, match="public route"):
        check_route(_info("home"), Route("home", PUBLIC))


def test_admin_routes_are_covered_by_the_admin_group() -> None:
    admin_routes = [info for info in ROUTES if info.namespace == "admin"]
    assert len(admin_routes) > 10
    rules = {type(REGISTRY.rule_for(info)) for info in admin_routes if info.key != "admin:login"}
    assert rules == {RouteGroup}


@pytest.mark.django_db
def test_a_page_showing_a_note_or_a_plan_link_to_finance_fails_the_content_check() -> None:
    """Check 8 itself: the seeded note, goal or a link to the citizen's plan in a page is a
    failure for a role that may not read them, and none for one that may."""
    from django.urls import reverse

    from roret.journal.models import Note
    from roret.plans.models import Goal
    from tests.access_matrix import assert_content_per_role, make_scope, seed_content
    from tests.factories import UserFactory
    from tests.people.factories import CitizenFactory

    scope = make_scope()
    before = CitizenFactory.create().pk
    citizen = CitizenFactory.create()
    seeded = seed_content(before, scope)
    assert [content.citizen_id for content in seeded] == [citizen.pk]
    content = seeded[0]
    assert Note.objects.get(citizen=citizen).text == content.note
    assert Goal.objects.get(plan__citizen=citizen).citizen_wording == content.goal
    finance = UserFactory.create(roles=["finance"], departments=[scope.department])
    caseworker = UserFactory.create(roles=["caseworker"], departments=[scope.department])
    plan_link = f'<a href="{reverse("plans:plan_for_citizen", args=[citizen.pk])}">Plan</a>'
    for body, message in [
        (f"<p>{content.note}</p>", "may not read notes"),
        (f"<p>{content.goal}</p>", "may not read plans"),
        (plan_link, "links to the plan"),
    ]:
        with pytest.raises(AssertionError, match=message):
            assert_content_per_role("probe", "finance", finance, HttpResponse(body), seeded)
        assert_content_per_role("probe", "a caseworker", caseworker, HttpResponse(body), seeded)
    assert_content_per_role("probe", "finance", finance, HttpResponse("<p>Beløb</p>"), seeded)
