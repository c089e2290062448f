"""Need-to-know follows a grant's dates by the query itself: no scheduled job flips anything,
so a grant that starts or ends on a date is visible exactly from and until that date. The
clock is frozen (and moved) with time-machine; nothing runs in between."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from roret.people.access import citizen_for, citizens_visible_to, may_see
from roret.people.services import citizen_link_end, citizen_link_register
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory

# Midday, so that moving a day never crosses midnight in either time zone.
NOON = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)


def _sees(user, citizen) -> bool:
    listed = citizens_visible_to(user).filter(pk=citizen.pk).exists()
    assert listed == may_see(user, citizen.pk)
    try:
        citizen_for(user=user, citizen_id=citizen.pk, purpose="test")
    except Http404:
        assert not listed
        return False
    assert listed
    return True


@pytest.mark.django_db
def test_a_grant_starting_tomorrow_gives_access_from_tomorrow() -> None:
    department = DepartmentFactory.create()
    user = UserFactory.create(roles=["caseworker"], departments=[department])
    citizen = CitizenFactory.create()
    with time_machine.travel(NOON, tick=False) as clock:
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        citizen_link_register(
            citizen=citizen,
            department=department,
            source_type="test.case",
            source_id="1",
            starts_on=tomorrow,
        )
        assert not _sees(user, citizen)
        clock.shift(datetime.timedelta(days=1))
        assert timezone.localdate() == tomorrow
        assert _sees(user, citizen)


@pytest.mark.django_db
def test_a_grant_ending_today_gives_access_until_today_and_not_after() -> None:
    department = DepartmentFactory.create()
    user = UserFactory.create(roles=["caseworker"], departments=[department])
    citizen = CitizenFactory.create()
    with time_machine.travel(NOON, tick=False) as clock:
        today = timezone.localdate()
        citizen_link_register(
            citizen=citizen,
            department=department,
            source_type="test.case",
            source_id="2",
            starts_on=today - datetime.timedelta(days=30),
        )
        citizen_link_end(source_type="test.case", source_id="2", ends_on=today)
        assert _sees(user, citizen)
        clock.shift(datetime.timedelta(days=1))
        assert not _sees(user, citizen)
