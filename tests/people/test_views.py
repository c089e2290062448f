"""Citizen pages: exactly one access-log entry per request that shows or changes citizen
data, no CPR in any URL, and a fixed number of queries."""

from __future__ import annotations

import datetime
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roret.audit.models import AccessLogEntry
from roret.people import services
from roret.people.models import Citizen, ProblemAreaType
from tests.factories import DepartmentFactory, UserFactory, login_staff

from .factories import CitizenFactory, consent, link, new_cpr

pytestmark = pytest.mark.django_db


@pytest.fixture
def social():
    return DepartmentFactory.create(name="Socialafdeling myndighed")


@pytest.fixture
def caseworker(social):
    return UserFactory.create(roles=["caseworker"], departments=[social])


@pytest.fixture
def citizen(social):
    citizen = CitizenFactory.create()
    link(citizen, social)
    return citizen


@pytest.fixture
def staff_client(client: Client, caseworker) -> Client:
    login_staff(client, caseworker)
    return client


def _entries_during(callable_):
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = callable_()
    return response, list(AccessLogEntry.objects.filter(id__gt=before).order_by("id"))


def test_search_by_cpr_is_a_post_and_logs_the_masked_criterion(staff_client, citizen) -> None:
    number = citizen.cpr
    response, entries = _entries_during(
        lambda: staff_client.post(
            reverse("people:citizen_search"), {"query": f"{number[:6]}-{number[6:]}"}
        )
    )
    assert response.status_code == 200
    assert citizen.full_name in response.content.decode()
    assert len(entries) == 1
    assert entries[0].action == "search"
    assert entries[0].criterion == f"CPR: {number[:6]}-xxxx"
    assert number[6:] not in entries[0].criterion


def test_search_by_name_finds_only_visible_citizens(staff_client, citizen) -> None:
    hidden = CitizenFactory.create(first_name=citizen.first_name, last_name=citizen.last_name)
    response, entries = _entries_during(
        lambda: staff_client.post(reverse("people:citizen_search"), {"query": citizen.last_name})
    )
    page = response.content.decode()
    assert reverse("people:citizen_detail", args=[citizen.pk]) in page
    assert reverse("people:citizen_detail", args=[hidden.pk]) not in page
    assert [e.action for e in entries] == ["search"]


def test_a_malformed_search_is_a_form_error_not_a_crash(staff_client) -> None:
    response = staff_client.post(reverse("people:citizen_search"), {"query": "3213801234"})
    assert response.status_code == 200
    assert "gyldig dato" in response.content.decode()


def _routes(citizen: Citizen):
    area_type = ProblemAreaType.objects.get(code="poverty")
    today = timezone.localdate().isoformat()
    jobcentre = DepartmentFactory.create(name="Jobcenter")
    relative_cpr = new_cpr()
    relative = CitizenFactory.create(cpr_number=relative_cpr)
    link(relative, citizen.links.get().department)
    given = consent(citizen, jobcentre)
    pk = citizen.pk
    return [
        ("get", reverse("people:citizen_detail", args=[pk]), None, "view"),
        ("get", reverse("people:citizen_edit", args=[pk]), None, "view"),
        (
            "post",
            reverse("people:citizen_edit", args=[pk]),
            {"first_name": "Ny", "last_name": "Navn"},
            "update",
        ),
        ("post", reverse("people:citizen_edit", args=[pk]), {"first_name": ""}, "view"),
        ("get", reverse("people:problem_area_add", args=[pk]), None, "view"),
        (
            "post",
            reverse("people:problem_area_add", args=[pk]),
            {"type": area_type.pk, "started_on": today},
            "create",
        ),
        ("get", reverse("people:consent_add", args=[pk]), None, "view"),
        (
            "post",
            reverse("people:consent_add", args=[pk]),
            {"department": jobcentre.pk, "purpose_text": "Job", "valid_from": today},
            "create",
        ),
        ("post", reverse("people:consent_revoke", args=[pk, given.pk]), {}, "update"),
        ("get", reverse("people:network_party_add", args=[pk]), None, "view"),
        (
            "post",
            reverse("people:network_party_add", args=[pk]),
            {"kind": "other", "name": "Mentor"},
            "create",
        ),
        ("get", reverse("people:relation_add", args=[pk]), None, "view"),
        (
            "post",
            reverse("people:relation_add", args=[pk]),
            {"relative_cpr": relative_cpr, "kind": "partner"},
            "create",
        ),
        ("get", reverse("people:citizen_access_log", args=[pk]), None, "view"),
    ]


