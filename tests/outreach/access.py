"""Access-matrix entries for the outreach pages (format: tests/access_matrix.py).

Outreach workers and coordinators record contacts; a known citizen's contact follows
need-to-know, an anonymous person belongs to the department that met them. Caseworkers and
team leaders register the requested applications; managers and team leaders see the area
overview and the report; coordinators and team leaders the team caseload.

The routes about a person who may still be anonymous (``roret.outreach.gate.person_route``)
are citizen data once the person is identified: the matrix checks them with an identified
person, so that every request leaves its one access-log entry. The anonymous case (no
entry for a granted read, a logged refusal) is tested in tests/outreach/test_gate.py."""

from __future__ import annotations

from roret.accounts.models import User
from roret.outreach.models import ApplicationReferral, CaseloadEntry, Contact
from roret.people.models import Citizen
from tests.access_matrix import PAGE, Route, Scope
from tests.casework.factories import basis
from tests.people.factories import CitizenFactory, link
from tests.plans.factories import plan_for

from .factories import anonymous_person, caseload, contact, outreach_worker

RECORD = {"outreach_worker", "coordinator"}
REGISTER = {"caseworker", "team_leader"}
OVERVIEW = {"manager", "team_leader"}
TEAM = {"coordinator", "team_leader"}


def _citizen(scope: Scope) -> Citizen:
    made = CitizenFactory.create()
    link(made, scope.department, team=scope.team)
    return made


def _worker(scope: Scope) -> User:
    return outreach_worker(scope.department)


def _anonymous_contact(scope: Scope) -> Contact:
    worker = _worker(scope)
    return contact(worker, person=anonymous_person(worker))


def anonymous_contact(scope: Scope) -> dict[str, object]:
    return {"pk": _anonymous_contact(scope).pk}


def person(scope: Scope) -> dict[str, object]:
    return {"pk": _anonymous_contact(scope).anonymous_person_id}


def _identified_contact(scope: Scope) -> Contact:
    """A contact first made anonymously, with a person since identified as a citizen the
    scope's department has a reason to see."""
    made = _anonymous_contact(scope)
    person = made.anonymous_person
    assert person is not None
    person.citizen = made.citizen = _citizen(scope)
    person.identified_on = made.occurred_on
    person.save()
    made.save()
    return made


def identified_contact(scope: Scope) -> dict[str, object]:
    return {"pk": _identified_contact(scope).pk}


def identified_person(scope: Scope) -> dict[str, object]:
    return {"pk": _identified_contact(scope).anonymous_person_id}


def citizen_contact(scope: Scope) -> dict[str, object]:
    return {"pk": contact(_worker(scope), citizen=_citizen(scope)).pk}


def citizen_contact_with_plan(scope: Scope) -> dict[str, object]:
    made = contact(_worker(scope), citizen=_citizen(scope))
    assert made.citizen is not None
    plan_for(made.citizen, department=scope.department, linked=False)
    return {"pk": made.pk}


def citizen(scope: Scope) -> dict[str, object]:
    return {"citizen_pk": _citizen(scope).pk}


def team_entry(scope: Scope) -> dict[str, object]:
    entry: CaseloadEntry = caseload(_citizen(scope), team=scope.team)
    return {"pk": entry.pk}


def worker(scope: Scope) -> dict[str, object]:
    return {"pk": _worker(scope).pk}


def referral(scope: Scope) -> dict[str, object]:
    worker = _worker(scope)
    made = contact(worker, citizen=_citizen(scope))
    assert made.citizen is not None
    row = ApplicationReferral.objects.create(
        contact=made,
        citizen=made.citizen,
        legal_basis=basis("85"),
        applied_for="Bostøtte",
        reason="Grøn bølge",
        team=scope.team,
        requested_by=worker,
        requested_on=made.occurred_on,
    )
    return {"pk": row.pk}


ROUTES = [
    Route("outreach:contact_list", PAGE, roles=RECORD),
    Route("outreach:contact_create", PAGE, roles=RECORD),
    Route(
        "outreach:contact_detail",
        PAGE,
        roles=RECORD,
        kwargs=identified_contact,
        department_scoped=True,
    ),
    Route(
        "outreach:referral_create",
        PAGE,
        roles=RECORD,
        kwargs=citizen_contact,
        department_scoped=True,
    ),
    Route(
        "outreach:agreement_create",
        PAGE,
        roles=RECORD,
        kwargs=citizen_contact_with_plan,
        department_scoped=True,
    ),
    Route(
        "outreach:offer_referral_create",
        PAGE,
        roles=RECORD,
        kwargs=citizen_contact,
        department_scoped=True,
    ),
    Route(
        "outreach:person_detail",
        PAGE,
        roles=RECORD,
        kwargs=identified_person,
        department_scoped=True,
    ),
    # An identified person's contact is recorded on the citizen: sent there.
    Route(
        "outreach:person_contact_create",
        PAGE,
        roles=RECORD,
        kwargs=identified_person,
        ok=(302,),
        department_scoped=True,
    ),
    # Identified already: sent back to the person's page.
    Route(
        "outreach:person_identify",
        PAGE,
        roles=RECORD,
        kwargs=identified_person,
        ok=(302,),
        department_scoped=True,
    ),
    Route(
        "outreach:citizen_contact_create",
        PAGE,
        roles=RECORD,
        kwargs=citizen,
        department_scoped=True,
    ),
    Route("outreach:caseload_start", PAGE, roles=RECORD, kwargs=citizen, department_scoped=True),
    Route(
        "outreach:caseload_end",
        PAGE,
        roles=RECORD,
        kwargs=team_entry,
        method="post",
        ok=(302,),
        department_scoped=True,
    ),
    Route("outreach:team_caseload", PAGE, roles=TEAM),
    Route("outreach:referral_inbox", PAGE, roles=REGISTER),
    Route(
        "outreach:referral_register",
        PAGE,
        roles=REGISTER,
        kwargs=referral,
        method="post",
        ok=(302,),
        department_scoped=True,
    ),
    Route("outreach:area_overview", PAGE, roles=OVERVIEW),
    Route("outreach:worker_place", PAGE, roles=OVERVIEW, kwargs=worker),
    Route("outreach:report", PAGE, roles=OVERVIEW),
    Route("outreach:report_xlsx", PAGE, roles=OVERVIEW),
    Route("outreach:report_pdf", PAGE, roles=OVERVIEW),
]
