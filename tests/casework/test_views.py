"""Casework pages: queues ordered fast track first, one access-log entry per page, filters
in GET without CPR, Danish form errors, and a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import Application
from roret.organisation.models import Team
from tests.factories import DepartmentFactory, TeamFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory, link

from .factories import application, basis

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def team() -> Team:
    return TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))


@pytest.fixture
def caseworker(team: Team) -> User:
    return UserFactory.create(roles=["caseworker"], departments=[team.department], teams=[team])


@pytest.fixture
def staff_client(client: Client, caseworker: User) -> Client:
    return login_staff(client, caseworker)


def _new_entries(before: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(id__gt=before).order_by("id"))


def _last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_the_queue_puts_fast_track_first_then_the_nearest_deadline(
    staff_client: Client, caseworker: User, team: Team
) -> None:
    later = application(team, caseworker=caseworker, deadline=TODAY + datetime.timedelta(days=30))
    overdue = application(team, caseworker=caseworker, deadline=TODAY - datetime.timedelta(days=2))
    fast = application(
        team, caseworker=caseworker, deadline=TODAY + datetime.timedelta(days=40), fast_track=True
    )
    application(team, caseworker=caseworker, status="granted", decided_on=TODAY)
    before = _last_id()
    response = staff_client.get(reverse("casework:my_queue"))
    assert [a.pk for a in response.context["queue"].applications] == [
        fast.pk,
        overdue.pk,
        later.pk,
    ]
    page = response.content.decode()
    assert "Grøn bølge" in page and "Over fristen" in page
    assert "Send besked om forventet afgørelsesdato" in page
    entries = _new_entries(before)
    assert [(e.action, e.citizen_id, e.object_type) for e in entries] == [
        ("view", None, "casework.application")
    ]
    assert entries[0].criterion.startswith("Mine ansøgninger")


def test_filters_by_legal_basis_and_status(
    staff_client: Client, caseworker: User, team: Team
) -> None:
    bostotte = application(team, caseworker=caseworker)
    application(team, caseworker=caseworker, paragraph="107")
    decided = application(team, caseworker=caseworker, status="refused", decided_on=TODAY)
    response = staff_client.get(
        reverse("casework:team_queue"), {"legal_basis": str(basis("85").pk), "status": "open"}
    )
    assert [a.pk for a in response.context["queue"].applications] == [bostotte.pk]
    response = staff_client.get(reverse("casework:team_queue"), {"status": "refused"})
    assert [a.pk for a in response.context["queue"].applications] == [decided.pk]
    assert "SEL § 85" in AccessLogEntry.objects.filter(criterion__contains="85").get().criterion
    response = staff_client.get(reverse("casework:team_queue"), {"status": "nonsense"})
    assert response.status_code == 200


def test_the_queue_only_lists_citizens_the_user_may_see(
    staff_client: Client, caseworker: User, team: Team
) -> None:
    hidden = CitizenFactory.create()
    application(team, citizen=hidden, caseworker=caseworker)
    response = staff_client.get(reverse("casework:my_queue"))
    assert response.context["queue"].applications.rows == []


def test_registering_from_the_citizen_page(staff_client: Client, team: Team) -> None:
    citizen = CitizenFactory.create()
    link(citizen, team.department, team=team)
    page = staff_client.get(reverse("casework:citizen_applications", args=[citizen.pk]))
    assert "Ny ansøgning" in page.content.decode()
    url = reverse("casework:application_create", args=[citizen.pk])
    before = _last_id()
    response = staff_client.post(
        url,
        {
            "legal_basis": basis("85").pk,
            "received_on": TODAY.isoformat(),
            "channel": "outreach",
            "applied_for": "Bostøtte",
            "team": team.pk,
        },
    )
    made = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:application_detail", args=[made.pk])
    assert made.deadline is not None
    assert [e.action for e in _new_entries(before)] == ["create"]


def test_a_bad_application_form_shows_danish_errors_and_writes_nothing(
    staff_client: Client, team: Team
) -> None:
    citizen = CitizenFactory.create()
    link(citizen, team.department, team=team)
    response = staff_client.post(
        reverse("casework:application_create", args=[citizen.pk]),
        {
            "legal_basis": basis("85").pk,
            "received_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "channel": "self",
            "applied_for": "Bostøtte",
            "team": team.pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Formularen indeholder fejl" in page
    assert "Datoen kan ikke ligge i fremtiden" in page
    assert not Application.objects.exists()
    response = staff_client.post(
        reverse("casework:application_create", args=[citizen.pk]), {"received_on": "31-02-2025"}
    )
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_the_decision_form_rejects_a_date_before_receipt(
    staff_client: Client, caseworker: User, team: Team
) -> None:
    made = application(team, caseworker=caseworker)
    response = staff_client.post(
        reverse("casework:application_decide", args=[made.pk]),
        {
            "outcome": "granted",
            "decided_on": (made.received_on - datetime.timedelta(days=1)).isoformat(),
            "decision_text": "Bevilget",
        },
    )
    assert response.status_code == 200
    assert "før modtagelsen" in response.content.decode()
    made.refresh_from_db()
    assert made.is_open


def test_the_detail_page_prompts_for_the_notice(
    staff_client: Client, caseworker: User, team: Team
) -> None:
    made = application(team, caseworker=caseworker, deadline=TODAY + datetime.timedelta(days=2))
    before = _last_id()
    page = staff_client.get(reverse("casework:application_detail", args=[made.pk]))
    assert "Send besked om forventet afgørelsesdato" in page.content.decode()
    assert [(e.action, e.citizen_id, e.object_id) for e in _new_entries(before)] == [
        ("view", made.citizen_id, str(made.pk))
    ]


def _grow(team: Team, caseworker: User, n: int) -> None:
    for i in range(n):
        made = application(
            team,
            caseworker=caseworker,
            paragraph=("85", "107")[i % 2],
            deadline=TODAY + datetime.timedelta(days=i - 3),
            fast_track=i % 3 == 0,
        )
        if i % 4 == 0:
            made.fast_track_requests.create(reason="x", requested_by=caseworker)


@pytest.mark.parametrize("name", ["casework:my_queue", "casework:team_queue"])
def test_the_queues_run_a_fixed_number_of_queries(
    staff_client: Client, caseworker: User, team: Team, name: str
) -> None:
    url = reverse(name)
    _grow(team, caseworker, 2)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url, {"legal_basis": basis("85").pk}).status_code == 200
    _grow(team, caseworker, 15)
    with CaptureQueriesContext(connection) as large:
        assert staff_client.get(url, {"legal_basis": basis("85").pk}).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_citizen_overview_links_to_the_applications(staff_client: Client, team: Team) -> None:
    citizen = CitizenFactory.create()
    link(citizen, team.department, team=team)
    page = staff_client.get(reverse("people:citizen_detail", args=[citizen.pk])).content.decode()
    assert reverse("casework:citizen_applications", args=[citizen.pk]) in page


def test_report_needs_management(client: Client, team: Team) -> None:
    login_staff(client, UserFactory.create(roles=["caseworker"], departments=[team.department]))
    assert client.get(reverse("casework:report")).status_code == 403


def test_a_long_queue_is_paged_with_its_total_and_keeps_the_filters(
    staff_client: Client, team: Team, caseworker: User
) -> None:
    days = [TODAY + datetime.timedelta(days=i) for i in range(30)]
    for i, day in enumerate(days):
        application(team, caseworker=caseworker, deadline=day, paragraph=("85", "107")[i % 2])
    other = basis("107")
    url = reverse("casework:my_queue")

    first = staff_client.get(url, {"size": "25"})
    assert first.context["queue"].applications.total == 30
    assert [a.deadline for a in first.context["queue"].applications] == days[:25]
    assert "Viser 1–25 af 30" in first.content.decode()

    second = staff_client.get(url, {"size": "25", "page": "2"})
    assert [a.deadline for a in second.context["queue"].applications] == days[25:]

    narrowed = staff_client.get(url, {"legal_basis": str(other.pk), "size": "25"})
    pager = narrowed.context["queue"].applications
    assert pager.total == 15 and not pager.is_paged
    assert all(a.legal_basis_id == other.pk for a in pager)

    # The links of a page keep the filter and the size.
    params = {"legal_basis": str(basis("85").pk), "size": "25"}
    page = staff_client.get(url, params).content.decode()
    assert "Viser 1–15 af 15" in page
    more = staff_client.get(url, {"status": "all", "size": "25"})
    assert more.context["queue"].applications.next_url == "?status=all&size=25&page=2"
    assert 'href="?status=all&amp;size=25&amp;page=2"' in more.content.decode()


@pytest.mark.parametrize(
    "params", [{"page": "x"}, {"page": "-3"}, {"page": "999999"}, {"size": "7"}, {"page": "٣"}]
)
def test_a_bad_page_or_size_shows_a_page_not_an_error(
    staff_client: Client, team: Team, caseworker: User, params: dict[str, str]
) -> None:
    application(team, caseworker=caseworker)
    response = staff_client.get(reverse("casework:my_queue"), params)
    assert response.status_code == 200
    assert response.context["queue"].applications.total == 1


def test_the_period_and_team_filters_narrow_the_team_queue(
    staff_client: Client, team: Team, caseworker: User
) -> None:
    old = application(team, caseworker=caseworker, received_on=TODAY - datetime.timedelta(days=90))
    new = application(team, caseworker=caseworker, received_on=TODAY - datetime.timedelta(days=2))
    url = reverse("casework:team_queue")
    since = (TODAY - datetime.timedelta(days=30)).isoformat()
    params = {"start": since, "team": str(team.pk)}
    rows = staff_client.get(url, params).context["queue"].applications
    assert [a.pk for a in rows] == [new.pk]
    until = staff_client.get(url, {"end": since}).context["queue"].applications
    assert [a.pk for a in until] == [old.pk]
    # An end before the start is shown as an error and only the start filters.
    wrong = staff_client.get(url, {"start": since, "end": "2000-01-01"})
    assert wrong.status_code == 200
    assert "form-error-message" in wrong.content.decode()
    assert [a.pk for a in wrong.context["queue"].applications] == [new.pk]
    # Another team's id is not a choice: it filters nothing and never widens the queue.
    stranger = TeamFactory.create(department=team.department)
    application(stranger, caseworker=caseworker)
    rows = staff_client.get(url, {"team": stranger.pk}).context["queue"].applications
    assert {a.team_id for a in rows} == {team.pk}
