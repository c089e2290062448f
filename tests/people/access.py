"""Access-matrix entries for the citizen pages (format: tests/access_matrix.py).

Seeing a citizen needs a reason (a link or a consent), not a role; changing the basic data
needs one of the roles that register citizens; the access log needs a role that may read it.
"""

from __future__ import annotations

from django.utils import timezone

from roret.people.models import Citizen, ProblemAreaType
from tests.access_matrix import PAGE, Route, Scope

from .factories import CitizenFactory, consent, link

REGISTERING = {"caseworker", "coordinator", "outreach_worker", "team_leader"}
LOG_READERS = {"caseworker", "coordinator", "team_leader"}


def _linked_citizen(scope: Scope) -> Citizen:
    citizen = CitizenFactory.create()
    link(citizen, scope.department, team=scope.team)
    return citizen


def citizen(scope: Scope) -> dict[str, object]:
    return {"pk": _linked_citizen(scope).pk}


def citizen_with_consent(scope: Scope) -> dict[str, object]:
    linked = _linked_citizen(scope)
    return {"pk": linked.pk, "consent_pk": consent(linked, scope.department).pk}


def citizen_with_problem_area(scope: Scope) -> dict[str, object]:
    linked = _linked_citizen(scope)
    area = linked.problem_areas.create(
        type=ProblemAreaType.objects.get(code="poverty"), started_on=timezone.localdate()
    )
    return {"pk": linked.pk, "area_pk": area.pk}


def _form_page(name: str) -> Route:
    return Route(name, PAGE, roles=REGISTERING, kwargs=citizen, department_scoped=True)


ROUTES = [
    Route("people:citizen_search", PAGE),
    Route("people:citizen_create", PAGE, roles=REGISTERING),
    Route("people:citizen_detail", PAGE, kwargs=citizen, department_scoped=True),
    _form_page("people:citizen_edit"),
    _form_page("people:problem_area_add"),
    _form_page("people:consent_add"),
    _form_page("people:network_party_add"),
    _form_page("people:relation_add"),
    Route(
        "people:consent_revoke",
        PAGE,
        roles=REGISTERING,
        kwargs=citizen_with_consent,
        method="post",
        ok=(302,),
        department_scoped=True,
    ),
    Route(
        "people:problem_area_end",
        PAGE,
        roles=REGISTERING,
        kwargs=citizen_with_problem_area,
        method="post",
        ok=(302,),
        department_scoped=True,
    ),
    Route(
        "people:citizen_access_log",
        PAGE,
        roles=LOG_READERS,
        kwargs=citizen,
        department_scoped=True,
    ),
]
