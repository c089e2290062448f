"""Access-matrix entries for the plan pages (format: tests/access_matrix.py).

Seeing a plan follows seeing the citizen (a link or a consent) and needs a role that works
with the citizen (not finance or management); creating plans, goals and interventions needs
a managing role; ratings and agreements a follow-up role."""

from __future__ import annotations

from roret.plans.models import Plan
from tests.access_matrix import PAGE, Route, Scope
from tests.people.factories import CitizenFactory, link

from .factories import agreement, goal, intervention, plan_for

MANAGE = {"coordinator", "caseworker", "team_leader"}
FOLLOW_UP = MANAGE | {"provider_staff", "outreach_worker"}


def _plan(scope: Scope) -> Plan:
    plan = plan_for(department=scope.department, linked=False)
    link(plan.citizen, scope.department, team=scope.team)
    return plan


def plan(scope: Scope) -> dict[str, object]:
    return {"pk": _plan(scope).pk}


def citizen_with_plan(scope: Scope) -> dict[str, object]:
    return {"citizen_pk": _plan(scope).citizen_id}


def citizen(scope: Scope) -> dict[str, object]:
    linked = CitizenFactory.create()
    link(linked, scope.department, team=scope.team)
    return {"citizen_pk": linked.pk}


def plan_with_goal(scope: Scope) -> dict[str, object]:
    made = _plan(scope)
    return {"pk": made.pk, "goal_pk": goal(made).pk}


def plan_with_intervention(scope: Scope) -> dict[str, object]:
    made = _plan(scope)
    return {"pk": made.pk, "intervention_pk": intervention(made, scope.department).pk}


def plan_with_agreement(scope: Scope) -> dict[str, object]:
    made = _plan(scope)
    return {"pk": made.pk, "agreement_pk": agreement(made).pk}


ROUTES = [
    Route("plans:follow_up", PAGE),
    Route(
        "plans:plan_for_citizen",
        PAGE,
        roles=FOLLOW_UP,
        kwargs=citizen_with_plan,
        ok=(302,),
        department_scoped=True,
    ),
    Route("plans:plan_create", PAGE, roles=MANAGE, kwargs=citizen, department_scoped=True),
    Route("plans:plan_detail", PAGE, roles=FOLLOW_UP, kwargs=plan, department_scoped=True),
    Route("plans:plan_pdf", PAGE, roles=FOLLOW_UP, kwargs=plan, department_scoped=True),
    Route("plans:goal_add", PAGE, roles=MANAGE, kwargs=plan, department_scoped=True),
    Route("plans:goal_edit", PAGE, roles=MANAGE, kwargs=plan_with_goal, department_scoped=True),
    Route("plans:rating_add", PAGE, roles=FOLLOW_UP, kwargs=plan_with_goal, department_scoped=True),
    Route("plans:intervention_add", PAGE, roles=MANAGE, kwargs=plan, department_scoped=True),
    Route(
        "plans:intervention_status",
        PAGE,
        roles=MANAGE,
        kwargs=plan_with_intervention,
        department_scoped=True,
    ),
    Route("plans:agreement_add", PAGE, roles=FOLLOW_UP, kwargs=plan, department_scoped=True),
    Route(
        "plans:agreement_resolve",
        PAGE,
        roles=FOLLOW_UP,
        kwargs=plan_with_agreement,
        method="post",
        data=lambda scope: {"status": "kept"},
        ok=(302,),
        department_scoped=True,
    ),
]
