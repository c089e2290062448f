"""Offers on the one write path: a referral or an enrolment is locked and re-checked inside
the write (an answered referral, an ended enrolment: a Danish refusal, nothing written, nothing
logged), a stale form is refused, a refused attempt is logged once, and attendance is refused
outside the citizen's enrolment or for a session still to come."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roret.accounts.models import User
from roret.core.errors import StaleWriteError
from roret.offers import services
from roret.offers.models import (
    Attendance,
    CourseRun,
    CourseSession,
    Enrolment,
    Participant,
    Referral,
)
from roret.organisation.models import Department
from roret.plans.models import Intervention
from tests.conftest import AccessLogWatch
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.people.factories import link

from .factories import course_run, enrolment, offer, participant, referral

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def provider() -> Department:
    return DepartmentFactory.create(name="Socialafdeling udfører")


def _staff(department: Department) -> User:
    return UserFactory.create(roles=["provider_staff"], departments=[department])


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# Referrals ----------------------------------------------------------------------------------


def test_a_decided_referral_cannot_be_answered_again(
    provider: Department, access_log: AccessLogWatch
) -> None:
    pending = referral(offer(provider))
    staff = _staff(provider)
    services.referral_decline(actor=staff, referral_id=pending.pk, reason="Holdet er fuldt")
    access_log.reset()
    with pytest.raises(ValidationError) as accepted:
        services.referral_accept(actor=staff, referral_id=pending.pk, starts_on=TODAY)
    assert "Henvisningen er allerede besvaret." in _messages(accepted)
    with pytest.raises(ValidationError) as declined:
        services.referral_decline(actor=staff, referral_id=pending.pk, reason="Igen")
    assert "Henvisningen er allerede besvaret." in _messages(declined)
    pending.refresh_from_db()
    assert (pending.status, pending.decline_reason) == (Referral.Status.DECLINED, "Holdet er fuldt")
    assert not Enrolment.objects.exists() and not Intervention.objects.exists()
    assert access_log.new() == []


def test_an_answer_from_a_stale_page_is_refused_and_changes_nothing(
    provider: Department, access_log: AccessLogWatch
) -> None:
    pending = referral(offer(provider))
    first, second = _staff(provider), _staff(provider)
    read_at = pending.version
    services.referral_decline(actor=first, referral_id=pending.pk, reason="Fuldt", version=read_at)
    access_log.reset()
    with pytest.raises(StaleWriteError) as stale:
        services.referral_accept(
            actor=second, referral_id=pending.pk, starts_on=TODAY, version=read_at
        )
    assert stale.value.current.status == Referral.Status.DECLINED
    assert stale.value.changed_by == str(first)
    assert not Enrolment.objects.exists()
    assert access_log.new() == []


def test_accepting_moves_the_referral_to_its_next_version_and_logs_the_answer(
    provider: Department, access_log: AccessLogWatch
) -> None:
    pending = referral(offer(provider))
    made = services.referral_accept(
        actor=_staff(provider), referral_id=pending.pk, starts_on=TODAY, version=pending.version
    )
    pending.refresh_from_db()
    assert pending.version == 2 and made.version == 1
    [entry] = access_log.new()
    assert (entry.granted, entry.action, entry.object_type, entry.object_id) == (
        True,
        "update",
        "offers.referral",
        str(pending.pk),
    )
    assert entry.citizen_id == pending.citizen_id


def test_a_provider_who_sees_the_citizen_elsewhere_cannot_answer_and_is_logged(
    provider: Department, access_log: AccessLogWatch
) -> None:
    pending = referral(offer(provider))
    other = DepartmentFactory.create()
    link(pending.citizen, other)
    outsider = _staff(other)
    access_log.reset()
    with pytest.raises(Http404):
        services.referral_accept(actor=outsider, referral_id=pending.pk, starts_on=TODAY)
    [entry] = access_log.new()
    assert (entry.granted, entry.object_type, entry.object_id, entry.citizen_id) == (
        False,
        "offers.referral",
        str(pending.pk),
        pending.citizen_id,
    )
    pending.refresh_from_db()
    assert pending.status == Referral.Status.PENDING


# Enrolments ---------------------------------------------------------------------------------


def test_an_ended_enrolment_cannot_be_ended_again(
    provider: Department, access_log: AccessLogWatch
) -> None:
    staff = _staff(provider)
    running = enrolment(offer(provider), starts_on=TODAY - 20 * DAY)
    services.enrolment_end(
        actor=staff, enrolment_id=running.pk, ends_on=TODAY - DAY, end_reason="completed"
    )
    access_log.reset()
    with pytest.raises(ValidationError) as again:
        services.enrolment_end(
            actor=staff, enrolment_id=running.pk, ends_on=TODAY, end_reason="dropped_out"
        )
    assert "Forløbet er allerede afsluttet." in _messages(again)
    running.refresh_from_db()
    assert (running.ends_on, running.end_reason, running.version) == (
        TODAY - DAY,
        "completed",
        2,
    )
    assert access_log.new() == []


def test_ending_the_enrolment_of_a_citizen_one_may_not_see_is_refused_and_logged(
    provider: Department, access_log: AccessLogWatch
) -> None:
    unseen = enrolment(offer(provider), linked=False)
    staff = _staff(provider)
    access_log.reset()
    with pytest.raises(Http404):
        services.enrolment_end(
            actor=staff, enrolment_id=unseen.pk, ends_on=TODAY, end_reason="completed"
        )
    with pytest.raises(PermissionDenied):
        services.enrolment_end(
            actor=UserFactory.create(roles=["caseworker"], departments=[provider]),
            enrolment_id=unseen.pk,
            ends_on=TODAY,
            end_reason="completed",
        )
    assert [(e.granted, e.object_type, e.object_id, e.citizen_id) for e in access_log.new()] == [
        (False, "offers.enrolment", str(unseen.pk), unseen.citizen_id),
        (False, "offers.enrolment", str(unseen.pk), unseen.citizen_id),
    ]
    unseen.refresh_from_db()
    assert unseen.ends_on is None


def test_a_stale_end_form_is_refused(provider: Department) -> None:
    staff = _staff(provider)
    running = enrolment(offer(provider), starts_on=TODAY - 20 * DAY)
    read_at = running.version
    services.enrolment_end(
        actor=staff,
        enrolment_id=running.pk,
        ends_on=TODAY,
        end_reason="completed",
        version=read_at,
    )
    with pytest.raises(StaleWriteError):
        services.enrolment_end(
            actor=staff,
            enrolment_id=running.pk,
            ends_on=TODAY,
            end_reason="dropped_out",
            version=read_at,
        )
    running.refresh_from_db()
    assert running.end_reason == "completed"


def test_adding_a_participant_logs_once_and_refuses_what_it_cannot_add(
    provider: Department, access_log: AccessLogWatch
) -> None:
    course = offer(provider)
    run = course_run(course)
    staff = _staff(provider)
    running = enrolment(course)
    ended = enrolment(course, ends_on=TODAY, end_reason="completed")
    unseen = enrolment(course, linked=False)
    access_log.reset()
    added = services.participant_add(actor=staff, course_run_id=run.pk, enrolment_id=running.pk)
    [entry] = access_log.new()
    assert (entry.action, entry.object_type, entry.citizen_id) == (
        "create",
        "offers.participant",
        running.citizen_id,
    )
    access_log.reset()
    for enrolment_id in (running.pk, ended.pk, None, enrolment(offer(provider)).pk):
        with pytest.raises(ValidationError):
            services.participant_add(actor=staff, course_run_id=run.pk, enrolment_id=enrolment_id)
    assert access_log.new() == []
    with pytest.raises(Http404):
        services.participant_add(actor=staff, course_run_id=run.pk, enrolment_id=unseen.pk)
    assert [(e.granted, e.citizen_id) for e in access_log.new()] == [(False, unseen.citizen_id)]
    assert list(Participant.objects.filter(course_run=run)) == [added]


# Attendance ---------------------------------------------------------------------------------


def _session(run: CourseRun, day: datetime.date) -> CourseSession:
    return CourseSession.objects.create(
        course_run=run, date=day, starts_at=datetime.time(10), ends_at=datetime.time(12)
    )


def test_attendance_before_the_enrolment_started_is_refused_in_danish(
    provider: Department, access_log: AccessLogWatch
) -> None:
    run = course_run(offer(provider))
    early = _session(run, TODAY - 5 * DAY)
    joined_later = participant(run, starts_on=TODAY - 2 * DAY)
    on_time = participant(run, starts_on=TODAY - 10 * DAY)
    access_log.reset()
    with pytest.raises(ValidationError) as refused:
        services.attendance_register(
            actor=_staff(provider),
            session_id=early.pk,
            statuses={joined_later.pk: "present", on_time.pk: "present"},
            guidance_note="Budget",
        )
    starts = f"{joined_later.enrolment.starts_on.day}. "
    text = _messages(refused)
    assert joined_later.enrolment.citizen.full_name in text
    assert "Forløbet starter" in text and starts in text and "efter denne mødegang" in text
    assert not Attendance.objects.exists()
    early.refresh_from_db()
    assert early.guidance_note == ""
    assert access_log.new() == []


def test_attendance_after_the_enrolment_ended_is_refused_in_danish(provider: Department) -> None:
    run = course_run(offer(provider))
    late = _session(run, TODAY - DAY)
    left = participant(run, starts_on=TODAY - 30 * DAY, ends_on=TODAY - 3 * DAY, end_reason="other")
    with pytest.raises(ValidationError) as refused:
        services.attendance_register(
            actor=_staff(provider), session_id=late.pk, statuses={left.pk: "absent"}
        )
    assert "Forløbet sluttede" in _messages(refused)
    assert "før denne mødegang" in _messages(refused)
    assert not Attendance.objects.exists()


def test_attendance_on_the_first_and_the_last_day_is_accepted(provider: Department) -> None:
    run = course_run(offer(provider))
    first_day = _session(run, TODAY - 4 * DAY)
    starter = participant(run, starts_on=TODAY - 4 * DAY)
    leaver = participant(
        run, starts_on=TODAY - 30 * DAY, ends_on=TODAY - 4 * DAY, end_reason="other"
    )
    services.attendance_register(
        actor=_staff(provider),
        session_id=first_day.pk,
        statuses={starter.pk: "present", leaver.pk: "present"},
    )
    assert Attendance.objects.filter(session=first_day).count() == 2


def test_attendance_for_a_session_in_the_future_is_refused_in_danish(
    provider: Department, access_log: AccessLogWatch
) -> None:
    run = course_run(offer(provider))
    coming = _session(run, TODAY + DAY)
    member = participant(run)
    with pytest.raises(ValidationError) as refused:
        services.attendance_register(
            actor=_staff(provider), session_id=coming.pk, statuses={member.pk: "present"}
        )
    assert "ikke har fundet sted endnu" in _messages(refused)
    assert not Attendance.objects.exists()
    assert access_log.new() == []


def test_attendance_for_a_citizen_one_may_not_see_is_refused_logged_and_writes_nothing(
    provider: Department, access_log: AccessLogWatch
) -> None:
    run = course_run(offer(provider))
    session = run.sessions.get(date=TODAY)
    seen = participant(run)
    unseen = participant(run, linked=False)
    access_log.reset()
    with pytest.raises(Http404):
        services.attendance_register(
            actor=_staff(provider),
            session_id=session.pk,
            statuses={seen.pk: "present", unseen.pk: "present"},
        )
    assert [(e.granted, e.citizen_id) for e in access_log.new()] == [
        (False, unseen.enrolment.citizen_id)
    ]
    assert not Attendance.objects.exists()


# Pages --------------------------------------------------------------------------------------


def test_the_answer_page_carries_the_version_and_shows_a_colleagues_answer(
    provider: Department,
) -> None:
    pending = referral(offer(provider))
    client = login_staff(Client(), _staff(provider))
    url = reverse("offers:referral_accept", args=[pending.pk])
    page = client.get(url)
    assert page.context["write_token"].version == pending.version
    assert 'name="_version"' in page.content.decode()
    services.referral_decline(actor=_staff(provider), referral_id=pending.pk, reason="Fuldt")
    stale = client.post(url, {"starts_on": TODAY.isoformat(), "_version": pending.version})
    assert stale.status_code == 200
    assert stale.context["conflict"] is not None
    assert not Enrolment.objects.exists()
    shown = client.get(url)
    assert not shown.context["can_answer"]
    assert "Henvisningen er allerede besvaret." in shown.content.decode()


def test_the_answer_page_of_another_departments_offer_shows_no_form(
    provider: Department,
) -> None:
    pending = referral(offer(provider))
    other = DepartmentFactory.create()
    link(pending.citizen, other)
    client = login_staff(Client(), _staff(other))
    page = client.get(reverse("offers:referral_decline", args=[pending.pk]))
    assert page.status_code == 200 and not page.context["can_answer"]
    assert "Kun medarbejdere i tilbuddets egen afdeling" in page.content.decode()
    refused = client.post(
        reverse("offers:referral_decline", args=[pending.pk]), {"reason": "Fuldt"}
    )
    assert refused.status_code == 404


def test_the_attendance_page_shows_the_refusal_and_keeps_the_choices(
    provider: Department,
) -> None:
    run = course_run(offer(provider))
    early = _session(run, TODAY - 5 * DAY)
    joined_later = participant(run, starts_on=TODAY - 2 * DAY)
    client = login_staff(Client(), _staff(provider))
    url = reverse("offers:attendance", args=[early.pk])
    response = client.post(url, {f"p{joined_later.pk}": "present", "guidance_note": ""})
    assert response.status_code == 200
    assert "efter denne mødegang" in response.content.decode()
    assert response.context["form"][f"p{joined_later.pk}"].value() == "present"
    assert not Attendance.objects.exists()
    coming = client.get(
        reverse("offers:attendance", args=[run.sessions.get(date=TODAY + 7 * DAY).pk])
    )
    assert "Mødegangen har ikke fundet sted endnu" in coming.content.decode()


def test_a_failure_after_the_citizens_writes_of_a_session_writes_and_logs_nothing(
    provider: Department, access_log: AccessLogWatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attendance is one compound write: when the session's note fails after every
    citizen's row and entry were written, the rows and the entries roll back together."""
    run = course_run(offer(provider))
    session = run.sessions.get(date=TODAY)
    first, second = participant(run), participant(run)
    saved = services.validated_save

    def failing(obj: models.Model, **kwargs: Any) -> None:
        if isinstance(obj, CourseSession):
            raise ValidationError({"guidance_note": "Fejl"})
        saved(obj, **kwargs)

    monkeypatch.setattr(services, "validated_save", failing)
    access_log.reset()
    with pytest.raises(ValidationError):
        services.attendance_register(
            actor=_staff(provider),
            session_id=session.pk,
            statuses={first.pk: "present", second.pk: "absent"},
            guidance_note="Budget",
        )
    assert not Attendance.objects.exists()
    assert access_log.new() == []
    monkeypatch.setattr(services, "validated_save", saved)
    services.attendance_register(
        actor=_staff(provider),
        session_id=session.pk,
        statuses={first.pk: "present", second.pk: "absent"},
    )
    logged = access_log.new()
    assert sorted(e.citizen_id for e in logged) == sorted(
        [first.enrolment.citizen_id, second.enrolment.citizen_id]
    )
    assert {(e.action, e.granted) for e in logged} == {("create", True)}
