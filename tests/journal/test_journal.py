"""Journal notes (corrections keep the original; nothing deletes a note), who reads which
note, the timeline, appointments and the iCal feed."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from roret.audit.models import AccessLogEntry
from roret.journal import selectors, services, urls
from roret.journal.models import Appointment, Note
from roret.people.access import citizen_for
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.people.factories import consent, link

pytestmark = pytest.mark.django_db


def test_a_correction_keeps_the_original_visible_to_staff(
    staff_client, caseworker, citizen
) -> None:
    original = services.note_add(actor=caseworker, citizen_id=citizen.pk, text="Mødte op kl 10.")
    response = staff_client.post(
        reverse("journal:note_correct", args=[original.pk]),
        {"text": "Mødte op kl 11.", "visibility": "internal"},
    )
    assert response.status_code == 302
    assert Note.objects.count() == 2
    correction = Note.objects.get(corrects=original)
    page = staff_client.get(reverse("journal:citizen_timeline", args=[citizen.pk]))
    content = page.content.decode()
    assert "Mødte op kl 11." in content and "Mødte op kl 10." in content
    [item] = page.context["timeline"].items
    assert item.note == correction and item.earlier_versions == [original]
    # Only the latest version can be corrected: the page says so and leads to the journal.
    response = staff_client.get(reverse("journal:note_correct", args=[original.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("journal:citizen_timeline", args=[citizen.pk])
    assert "allerede rettet" in response.content.decode()


def test_a_note_of_another_department_cannot_be_corrected_and_the_refusal_is_logged(
    client, caseworker, citizen, access_log
) -> None:
    original = services.note_add(actor=caseworker, citizen_id=citizen.pk, text="Samtale.")
    jobcentre = DepartmentFactory.create(name="Jobcenter")
    link(citizen, jobcentre)
    other = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    login_staff(client, other)
    access_log.reset()
    url = reverse("journal:note_correct", args=[original.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Ændret.", "visibility": "internal"}).status_code == 404
    refused = access_log.new()
    assert [entry.granted for entry in refused] == [False, False]
    assert {entry.citizen_id for entry in refused} == {citizen.pk}
    assert Note.objects.count() == 1


def _journal_patterns() -> list[URLPattern]:
    resolver = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "journal"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


def test_no_route_deletes_a_note(staff_client, caseworker, citizen) -> None:
    note = services.note_add(actor=caseworker, citizen_id=citizen.pk, text="Samtale.")
    patterns = _journal_patterns()
    assert len(patterns) == len(urls.urlpatterns)
    for pattern in patterns:
        assert "delete" not in (pattern.name or "") and "slet" not in str(pattern.pattern)
        assert "delete" not in pattern.callback.__name__
        kwargs = {
            name: note.pk if name == "pk" else citizen.pk for name in pattern.pattern.converters
        }
        if pattern.name == "ical_feed":
            kwargs = {"token": "x"}
        response = staff_client.delete(reverse(f"journal:{pattern.name}", kwargs=kwargs))
        assert response.status_code in (404, 405), pattern.name
    assert Note.objects.filter(pk=note.pk).exists()


def test_the_model_and_the_admin_cannot_delete_notes(caseworker, citizen) -> None:
    note = services.note_add(actor=caseworker, citizen_id=citizen.pk, text="Samtale.")
    assert not Permission.objects.filter(codename__in=["delete_note", "change_note"]).exists()
    with pytest.raises(TypeError):
        note.delete()
    with pytest.raises(TypeError):
        Note.objects.filter(pk=note.pk).delete()
    assert Note not in admin.site._registry
    assert Note.objects.filter(pk=note.pk).exists()


def test_internal_notes_of_other_departments_are_hidden_from_consent_only_departments(
    caseworker, citizen
) -> None:
    jobcentre = DepartmentFactory.create(name="Jobcenter")
    services.note_add(actor=caseworker, citizen_id=citizen.pk, text="Intern vurdering.")
    services.note_add(
        actor=caseworker, citizen_id=citizen.pk, text="Delt med borgeren.", visibility="shared"
    )
    consent(citizen, jobcentre)
    consent_only = UserFactory.create(roles=["caseworker"], departments=[jobcentre])

    def timeline() -> list:
        access = citizen_for(user=consent_only, citizen_id=citizen.pk, purpose="test")
        return selectors.citizen_timeline(access=access).items

    texts = [item.note.text if item.note else "" for item in timeline()]
    assert texts == ["Delt med borgeren."]
    link(citizen, jobcentre)
    assert len(timeline()) == 2


def test_a_note_on_another_citizens_goal_is_refused(caseworker, citizen, social) -> None:
    from django.core.exceptions import ValidationError

    from tests.plans.factories import goal, plan_for

    other_goal = goal(plan_for(department=social))
    with pytest.raises(ValidationError):
        services.note_add(actor=caseworker, citizen_id=citizen.pk, text="x", goal=other_goal)
    assert not Note.objects.exists()


def _meeting(caseworker, citizen, *, hours: int = 24, **kwargs) -> Appointment:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)
    kwargs.setdefault("place", "Borgerservice, Ryttergade 5")
    return services.appointment_add(
        actor=caseworker,
        citizen_id=citizen.pk,
        title=f"Samtale med {citizen.full_name}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        **kwargs,
    )


def test_the_timeline_merges_notes_and_meetings_with_fixed_queries(
    staff_client, caseworker, citizen
) -> None:
    url = reverse("journal:citizen_timeline", args=[citizen.pk])
    services.note_add(actor=caseworker, citizen_id=citizen.pk, text="Første.")
    _meeting(caseworker, citizen)
    with CaptureQueriesContext(connection) as small:
        response = staff_client.get(url)
    assert {item.kind for item in response.context["timeline"].items} == {"note", "appointment"}
    for index in range(5):
        services.note_add(actor=caseworker, citizen_id=citizen.pk, text=f"Note {index}.")
        _meeting(caseworker, citizen, hours=48 + index)
    with CaptureQueriesContext(connection) as large:
        assert staff_client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_meeting_needs_a_place_or_online_and_an_end_after_start(staff_client, citizen) -> None:
    start = timezone.localtime() + datetime.timedelta(days=1)
    response = staff_client.post(
        reverse("journal:appointment_add", args=[citizen.pk]),
        {
            "title": "Samtale",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Rådhuset",
            "citizen_attends": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Appointment.objects.exists()


def test_the_week_calendar_shows_my_meetings_and_logs_one_search(
    staff_client, caseworker, citizen
) -> None:
    meeting = _meeting(caseworker, citizen)
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    day = timezone.localtime(meeting.starts_at).date()
    response = staff_client.get(reverse("journal:calendar"), {"uge": day.isoformat()})
    assert citizen.full_name in response.content.decode()
    assert [e.action for e in AccessLogEntry.objects.filter(id__gt=before)] == ["search"]
    response = staff_client.get(reverse("journal:calendar"), {"uge": "ikke-en-dato"})
    assert response.status_code == 200


def test_the_ical_feed_validates_and_holds_no_citizen_data(
    client: Client, staff_client, caseworker, citizen
) -> None:
    _meeting(caseworker, citizen)
    _meeting(caseworker, citizen, hours=30, place="", is_online=True)
    response = staff_client.post(reverse("journal:calendar_feed"), {"action": "create"})
    feed_url = response.context["feed_url"]
    assert feed_url
    path = feed_url.split("testserver", 1)[1]
    anonymous = Client()
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    parsed = icalendar.Calendar.from_ical(response.content)
    events = list(parsed.walk("VEVENT"))
    assert len(events) == 2
    assert all(event.decoded("dtend") > event.decoded("dtstart") for event in events)
    for secret in (
        citizen.first_name,
        citizen.last_name,
        citizen.cpr,
        citizen.cpr[:6],
        "Ryttergade",
    ):
        assert secret not in body
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in "".join(AccessLogEntry.objects.values_list("object_id", flat=True))

    staff_client.post(reverse("journal:calendar_feed"), {"action": "revoke"})
    assert anonymous.get(path).status_code == 404
    assert anonymous.get(reverse("journal:ical_feed", args=["ukendt"])).status_code == 404


def test_a_new_feed_address_replaces_the_old_one(caseworker) -> None:
    first = services.calendar_feed_create(actor=caseworker)
    second = services.calendar_feed_create(actor=caseworker)
    client = Client()
    assert client.get(reverse("journal:ical_feed", args=[first])).status_code == 404
    assert client.get(reverse("journal:ical_feed", args=[second])).status_code == 200


def test_a_feed_change_is_logged_in_its_transaction_or_not_at_all(caseworker, monkeypatch) -> None:
    """The feed is the staff member's own data: each change logs one entry (no citizen),
    through their first department, in the same transaction as the change."""
    before = AccessLogEntry.objects.count()
    services.calendar_feed_create(actor=caseworker)
    feed = services.CalendarFeed.objects.get(user=caseworker)
    entry = AccessLogEntry.objects.latest("id")
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.action, entry.object_type, entry.citizen_id) == (
        "create",
        "journal.calendarfeed",
        None,
    )
    assert (entry.actor_department_id, entry.object_id) == (
        min(caseworker.department_ids),
        str(feed.pk),
    )

    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("insert failed")

    monkeypatch.setattr(services.CalendarFeed.objects, "create", failing)
    with pytest.raises(RuntimeError):
        services.calendar_feed_create(actor=caseworker)
    assert AccessLogEntry.objects.count() == before + 1
    assert services.CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1
