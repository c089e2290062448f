"""Outreach objects made directly (without the services) for tests that need many."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from roret.accounts.models import User
from roret.organisation.models import Area, Department
from roret.outreach.models import AnonymousPerson, CaseloadEntry, Contact
from roret.people.models import Citizen
from tests.factories import AreaFactory, DepartmentFactory, UserFactory


def outreach_worker(department: Department | None = None, **kwargs: Any) -> User:
    department = department or DepartmentFactory.create()
    return UserFactory.create(roles=["outreach_worker"], departments=[department], **kwargs)


def anonymous_person(
    worker: User, *, area: Area | None = None, first_met_on: datetime.date | None = None
) -> AnonymousPerson:
    return AnonymousPerson.objects.create(
        alias="Kasketten",
        description="Mand omkring 40, ofte ved kiosken",
        area=area or AreaFactory.create(),
        first_met_on=first_met_on or timezone.localdate() - datetime.timedelta(days=20),
        department_id=min(worker.department_ids),
        created_by=worker,
    )


def contact(
    worker: User,
    *,
    area: Area | None = None,
    citizen: Citizen | None = None,
    person: AnonymousPerson | None = None,
    occurred_on: datetime.date | None = None,
    **fields: Any,
) -> Contact:
    return Contact.objects.create(
        occurred_on=occurred_on or timezone.localdate() - datetime.timedelta(days=5),
        area=area or (person.area if person else AreaFactory.create()),
        place=Contact.Place.STREET,
        staff=worker,
        department_id=min(worker.department_ids),
        citizen=citizen,
        anonymous_person=person,
        topics=["housing"],
        next_step=fields.pop("next_step", "Følge med til jobcentret"),
        **fields,
    )


def caseload(
    citizen: Citizen,
    *,
    worker: User | None = None,
    area: Area | None = None,
    starts_on: datetime.date | None = None,
    **fields: Any,
) -> CaseloadEntry:
    department = fields.pop("department", None)
    if department is None:
        department = fields["team"].department if fields.get("team") else None
    if department is None and worker is not None:
        department = worker.departments.first()
    return CaseloadEntry.objects.create(
        citizen=citizen,
        worker=worker,
        department=department,
        area=area or AreaFactory.create(),
        starts_on=starts_on or timezone.localdate() - datetime.timedelta(days=60),
        created_by=worker or UserFactory.create(),
        **fields,
    )
