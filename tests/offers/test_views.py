"""Offer pages through the test client: prefilled referral form, Danish form errors instead
of 500s, the maximum-duration alert on the provider's page, and attendance in one POST."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roret.audit.models import AccessLogEntry
from roret.offers.models import Attendance, Referral
from roret.organisation.models import Department
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory, link

from .factories import course_run, enrolment, offer, participant, referral

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def provider() -> Department:
    return DepartmentFactory.create(name="Socialafdeling udfører")


def test_the_referral_form_is_prefilled_from_the_address(provider: Department) -> None:
    jobcentre = DepartmentFactory.create(kind=Department.Kind.JOBCENTRE)
    citizen = CitizenFactory.create(first_name="Karin", last_name="Mose")
    link(citizen, jobcentre)
    course = offer(provider, name="Hverdagsøkonomi")
    client = login_staff(
        Client(), UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    )
    url = reverse("offers:referral_create")
    assert url == "/tilbud/henvisninger/ny/"
    response = client.get(url, {"citizen": citizen.pk, "offer": course.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"citizen": citizen.pk, "offer": course.pk}
    page = response.content.decode()
    assert "Karin Mose" in page
    assert f'<input type="hidden" name="citizen" value="{citizen.pk}"' in page
    assert AccessLogEntry.objects.filter(action="view", citizen_id=citizen.pk).count() == 1

    blank = client.post(url, {"citizen": citizen.pk, "offer": course.pk, "reason": "   "})
    assert blank.status_code == 200 and blank.context["form"].errors["reason"]
    assert not Referral.objects.exists()
    stranger = client.post(url, {"citizen": "999999", "offer": course.pk, "reason": "x"})
    assert stranger.status_code == 200 and stranger.context["form"].errors["citizen"]

    sent = client.post(url, {"citizen": citizen.pk, "offer": course.pk, "reason": "Budget"})
    assert sent.status_code == 302 and sent["Location"] == reverse("offers:referrals_sent")
    assert Referral.objects.get().citizen == citizen
    again = client.post(url, {"citizen": citizen.pk, "offer": course.pk, "reason": "Igen"})
    assert "venter på svar" in again.content.decode()


def test_the_referral_form_finds_the_citizen_by_a_search_not_a_list(
    provider: Department, access_log
) -> None:
    """No list of every citizen the user may see: a name search among them (posted, logged
    with its criterion) gives links that choose one; a citizen the user may not see is not
    found, and an id not found is not accepted."""
    jobcentre = DepartmentFactory.create(kind=Department.Kind.JOBCENTRE)
    visible = CitizenFactory.create(first_name="Karin", last_name="Mose")
    link(visible, jobcentre)
    other = CitizenFactory.create(first_name="Lars", last_name="Holm")
    link(other, jobcentre)
    hidden = CitizenFactory.create(first_name="Karin", last_name="Mosegaard")
    course = offer(provider, name="Hverdagsøkonomi")
    client = login_staff(
        Client(), UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    )
    url = reverse("offers:referral_create")

    access_log.reset()
    start = client.get(url, {"offer": course.pk})
    page = start.content.decode()
    assert start.context["form"] is not None and start.context["chosen"] is None
    for citizen in (visible, other):
        assert citizen.last_name not in page and f"citizen={citizen.pk}" not in page
    assert access_log.new() == []

    found = client.post(url, {"query": "Karin Mose", "offer": course.pk})
    page = found.content.decode()
    assert found.status_code == 200
    assert f"?citizen={visible.pk}&amp;offer={course.pk}" in page
    assert f"citizen={hidden.pk}" not in page and "Mosegaard" not in page
    assert f"citizen={other.pk}" not in page
    entries = access_log.new()
    assert [(e.action, e.citizen_id) for e in entries] == [("search", visible.pk)]
    assert "Karin Mose" in entries[0].criterion

    access_log.reset()
    by_cpr = client.post(url, {"query": f"{hidden.cpr[:6]}-{hidden.cpr[6:]}"})
    assert f"citizen={hidden.pk}" not in by_cpr.content.decode()
    assert [e.action for e in access_log.new()] == ["search"]

    chosen = client.get(url, {"citizen": visible.pk, "offer": course.pk})
    assert chosen.context["chosen"] == visible
    refused = client.get(url, {"citizen": hidden.pk})
    assert refused.context["chosen"] is None and "Mosegaard" not in refused.content.decode()
    forged = client.post(url, {"citizen": hidden.pk, "offer": course.pk, "reason": "x"})
    assert forged.status_code == 200 and forged.context["form"].errors["citizen"]
    assert not Referral.objects.exists()


def test_the_provider_overview_shows_the_maximum_duration_alert(provider: Department) -> None:
    course = offer(provider, paragraph="82b", name="Individuel støtte", max_duration_months=6)
    late = CitizenFactory.create(first_name="Bo", last_name="Overtid")
    enrolment(course, citizen=late, starts_on=TODAY - datetime.timedelta(days=200))
    enrolment(course, starts_on=TODAY - datetime.timedelta(days=5))
    staff = UserFactory.create(roles=["provider_staff"], departments=[provider])
    client = login_staff(Client(), staff)
    response = client.get(reverse("offers:intake"))
    text = response.content.decode()
    assert 'class="alert alert-warning' in text
    assert "Forløb tæt på eller over tilbuddets maksimale varighed" in text
    alert = text.split('class="alert alert-warning', 1)[1].split("</div></div>", 1)[0]
    assert "Bo Overtid" in alert and "over den maksimale varighed siden" in alert
    assert len(response.context["page"].alerts) == 1


def test_no_alert_without_enrolments_near_the_maximum(provider: Department) -> None:
    course = offer(provider, paragraph="82b", max_duration_months=6)
    enrolment(course, starts_on=TODAY - datetime.timedelta(days=5))
    client = login_staff(
        Client(), UserFactory.create(roles=["provider_staff"], departments=[provider])
    )
    assert "alert-warning" not in client.get(reverse("offers:intake")).content.decode()


def test_attendance_for_all_participants_in_one_post(provider: Department) -> None:
    run = course_run(offer(provider))
    people = [participant(run) for _n in range(3)]
    session = run.sessions.first()
    assert session is not None
    client = login_staff(
        Client(), UserFactory.create(roles=["provider_staff"], departments=[provider])
    )
    url = reverse("offers:attendance", args=[session.pk])
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert page.status_code == 200
    for _n in range(3):
        participant(run)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(few.captured_queries)

    response = client.post(
        url,
        {
            f"p{people[0].pk}": "present",
            f"p{people[1].pk}": "absent",
            f"p{people[2].pk}": "cancelled",
            "guidance_note": "Hjalp med at ringe til banken",
        },
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {
        people[0].pk: "present",
        people[1].pk: "absent",
        people[2].pk: "cancelled",
    }
    session.refresh_from_db()
    assert session.guidance_note == "Hjalp med at ringe til banken"
    bad = client.post(url, {f"p{people[0].pk}": "late"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_accept_and_decline_pages(provider: Department) -> None:
    course = offer(provider, max_duration_months=6)
    run = course_run(course)
    staff = UserFactory.create(roles=["provider_staff"], departments=[provider])
    client = login_staff(Client(), staff)
    first, second = referral(course), referral(course)
    page = client.get(reverse("offers:referral_accept", args=[first.pk]))
    assert page.status_code == 200 and page.context["form"].initial["course_run"] == run
    too_long = client.post(
        reverse("offers:referral_accept", args=[first.pk]),
        {"starts_on": TODAY.isoformat(), "planned_end_on": "2099-01-01", "course_run": run.pk},
    )
    assert too_long.status_code == 200
    assert too_long.context["form"].errors["planned_end_on"]
    done = client.post(
        reverse("offers:referral_accept", args=[first.pk]),
        {"starts_on": TODAY.isoformat(), "course_run": run.pk},
    )
    assert done.status_code == 302
    declined = client.post(
        reverse("offers:referral_decline", args=[second.pk]), {"reason": "Fuldt hold"}
    )
    assert declined.status_code == 302
    assert set(Referral.objects.values_list("status", flat=True)) == {"accepted", "declined"}
    course_page = client.get(reverse("offers:course_run", args=[run.pk]))
    assert first.citizen.full_name in course_page.content.decode()


def test_ending_from_the_page_and_the_catalogue(provider: Department) -> None:
    course = offer(provider, name="Gruppeforløb", capacity=4)
    running = enrolment(course)
    staff = UserFactory.create(roles=["provider_staff"], departments=[provider])
    client = login_staff(Client(), staff)
    catalogue = client.get(reverse("offers:catalogue"), {"q": "gruppe"})
    assert [row.free_places for row in catalogue.context["rows"]] == [3]
    url = reverse("offers:enrolment_end", args=[running.pk])
    future = client.post(
        url, {"ends_on": (TODAY + datetime.timedelta(days=3)).isoformat(), "end_reason": "other"}
    )
    assert future.status_code == 200 and future.context["form"].errors["ends_on"]
    ended = client.post(url, {"ends_on": TODAY.isoformat(), "end_reason": "completed"})
    assert ended.status_code == 302
    running.refresh_from_db()
    assert running.end_reason == "completed"


def test_counselling_page_records_counts(provider: Department) -> None:
    course = offer(provider, name="Åben rådgivning")
    client = login_staff(
        Client(), UserFactory.create(roles=["provider_staff"], departments=[provider])
    )
    data = {"offer": course.pk, "held_on": TODAY.isoformat(), "topic_economy": "5"}
    data |= {f"topic_{t}": "0" for t in ["housing", "authorities", "work", "health"]}
    data |= {f"topic_{t}": "0" for t in ["addiction", "relations", "other"]}
    assert client.post(reverse("offers:counselling"), data).status_code == 302
    page = client.get(reverse("offers:counselling"))
    assert [t.count for t in page.context["tallies"]] == [5]


def _entries() -> int:
    return AccessLogEntry.objects.count()


def test_every_request_writes_one_entry_per_citizen_it_shows_or_writes(
    provider: Department,
) -> None:
    """One entry per request, except the attendance save, which writes one per citizen
    whose attendance it records, so that each citizen sees it in their own log."""
    jobcentre = DepartmentFactory.create(kind=Department.Kind.JOBCENTRE)
    course = offer(provider, max_duration_months=6)
    run = course_run(course)
    citizen = CitizenFactory.create()
    link(citizen, jobcentre)
    referrer = login_staff(
        Client(), UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    )
    staff = login_staff(
        Client(), UserFactory.create(roles=["provider_staff"], departments=[provider])
    )
    session = run.sessions.first()
    assert session is not None
    first = referral(course)
    second = referral(course)
    running = enrolment(course)
    requests: list[tuple[Client, str, str, Callable[[], dict[str, object]], int]] = [
        (referrer, "get", reverse("offers:referral_create"), lambda: {"citizen": citizen.pk}, 1),
        (
            referrer,
            "post",
            reverse("offers:referral_create"),
            lambda: {"citizen": citizen.pk, "offer": course.pk, "reason": "Budget"},
            1,
        ),
        (referrer, "get", reverse("offers:referrals_sent"), dict, 1),
        (staff, "get", reverse("offers:intake"), dict, 1),
        (staff, "get", reverse("offers:referral_accept", args=[first.pk]), dict, 1),
        (
            staff,
            "post",
            reverse("offers:referral_accept", args=[first.pk]),
            lambda: {"starts_on": TODAY.isoformat(), "course_run": run.pk, "_version": 1},
            1,
        ),
        (staff, "get", reverse("offers:referral_decline", args=[second.pk]), dict, 1),
        (
            staff,
            "post",
            reverse("offers:referral_decline", args=[second.pk]),
            lambda: {"reason": "Fuldt", "_version": 1},
            1,
        ),
        (staff, "get", reverse("offers:course_run", args=[run.pk]), dict, 1),
        (
            staff,
            "post",
            reverse("offers:participant_add", args=[run.pk]),
            lambda: {"enrolment": running.pk},
            1,
        ),
        (staff, "get", reverse("offers:attendance", args=[session.pk]), dict, 1),
        (
            staff,
            "post",
            reverse("offers:attendance", args=[session.pk]),
            lambda: {f"p{p.pk}": "present" for p in run.participants.all()},
            2,
        ),
        (staff, "get", reverse("offers:enrolment_end", args=[running.pk]), dict, 1),
        (
            staff,
            "post",
            reverse("offers:enrolment_end", args=[running.pk]),
            lambda: {"ends_on": TODAY.isoformat(), "end_reason": "dropped_out", "_version": 1},
            1,
        ),
    ]
    for client, method, url, data, entries in requests:
        before = _entries()
        response = getattr(client, method)(url, data())
        assert response.status_code in (200, 302), (method, url, response.status_code)
        if method == "post":
            assert response.status_code == 302, (url, response.context["form"].errors)
        assert _entries() == before + entries, (method, url)
    assert run.participants.count() == 2


def test_course_run_and_referral_pages_run_a_fixed_number_of_queries(
    provider: Department,
) -> None:
    jobcentre = DepartmentFactory.create(kind=Department.Kind.JOBCENTRE)
    course = offer(provider)
    run = course_run(course)
    caseworker = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    pages = [
        (
            login_staff(
                Client(), UserFactory.create(roles=["provider_staff"], departments=[provider])
            ),
            reverse("offers:course_run", args=[run.pk]),
        ),
        (login_staff(Client(), caseworker), reverse("offers:referrals_sent")),
        (login_staff(Client(), caseworker), reverse("offers:referral_create")),
        (login_staff(Client(), caseworker), reverse("offers:catalogue")),
    ]

    def grow() -> None:
        for _n in range(3):
            participant(run)
            enrolment(course)
            citizen = CitizenFactory.create()
            link(citizen, jobcentre)
            made = referral(course, citizen=citizen, referrer=caseworker)
            made.referring_department = jobcentre
            made.save()
            offer(provider, name="Nyt tilbud")

    counts = []
    for _round in range(2):
        grow()
        measured = []
        for client, url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            measured.append(len(queries.captured_queries))
        counts.append(measured)
    assert counts[0] == counts[1]


def test_course_run_and_session_forms(provider: Department) -> None:
    course = offer(provider, name="Hverdagsliv")
    staff = UserFactory.create(roles=["provider_staff"], departments=[provider])
    client = login_staff(Client(), staff)
    assert client.get(reverse("offers:course_run_create")).status_code == 200
    created = client.post(
        reverse("offers:course_run_create"),
        {
            "offer": course.pk,
            "name": "Hold efterår",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + datetime.timedelta(days=97)).isoformat(),
            "themes": "Hverdagsøkonomi\nRelationer",
        },
    )
    assert created.status_code == 302
    run = course.course_runs.get()
    assert run.modules.count() == 2
    url = reverse("offers:session_create", args=[run.pk])
    assert client.get(url).status_code == 200
    wrong = client.post(
        url,
        {
            "date": (TODAY - datetime.timedelta(days=5)).isoformat(),
            "starts_at": "10:00",
            "ends_at": "12:00",
        },
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors["date"]
    added = client.post(
        url,
        {
            "date": TODAY.isoformat(),
            "starts_at": "10:00",
            "ends_at": "12:00",
            "facilitators": [staff.pk],
        },
    )
    assert added.status_code == 302
    assert list(run.sessions.get().facilitators.all()) == [staff]


def test_the_intake_page_pages_each_list_on_its_own_and_keeps_the_filters(
    provider: Department,
) -> None:
    course = offer(provider, paragraph="82b", max_duration_months=6)
    other = offer(provider, paragraph="82a", name="Værested")
    for days in range(30):
        referral(course, referred_on=TODAY - datetime.timedelta(days=days))
        enrolment(course, starts_on=TODAY - datetime.timedelta(days=200 + days))
    referral(other, referred_on=TODAY)
    ended = enrolment(other, starts_on=TODAY - datetime.timedelta(days=20))
    ended.ends_on, ended.end_reason = TODAY, "completed"
    ended.save()
    client = login_staff(
        Client(), UserFactory.create(roles=["provider_staff"], departments=[provider])
    )
    url = reverse("offers:intake")
    page = client.get(url, {"referrals_size": "25"}).context["page"]
    assert (page.referrals.total, len(page.referrals)) == (31, 25)
    assert (page.alerts.total, page.running.total) == (30, 30)
    # The oldest referral and the enrolment longest past its maximum come first.
    assert page.referrals.rows[0].referred_on == TODAY - datetime.timedelta(days=29)
    assert page.alerts.rows[0].enrolment.starts_on == TODAY - datetime.timedelta(days=229)

    # Page 2 of one list leaves the others where they were.
    params = {"referrals_size": "25", "referrals_page": "2", "offer": str(course.pk)}
    response = client.get(url, params)
    page = response.context["page"]
    assert [r.referred_on for r in page.referrals] == [
        TODAY - datetime.timedelta(days=d) for d in range(4, -1, -1)
    ]
    assert page.alerts.number == page.running.number == 1
    text = response.content.decode()
    assert "Viser 26–30 af 30" in text
    # The pager's links keep the filter.
    assert f'href="?offer={course.pk}&amp;referrals_size=25"' in text

    # The offer and the status narrow the lists; the period too.
    page = client.get(url, {"offer": str(other.pk), "status": "ended"}).context["page"]
    assert page.referrals.total == 1 and page.alerts.total == 0
    assert [row.enrolment.pk for row in page.running] == [ended.pk]
    since = (TODAY - datetime.timedelta(days=4)).isoformat()
    page = client.get(url, {"offer": str(course.pk), "start": since}).context["page"]
    assert page.referrals.total == 5 and page.running.total == 0


def test_the_referrers_list_is_paged_and_filtered(provider: Department) -> None:
    jobcentre = DepartmentFactory.create(name="Jobcenter")
    actor = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    course = offer(provider)
    made = []
    for days in range(27):
        citizen = CitizenFactory.create()
        link(citizen, jobcentre)
        row = referral(
            course,
            citizen=citizen,
            referrer=actor,
            referred_on=TODAY - datetime.timedelta(days=days),
        )
        row.referring_department = jobcentre
        if days % 3 == 0:
            row.status = Referral.Status.ACCEPTED
        row.save()
        made.append(row)
    client = login_staff(Client(), actor)
    url = reverse("offers:referrals_sent")
    first = client.get(url, {"size": "25"})
    assert first.context["referrals"].total == 27
    assert [r.pk for r in first.context["referrals"]] == [r.pk for r in made[:25]]
    second = client.get(url, {"size": "25", "page": "2"}).context["referrals"]
    assert [r.pk for r in second] == [r.pk for r in made[25:]]
    accepted = client.get(url, {"status": "accepted"})
    assert accepted.context["referrals"].total == 9
    assert "Viser 1–9 af 9" in accepted.content.decode()
    assert AccessLogEntry.objects.filter(criterion__endswith="Status: Optaget").exists()
