"""Writes to the journal and the calendar: keyword-only, typed, on the one write path
(``roret.people.writes``: permission, one transaction, one access-log entry each). Notes are
never changed or deleted: a correction is a new version."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any, Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.audit.services import StaffChange, staff_change
from roret.journal.models import Appointment, CalendarFeed, Note
from roret.journal.rules import can_write_journal
from roret.organisation.models import Partner
from roret.people.models import Citizen
from roret.people.writes import Rows, citizen_write
from roret.plans.models import Goal, Intervention, Plan

Action = AccessLogEntry.Action
FEED_OBJECT = "journal.calendarfeed"


def _check_plan_objects(
    citizen: Citizen, goal: Goal | None, intervention: Intervention | None
) -> None:
    if goal is not None and goal.plan.citizen_id != citizen.pk:
        raise ValidationError({"goal": _("Choose one of the citizen's goals.")})
    if intervention is not None and intervention.plan.citizen_id != citizen.pk:
        raise ValidationError({"intervention": _("Choose one of the citizen's interventions.")})


def note_add(
    *,
    actor: User,
    citizen_id: int,
    text: str,
    visibility: str = Note.Visibility.INTERNAL,
    goal: Goal | None = None,
    intervention: Intervention | None = None,
) -> Note:
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_write_journal,
        purpose=gettext_lazy("Writing a journal note"),
    ) as write:
        _check_plan_objects(write.citizen, goal, intervention)
        note = Note(
            citizen=write.citizen,
            text=text.strip(),
            visibility=visibility,
            goal=goal,
            intervention=intervention,
            author=actor,
            author_department_id=write.access.acting_department_id,
        )
        write.save(note, exclude=["citizen", "author", "author_department"])
    return note


# A note is corrected in the department of its author.
_NOTES = Rows(
    Note.objects.all,
    can_write_journal,
    allowed=lambda actor, note: note.author_department_id in actor.department_ids,
)


_APPOINTMENTS = Rows(
    Appointment.objects.all,
    can_write_journal,
    allowed=lambda actor, appointment: appointment.department_id in actor.department_ids,
)


def note_correct(*, actor: User, note_id: int, text: str, visibility: str) -> Note:
    """A new version of a note; the old version stays, visible to staff. Only the author's
    department corrects its notes, and only the latest version: the version corrected is
    locked, so two corrections of it at once cannot both be saved."""
    purpose = gettext_lazy("Correcting a journal note")
    with _NOTES.write(actor, note_id, purpose, action=Action.CREATE) as write:
        original = write.row
        if Note.objects.filter(corrects=original).exists():
            raise ValidationError(_("This version has already been corrected. Correct the latest."))
        note = Note(
            citizen=write.citizen,
            text=text.strip(),
            visibility=visibility,
            goal_id=original.goal_id,
            intervention_id=original.intervention_id,
            corrects=original,
            author=actor,
            author_department_id=original.author_department_id,
        )
        if note.text == original.text and note.visibility == original.visibility:
            raise ValidationError({"text": _("The correction is the same as the note.")})
        write.save(
            note,
            exclude=["citizen", "author", "author_department", "corrects", "goal", "intervention"],
        )
    return note


class Meeting(TypedDict, total=False):
    """A meeting as its form gives it: booked and changed with the same fields."""

    title: Required[str]
    starts_at: Required[datetime.datetime]
    ends_at: Required[datetime.datetime]
    place: str
    is_online: bool
    citizen_attends: bool
    staff: Iterable[User]
    partners: Iterable[Partner]


def _meeting_fields(meeting: Meeting) -> dict[str, Any]:
    """The appointment's own fields from ``meeting``, checked (the people taking part are
    set apart, after the save)."""
    fields: dict[str, Any] = {
        "title": meeting["title"].strip(),
        "starts_at": meeting["starts_at"],
        "ends_at": meeting["ends_at"],
        "place": meeting.get("place", "").strip(),
        "is_online": meeting.get("is_online", False),
        "citizen_attends": meeting.get("citizen_attends", True),
    }
    if fields["ends_at"] <= fields["starts_at"]:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if not fields["place"] and not fields["is_online"]:
        raise ValidationError({"place": _("Give a place, or mark the meeting as online.")})
    return fields


def appointment_add(*, actor: User, citizen_id: int, **meeting: Unpack[Meeting]) -> Appointment:
    fields = _meeting_fields(meeting)
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_write_journal,
        purpose=gettext_lazy("Booking a meeting"),
    ) as write:
        appointment = Appointment(
            citizen=write.citizen,
            plan=Plan.objects.filter(citizen=write.citizen, is_current=True).first(),
            **fields,
            department_id=write.access.acting_department_id,
            created_by=actor,
        )
        write.save(appointment, exclude=["citizen", "plan", "department", "created_by"])
        appointment.staff.set({actor, *meeting.get("staff", ())})
        appointment.partners.set(list(meeting.get("partners", ())))
    return appointment


def appointment_edit(
    *,
    actor: User,
    appointment_id: int,
    version: int | None = None,
    **meeting: Unpack[Meeting],
) -> Appointment:
    """Change a booked meeting: a meeting of the actor's own department, not cancelled. The
    one who booked it stays among the staff taking part; the others are those chosen."""
    fields = _meeting_fields(meeting)
    with _APPOINTMENTS.write(
        actor, appointment_id, gettext_lazy("Changing a meeting"), version
    ) as write:
        appointment = write.row
        if appointment.cancelled_at is not None:
            raise ValidationError(_("The meeting has been cancelled and cannot be changed."))
        for name, value in fields.items():
            setattr(appointment, name, value)
        write.save(appointment, update_fields=list(fields))
        staff = meeting.get("staff", ())
        appointment.staff.set({appointment.created_by_id, *(person.pk for person in staff)})
        appointment.partners.set(list(meeting.get("partners", ())))
    return appointment


def _feed_change(actor: User, action: str, purpose: str) -> AbstractContextManager[StaffChange]:
    """A logged change of the actor's own calendar feeds."""
    return staff_change(actor=actor, action=action, object_type=FEED_OBJECT, purpose=purpose)


def _revoke_feeds(actor: User) -> int:
    return CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_create(*, actor: User) -> str:
    """A new secret feed URL token for the actor; earlier feeds stop working. The token is
    returned once and only its hash is stored."""
    token = secrets.token_urlsafe(32)
    with _feed_change(actor, Action.CREATE, gettext_noop("Personal calendar feed")) as change:
        _revoke_feeds(actor)
        feed = CalendarFeed.objects.create(user=actor, token_hash=CalendarFeed.hash_token(token))
        change.object_id = feed.pk
    return token


def calendar_feed_revoke(*, actor: User) -> int:
    with _feed_change(
        actor, Action.UPDATE, gettext_noop("Personal calendar feed revoked")
    ) as change:
        revoked = _revoke_feeds(actor)
        change.object_id = actor.pk
    return revoked