def test_every_citizen_route_writes_exactly_one_log_entry(staff_client, citizen) -> None:
    for method, url, data, action in _routes(citizen):
        response, entries = _entries_during(partial(getattr(staff_client, method), url, data or {}))
        assert response.status_code in (200, 302), (method, url, response.status_code)
        assert [(e.action, e.citizen_id) for e in entries] == [(action, citizen.pk)], (method, url)


def test_problem_area_end_writes_one_entry(staff_client, citizen, caseworker) -> None:
    from roret.people.services import problem_area_add

    area = problem_area_add(
        actor=caseworker,
        citizen_id=citizen.pk,
        type=ProblemAreaType.objects.get(code="crime"),
        started_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    url = reverse("people:problem_area_end", args=[citizen.pk, area.pk])
    response, entries = _entries_during(lambda: staff_client.post(url))
    assert response.status_code == 302
    assert [e.action for e in entries] == ["update"]


def test_registering_through_the_form_redirects_to_an_id_url(staff_client, social) -> None:
    number = new_cpr()
    response, entries = _entries_during(
        lambda: staff_client.post(
            reverse("people:citizen_create"),
            {
                "cpr_number": number,
                "first_name": "Ole",
                "last_name": "Hansen",
                "department": social.pk,
            },
        )
    )
    assert response.status_code == 302
    citizen = Citizen.objects.get()
    assert response["Location"] == reverse("people:citizen_detail", args=[citizen.pk])
    assert number not in response["Location"]
    assert [e.action for e in entries] == ["create"]


def test_the_registration_form_shows_danish_errors_and_writes_nothing(staff_client, social) -> None:
    response = staff_client.post(
        reverse("people:citizen_create"),
        {"cpr_number": "12", "first_name": "Ole", "last_name": "Hansen", "department": social.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Formularen indeholder fejl" in page
    assert "10 cifre" in page
    assert Citizen.objects.count() == 0
    assert AccessLogEntry.objects.count() == 0


def test_an_unrelated_user_gets_404_and_the_attempt_is_logged(client: Client, citizen) -> None:
    stranger = UserFactory.create(
        roles=["caseworker"], departments=[DepartmentFactory.create(name="Boligafdeling")]
    )
    login_staff(client, stranger)
    response, entries = _entries_during(
        lambda: client.get(reverse("people:citizen_detail", args=[citizen.pk]))
    )
    assert response.status_code == 404
    assert [(e.action, e.citizen_id, e.granted) for e in entries] == [("view", citizen.pk, False)]


def test_a_revoked_consent_no_longer_opens_the_overview(
    client: Client, citizen, caseworker
) -> None:
    jobcentre = DepartmentFactory.create(name="Jobcenter")
    given = consent(citizen, jobcentre)
    jobcentre_user = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    login_staff(client, jobcentre_user)
    url = reverse("people:citizen_detail", args=[citizen.pk])
    assert client.get(url).status_code == 200
    revoker = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    services.consent_revoke(actor=revoker, citizen_id=citizen.pk, consent_id=given.pk)
    assert client.get(url).status_code == 404


def test_the_access_log_page_needs_a_role_that_may_read_it(client: Client, citizen, social) -> None:
    provider = UserFactory.create(roles=["provider_staff"], departments=[social])
    login_staff(client, provider)
    assert client.get(reverse("people:citizen_access_log", args=[citizen.pk])).status_code == 403


def _grow(citizen: Citizen, caseworker, n: int) -> None:
    from roret.people import services

    department = citizen.links.exclude(source_type="people.consent").get().department
    for i in range(n):
        relative_cpr = new_cpr()
        relative = CitizenFactory.create(cpr_number=relative_cpr)
        link(relative, department)
        services.relation_add(
            actor=caseworker,
            citizen_id=citizen.pk,
            relative_cpr=relative_cpr,
            kind="relative",
            same_household=True,
        )
        services.problem_area_add(
            actor=caseworker,
            citizen_id=citizen.pk,
            type=ProblemAreaType.objects.order_by("id")[i % 5],
            started_on=timezone.localdate(),
        )
        services.network_party_add(
            actor=caseworker, citizen_id=citizen.pk, kind="other", name=f"Person {i}"
        )
        consent(citizen, DepartmentFactory.create())


def test_the_overview_runs_the_same_number_of_queries_with_more_data(
    staff_client, citizen, caseworker
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("people:citizen_detail", args=[citizen.pk])
    _grow(citizen, caseworker, 1)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url).status_code == 200
    _grow(citizen, caseworker, 6)
    with CaptureQueriesContext(connection) as large:
        assert staff_client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_access_log_page_is_paged_and_filtered_by_kind_and_period(
    staff_client: Client, citizen
) -> None:
    detail = reverse("people:citizen_detail", args=[citizen.pk])
    for _ in range(27):
        assert staff_client.get(detail).status_code == 200
    url = reverse("people:citizen_access_log", args=[citizen.pk])
    first = staff_client.get(url, {"size": "25"})
    rows = first.context["rows"]
    # The page's own entry is the newest line; the total comes from the same query.
    assert rows.total == AccessLogEntry.objects.filter(citizen_id=citizen.pk).count()
    assert len(rows) == 25 and rows.has_next
    second = staff_client.get(url, {"size": "25", "page": "2"}).context["rows"]
    assert len(second) == rows.total + 1 - 25
    assert 'href="?size=25&amp;page=2"' in first.content.decode()
    today = timezone.localdate()
    exports = staff_client.get(url, {"action": "export"}).context["rows"]
    assert exports.total == 0
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert staff_client.get(url, {"start": tomorrow}).context["rows"].total == 0
    assert staff_client.get(url, {"end": today.isoformat()}).context["rows"].total > 27


def test_who_works_with_the_citizen_has_one_row_per_department_and_team_from_the_earliest(
    staff_client, citizen, social
) -> None:
    """Two reasons for the same department (a case and an intervention) are one row, dated
    from the earlier; a team of the department is a row of its own."""
    from tests.factories import TeamFactory

    today = timezone.localdate()
    link(
        citizen,
        social,
        source_type="plans.intervention",
        starts_on=today - datetime.timedelta(days=400),
    )
    link(
        citizen,
        social,
        source_type="outreach.contact",
        starts_on=today - datetime.timedelta(days=5),
    )
    team = TeamFactory.create(department=social, name="Team Nord")
    link(citizen, social, team=team, source_type="plans.intervention")
    page = staff_client.get(reverse("people:citizen_detail", args=[citizen.pk])).content.decode()
    section = page.split('id="links-heading"')[1].split("</ul>")[0]
    rows = [row for row in section.split("<li>")[1:]]
    assert len(rows) == 2
    assert sum("Socialafdeling myndighed (" in row for row in rows) == 1
    assert sum("Socialafdeling myndighed – Team Nord" in row for row in rows) == 1
    from django.utils import dateformat, translation

    with translation.override("da"):
        earliest = dateformat.format(today - datetime.timedelta(days=400), "j. b Y")
    assert f"(siden {earliest})" in next(row for row in rows if "Team" not in row)
