"""Offers' home blocks: provider staff's referrals awaiting an answer (as in the intake
queue) and today's course sessions, and this month's figures for management."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from roret.offers.home import manager_block, provider_block
from roret.offers.models import Referral
from tests.factories import DepartmentFactory, UserFactory

from .factories import course_run, enrolment, offer, referral

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_provider_staff_see_pending_referrals_and_todays_sessions_of_their_offers() -> None:
    department = DepartmentFactory.create()
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    ours = offer(department)
    oldest = referral(ours, referred_on=TODAY - 5 * DAY)
    newer = referral(ours, referred_on=TODAY - DAY)
    referral(ours, linked=False)  # the citizen is not visible
    referral(ours, status=Referral.Status.ACCEPTED)
    referral(offer(DepartmentFactory.create()))  # another department's offer
    run = course_run(ours, sessions=2)  # the first session is today
    course_run(offer(DepartmentFactory.create()))
    section = provider_block(user=staff)
    assert section is not None and section.reads
    home = section.context["home"]
    assert [r.pk for r in home.referrals] == [oldest.pk, newer.pk]
    assert home.referrals_total == 2
    assert [s.course_run_id for s in home.sessions] == [run.pk]


def test_management_sees_this_months_referrals_and_enrolments() -> None:
    department = DepartmentFactory.create()
    ours = offer(department)
    referral(ours)
    enrolment(ours, starts_on=TODAY)
    enrolment(ours, starts_on=TODAY.replace(day=1) - 40 * DAY)
    manager = UserFactory.create(roles=["manager"], departments=[department])
    section = manager_block(user=manager)
    assert section is not None and section.reads == ()
    assert [value for _label, value in section.context["figures"]] == [1, 1, 0]


@pytest.mark.parametrize("roles", [["caseworker"], ["team_leader"], ["coordinator"]])
def test_other_roles_get_no_offers_blocks(roles: list[str]) -> None:
    user = UserFactory.create(roles=roles, departments=[DepartmentFactory()])
    assert provider_block(user=user) is None
    assert manager_block(user=user) is None
