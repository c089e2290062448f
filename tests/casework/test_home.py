"""Casework's home blocks and the team leader's list of fast-track requests: each role sees
its block, need-to-know decides which rows, the team leader decides from the home page, and
the queries are fixed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework import home, selectors
from roret.casework.models import Application, FastTrackRequest
from roret.organisation.models import Team
from tests.factories import DepartmentFactory, TeamFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory

from .factories import application, pending_request

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def team() -> Team:
    return TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))


@pytest.fixture
def caseworker(team: Team) -> User:
    return UserFactory.create(roles=["caseworker"], departments=[team.department], teams=[team])


@pytest.fixture
def leader(team: Team) -> User:
    return UserFactory.create(roles=["team_leader"], departments=[team.department], teams=[team])


def _unseen(team: Team, **fields: Any) -> Application:
    """An application in the team whose citizen has no link: nobody may see it."""
    return application(team, citizen=CitizenFactory.create(), **fields)


def test_the_caseworker_sees_own_open_applications_by_deadline_with_the_overdue_counted(
    team: Team, caseworker: User
) -> None:
    later = application(team, caseworker=caseworker, deadline=TODAY + 20 * DAY)
    overdue = application(team, caseworker=caseworker, deadline=TODAY - 2 * DAY)
    application(team, caseworker=caseworker, status="granted", decided_on=TODAY)
    application(team, deadline=TODAY - 5 * DAY)  # a colleague's
    _unseen(team, caseworker=caseworker, deadline=TODAY - 9 * DAY)
    section = home.caseworker_block(user=caseworker)
    assert section is not None
    queue = section.context["queue"]
    assert [a.pk for a in queue.applications] == [overdue.pk, later.pk]
    assert (queue.total, queue.overdue) == (2, 1)
    assert section.reads


@pytest.mark.parametrize(
    "roles", [["team_leader"], ["coordinator"], ["outreach_worker"], ["manager"], ["finance"]]
)
def test_only_the_caseworker_role_gets_the_caseworker_block(team: Team, roles: list[str]) -> None:
    user = UserFactory.create(roles=roles, departments=[team.department], teams=[team])
    assert home.caseworker_block(user=user) is None


@pytest.mark.parametrize("roles", [["caseworker"], ["coordinator"], ["manager"]])
def test_only_the_team_leader_gets_the_fast_track_block(team: Team, roles: list[str]) -> None:
    user = UserFactory.create(roles=roles, departments=[team.department], teams=[team])
    assert home.team_leader_block(user=user) is None


def test_only_management_gets_the_month_figures(team: Team, caseworker: User) -> None:
    manager = UserFactory.create(roles=["manager"], departments=[team.department])
    application(team, received_on=TODAY)
    application(team, received_on=TODAY, status="granted", decided_on=TODAY, deadline=TODAY - DAY)
    application(team, received_on=TODAY - 90 * DAY, deadline=TODAY - DAY)
    section = home.manager_block(user=manager)
    assert section is not None and section.reads == ()
    assert [value for _label, value in section.context["figures"]] == [2, 1, 1, 1]
    assert home.manager_block(user=caseworker) is None


def test_the_team_leader_sees_pending_requests_of_the_teams_own_visible_applications(
    team: Team, leader: User
) -> None:
    first = pending_request(application(team))
    second = pending_request(application(team))
    pending_request(_unseen(team))  # the citizen is not visible to the team leader
    pending_request(application(TeamFactory.create(department=team.department)))  # other team
    pending_request(application(team, status="granted", decided_on=TODAY))  # decided
    decided = pending_request(application(team))
    FastTrackRequest.objects.filter(pk=decided.pk).update(status="approved")
    first.requested_at = timezone.now() - 2 * DAY
    first.save()
    pending = selectors.fast_track_pending(user=leader, log=False)
    assert [r.pk for r in pending.requests] == [first.pk, second.pk]
    assert pending.total == 2 and not pending.truncated


def test_the_overdue_block_counts_the_teams_open_applications(team: Team, leader: User) -> None:
    late = application(team, deadline=TODAY - 3 * DAY)
    application(team, deadline=TODAY + 3 * DAY)
    _unseen(team, deadline=TODAY - 4 * DAY)
    application(TeamFactory.create(department=team.department), deadline=TODAY - 4 * DAY)
    section = home.team_leader_block(user=leader)
    assert section is not None
    overdue = section.context["overdue"]
    assert [a.pk for a in overdue.applications] == [late.pk]
    assert (overdue.total, overdue.overdue) == (2, 1)


def test_the_fast_track_list_is_for_team_leaders(client: Client, caseworker: User) -> None:
    with pytest.raises(PermissionDenied):
        selectors.fast_track_pending(user=caseworker)
    login_staff(client, caseworker)
    assert client.get(reverse("casework:fast_track_pending")).status_code == 403


def test_the_fast_track_list_writes_one_search_entry(
    client: Client, team: Team, leader: User
) -> None:
    made = application(team)
    pending_request(made)
    login_staff(client, leader)
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("casework:fast_track_pending"))
    page = response.content.decode()
    assert "Grøn bølge til godkendelse" in page and made.citizen.full_name in page
    entries = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [(e.action, e.citizen_id, e.object_type) for e in entries] == [
        ("search", None, "casework.application")
    ]


@pytest.mark.parametrize(
    ("back", "decision", "target"),
    [
        ("home", "approve", "home"),
        ("pending", "reject", "casework:fast_track_pending"),
        ("https://example.org/", "approve", "casework:application_detail"),  # never a URL
    ],
)
def test_a_decision_returns_where_it_was_made(
    client: Client, team: Team, leader: User, back: str, decision: str, target: str
) -> None:
    made = application(team)
    request = pending_request(made)
    login_staff(client, leader)
    response = client.post(
        reverse("casework:fast_track_decide", args=[made.pk, request.pk]),
        {"decision": decision, "_version": made.version, "back": back},
    )
    args = [made.pk] if target == "casework:application_detail" else []
    assert response.status_code == 302 and response["Location"] == reverse(target, args=args)
    request.refresh_from_db()
    made.refresh_from_db()
    assert request.status == ("approved" if decision == "approve" else "rejected")
    assert made.fast_track == (decision == "approve")


def _grow(team: Team, caseworker: User, n: int) -> None:
    for i in range(n):
        made = application(team, caseworker=caseworker, deadline=TODAY + (i - 3) * DAY)
        pending_request(made)


def test_the_fast_track_list_runs_a_fixed_number_of_queries(
    client: Client, team: Team, leader: User, caseworker: User
) -> None:
    login_staff(client, leader)
    url = reverse("casework:fast_track_pending")
    _grow(team, caseworker, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(team, caseworker, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_team_leader_is_offered_the_list_in_the_menu(
    client: Client, leader: User, caseworker: User
) -> None:
    url = reverse("casework:fast_track_pending")
    login_staff(client, leader)
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    login_staff(client, caseworker)
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()
