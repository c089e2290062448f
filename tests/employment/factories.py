"""Frikorts, jobs and earnings for tests, written directly (the services are tested on
their own)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from roret.accounts.models import User
from roret.employment.models import Earning, Frikort, FrikortCap, Job, latest_check_due
from roret.employment.services import earning_year_add
from roret.organisation.models import Department
from roret.people.models import Citizen
from tests.factories import DepartmentFactory, UserFactory

# Valid CVR numbers (modulus 11) of made-up employers.
CVR_A = "13585628"
CVR_B = "10000009"

CAPS = {2024: Decimal("41280.00"), 2025: Decimal("42766.00")}


def caps() -> None:
    """The amounts the data migration writes; a transactional test's flush removes them."""
    for year, amount in CAPS.items():
        FrikortCap.objects.update_or_create(year=year, defaults={"amount": amount})


def jobcentre() -> Department:
    return DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)


def frikort(
    citizen: Citizen,
    *,
    decided_on: datetime.date,
    department: Department | None = None,
    deactivated_on: datetime.date | None = None,
    next_check_due: datetime.date | None = None,
    by: User | None = None,
) -> Frikort:
    department = department or jobcentre()
    return Frikort.objects.create(
        citizen=citizen,
        department=department,
        decided_on=decided_on,
        decided_by=by or UserFactory.create(roles=["caseworker"], departments=[department]),
        last_checked_on=decided_on,
        next_check_due=next_check_due or latest_check_due(decided_on),
        deactivated_on=deactivated_on,
        deactivation_reason="Ikke længere i målgruppen" if deactivated_on else "",
    )


def job(
    citizen: Citizen,
    *,
    starts_on: datetime.date,
    kind: str = Job.Kind.ORDINARY_FRIKORT,
    ends_on: datetime.date | None = None,
    employer_name: str = "Svendborg Cykler ApS",
    department: Department | None = None,
    **kwargs: Any,
) -> Job:
    department = department or jobcentre()
    kwargs.setdefault("employer_cvr", CVR_A)
    kwargs.setdefault("hours_per_week", Decimal("8.0"))
    return Job.objects.create(
        citizen=citizen,
        department=department,
        kind=kind,
        employer_name=employer_name,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=UserFactory.create(roles=["caseworker"], departments=[department]),
        **kwargs,
    )


def earning(card: Frikort, on_job: Job, month: datetime.date, amount: str) -> Earning:
    made = Earning.objects.create(
        frikort=card,
        job=on_job,
        month=month.replace(day=1),
        amount=Decimal(amount),
        registered_by=card.decided_by,
    )
    earning_year_add(citizen_id=card.citizen_id, year=made.month.year, amount=made.amount)
    return made
