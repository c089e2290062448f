"""Plans, goals, interventions and agreements for tests, written directly (the services are
tested on their own)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from roret.accounts.models import User
from roret.organisation.models import Department
from roret.people.models import Citizen
from roret.plans.models import Agreement, Goal, Intervention, Plan, Rating
from tests.factories import UserFactory
from tests.people.factories import CitizenFactory, link


def plan_for(
    citizen: Citizen | None = None,
    *,
    department: Department,
    coordinator: User | None = None,
    linked: bool = True,
) -> Plan:
    citizen = citizen or CitizenFactory.create()
    if linked:
        link(citizen, department)
    coordinator = coordinator or UserFactory.create(roles=["coordinator"], departments=[department])
    return Plan.objects.create(citizen=citizen, coordinator=coordinator, department=department)


def goal(plan: Plan, **kwargs: Any) -> Goal:
    kwargs.setdefault("citizen_wording", "Jeg vil have min egen lejlighed")
    kwargs.setdefault("life_area", Goal.LifeArea.HOUSING)
    kwargs.setdefault("scale", Goal.Scale.LADDER)
    return Goal.objects.create(plan=plan, **kwargs)


def rating(goal_: Goal, value: int | None, *, by: User, days_ago: int = 0) -> Rating:
    return Rating.objects.create(
        goal=goal_,
        value=value,
        rated_by=Rating.RatedBy.CITIZEN,
        rated_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        recorded_by=by,
    )


def intervention(plan: Plan, department: Department, **kwargs: Any) -> Intervention:
    kwargs.setdefault("description", "Bostøtte to gange om ugen")
    kwargs.setdefault("starts_on", timezone.localdate())
    kwargs.setdefault("status", Intervention.Status.ACTIVE)
    return Intervention.objects.create(plan=plan, department=department, **kwargs)


def agreement(plan: Plan, **kwargs: Any) -> Agreement:
    kwargs.setdefault("description", "Ringe til boligselskabet")
    kwargs.setdefault("responsible", Agreement.Responsible.CITIZEN)
    kwargs.setdefault("due_on", timezone.localdate())
    return Agreement.objects.create(plan=plan, **kwargs)
