"""Outreach's home blocks: the worker's latest contacts and open requests (need-to-know as on
the worker's page), and this month's contacts for management (counts only)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from roret.accounts.models import User
from roret.outreach.home import manager_block, worker_block
from roret.outreach.models import ApplicationReferral
from roret.people.models import Citizen
from tests.casework.factories import application, basis
from tests.factories import DepartmentFactory, TeamFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .factories import anonymous_person, contact, outreach_worker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _request(worker: User, citizen: Citizen) -> ApplicationReferral:
    made = contact(worker, citizen=citizen)
    return ApplicationReferral.objects.create(
        contact=made,
        citizen=citizen,
        legal_basis=basis("85"),
        applied_for="Bostøtte",
        reason="Kendt i området",
        team=TeamFactory.create(),
        requested_by=worker,
        requested_on=TODAY - DAY,
    )


def test_the_worker_sees_own_recent_contacts_of_visible_citizens_and_anonymous_persons() -> None:
    worker = outreach_worker()
    department = worker.departments.get()
    seen = CitizenFactory.create()
    link(seen, department)
    newest = contact(worker, citizen=seen, occurred_on=TODAY)
    anonymous = contact(worker, person=anonymous_person(worker), occurred_on=TODAY - DAY)
    contact(worker, citizen=CitizenFactory.create(), occurred_on=TODAY)  # not visible
    contact(worker, citizen=seen, occurred_on=TODAY - 60 * DAY)  # too old
    contact(outreach_worker(department), citizen=seen, occurred_on=TODAY)  # a colleague's
    open_request = _request(worker, seen)
    _request(worker, CitizenFactory.create())  # not visible
    registered = _request(worker, seen)
    registered.application = application(TeamFactory.create(department=department), citizen=seen)
    registered.save()
    section = worker_block(user=worker)
    assert section is not None and len(section.reads) == 2
    home = section.context["home"]
    assert [c.pk for c in home.contacts[:2]] == [newest.pk, anonymous.pk]
    assert home.contacts_total == 4  # with the contacts the requests were made from
    assert [r.pk for r in home.requests] == [open_request.pk]
    assert home.requests_total == 1


def test_management_sees_this_months_contacts_as_counts() -> None:
    worker = outreach_worker()
    citizen = CitizenFactory.create()
    contact(worker, citizen=citizen, occurred_on=TODAY)
    contact(worker, citizen=citizen, occurred_on=TODAY)
    contact(worker, person=anonymous_person(worker), occurred_on=TODAY)
    contact(worker, citizen=citizen, occurred_on=TODAY.replace(day=1) - DAY)  # last month
    manager = UserFactory.create(roles=["manager"], departments=[DepartmentFactory()])
    section = manager_block(user=manager)
    assert section is not None and section.reads == ()
    assert [value for _label, value in section.context["figures"]] == [3, 1, 1]


@pytest.mark.parametrize("roles", [["caseworker"], ["coordinator"], ["team_leader"]])
def test_other_roles_get_no_outreach_blocks(roles: list[str]) -> None:
    user = UserFactory.create(roles=roles, departments=[DepartmentFactory()])
    assert worker_block(user=user) is None
    assert manager_block(user=user) is None
