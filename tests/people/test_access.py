"""Need-to-know: who sees which citizen."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from roret.people.access import citizen_for, citizens_visible_to
from roret.people.services import consent_link_keep
from tests.factories import DepartmentFactory, TeamFactory, UserFactory

from .factories import CitizenFactory, consent, link

pytestmark = pytest.mark.django_db


@pytest.fixture
def social():
    return DepartmentFactory.create(name="Socialafdeling myndighed")


@pytest.fixture
def jobcentre():
    return DepartmentFactory.create(name="Jobcenter")


def test_a_department_with_an_active_link_sees_the_citizen(social, jobcentre) -> None:
    citizen = CitizenFactory.create()
    link(citizen, social)
    caseworker = UserFactory.create(roles=["caseworker"], departments=[social])
    stranger = UserFactory.create(roles=["caseworker"], departments=[jobcentre])

    assert list(citizens_visible_to(caseworker)) == [citizen]
    access = citizen_for(user=caseworker, citizen_id=citizen.pk, purpose="Test")
    assert access.department_id == social.pk
    assert list(citizens_visible_to(stranger)) == []


def test_a_team_link_gives_the_team_access(social) -> None:
    team = TeamFactory.create(department=social)
    citizen = CitizenFactory.create()
    link(citizen, social, team=team)
    member = UserFactory.create(roles=["outreach_worker"], teams=[team])
    assert list(citizens_visible_to(member)) == [citizen]


def test_ended_and_future_links_give_no_access(social) -> None:
    today = timezone.localdate()
    ended = CitizenFactory.create()
    link(
        ended,
        social,
        starts_on=today - datetime.timedelta(days=90),
        ends_on=today - datetime.timedelta(days=1),
    )
    future = CitizenFactory.create()
    link(future, social, starts_on=today + datetime.timedelta(days=1))
    user = UserFactory.create(roles=["caseworker"], departments=[social])
    assert list(citizens_visible_to(user)) == []


def test_a_valid_consent_covers_the_department_until_it_is_revoked(social, jobcentre) -> None:
    citizen = CitizenFactory.create()
    link(citizen, social)
    given = consent(citizen, jobcentre)
    jobcentre_user = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    assert list(citizens_visible_to(jobcentre_user)) == [citizen]

    given.revoked_at = timezone.now()
    given.save()
    consent_link_keep(given)
    assert list(citizens_visible_to(jobcentre_user)) == []


def test_an_expired_consent_gives_no_access(jobcentre) -> None:
    citizen = CitizenFactory.create()
    today = timezone.localdate()
    consent(
        citizen,
        jobcentre,
        valid_from=today - datetime.timedelta(days=60),
        valid_to=today - datetime.timedelta(days=1),
    )
    user = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    assert list(citizens_visible_to(user)) == []


def test_roles_do_not_widen_access(social) -> None:
    citizen = CitizenFactory.create()
    link(citizen, social)
    manager = UserFactory.create(roles=["manager"], departments=[DepartmentFactory.create()])
    admin = UserFactory.create(roles=["administrator"], is_superuser=True, is_staff=True)
    assert list(citizens_visible_to(manager)) == []
    assert list(citizens_visible_to(admin)) == []


def test_visibility_runs_in_one_query_whatever_the_number_of_links(
    social, django_assert_num_queries
) -> None:
    user = UserFactory.create(roles=["caseworker"], departments=[social])
    for _ in range(5):
        link(CitizenFactory.create(), social)
    user = type(user).objects.get(pk=user.pk)
    _ = user.department_ids, user.team_ids
    with django_assert_num_queries(1):
        assert len(list(citizens_visible_to(user))) == 5
