"""A citizen's access log: department instead of person for the citizen, one query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from roret.audit.admin import ADMIN_PURPOSE
from roret.audit.selectors import CitizenAccessLogRow, citizen_access_log

from .factories import DepartmentFactory, EntryFactory

pytestmark = pytest.mark.django_db

CITIZEN = 7


@pytest.fixture
def log(actor, department) -> None:
    now = timezone.now()
    EntryFactory.create(
        citizen_id=CITIZEN,
        at=now - timedelta(days=2),
        actor=actor,
        actor_department=department,
        purpose="Sagsbehandling",
    )
    EntryFactory.create(
        citizen_id=CITIZEN,
        at=now - timedelta(days=1),
        actor=None,
        actor_department=None,
        action="update",
        purpose=ADMIN_PURPOSE,
    )
    EntryFactory.create(
        citizen_id=CITIZEN,
        at=now,
        actor=actor,
        actor_department=department,
        granted=False,
        purpose="Adgang nægtet",
    )
    EntryFactory.create(citizen_id=CITIZEN + 1, actor=actor, purpose="Someone else")


def test_staff_see_who_newest_first(log) -> None:
    rows = citizen_access_log(citizen_id=CITIZEN, for_citizen=False)
    assert [(row.actor, row.department, row.action, row.granted) for row in rows] == [
        ("Karen Jensen", "Socialafdelingen", "Opslag", False),
        (None, None, "Ændring", True),
        ("Karen Jensen", "Socialafdelingen", "Opslag", True),
    ]
    assert all(isinstance(row, CitizenAccessLogRow) for row in rows)


def test_the_citizen_sees_the_department_never_the_person(log) -> None:
    rows = citizen_access_log(citizen_id=CITIZEN, for_citizen=True)
    assert [row.actor for row in rows] == [None, None, None]
    assert [row.department for row in rows] == ["Socialafdelingen", None, "Socialafdelingen"]


def test_a_fixed_purpose_is_shown_in_the_readers_language(log) -> None:
    with translation.override("en"):
        english = citizen_access_log(citizen_id=CITIZEN, for_citizen=True)[1]
    danish = citizen_access_log(citizen_id=CITIZEN, for_citizen=True)
    assert english.purpose == ADMIN_PURPOSE
    assert danish[1].purpose not in ("", ADMIN_PURPOSE)
    assert danish[2].purpose == "Sagsbehandling"


def test_limit_and_offset_page_through_the_log(log) -> None:
    first = citizen_access_log(citizen_id=CITIZEN, for_citizen=True, limit=2)
    rest = citizen_access_log(citizen_id=CITIZEN, for_citizen=True, limit=2, offset=2)
    assert (len(first), len(rest)) == (2, 1)
    assert first[0].at > first[1].at > rest[0].at


@pytest.mark.parametrize("for_citizen", [True, False])
def test_one_query_whatever_the_size(actor, for_citizen, django_assert_num_queries) -> None:
    for i in range(30):
        EntryFactory.create(
            citizen_id=CITIZEN,
            actor=actor,
            actor_department=DepartmentFactory.create(name=f"Afdeling {i}"),
        )
    with django_assert_num_queries(1):
        rows = citizen_access_log(citizen_id=CITIZEN, for_citizen=for_citizen, limit=50)
    assert len(rows) == 30
