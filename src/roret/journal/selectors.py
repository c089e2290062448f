"""Reads for the journal and the calendar, fixed query counts. A page about one citizen takes
the ``CitizenAccess`` its route's gate decided and logged (``roret.people.gate``); the
calendar, across citizens, logs its own entry.

Who reads which note: a page about the citizen is reachable only by a department that may see
the citizen (an active link or a valid consent). Shared notes are shown to all of them;
internal notes only to the department that wrote them and to departments with an active link
to the citizen, never to a department that sees the citizen through consent alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.journal.models import Appointment, CalendarFeed, Note
from roret.people.access import CitizenAccess, log_list
from roret.people.models import CONSENT_LINK, Citizen, CitizenLink

Action = AccessLogEntry.Action


@dataclass
class TimelineItem:
    """One entry of a citizen's timeline. ``kind`` says which field is set; portal messages
    will join as a third kind, so readers of the timeline switch on ``kind``."""

    kind: Literal["note", "appointment"]
    at: datetime.datetime
    note: Note | None = None
    appointment: Appointment | None = None
    earlier_versions: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class Timeline:
    citizen: Citizen
    items: list[TimelineItem]
    sees_internal_notes_of_others: bool


def _has_active_link(user: User, citizen_id: int) -> bool:
    return (
        CitizenLink.objects.active_on(timezone.localdate())
        .filter(citizen_id=citizen_id)
        .exclude(source_type=CONSENT_LINK)
        .filter(Q(department_id__in=user.department_ids) | Q(team_id__in=user.team_ids))
        .exists()
    )


def notes_visible_to(user: User, citizen_id: int, *, linked: bool) -> Q:
    condition = Q(visibility=Note.Visibility.SHARED) | Q(
        author_department_id__in=user.department_ids
    )
    return condition | Q(visibility=Note.Visibility.INTERNAL) if linked else condition


def _note_items(notes: list[Note]) -> list[TimelineItem]:
    """Current versions as timeline items, each with the versions it replaced (newest
    first)."""
    by_id = {note.pk: note for note in notes}
    replaced = {note.corrects_id for note in notes if note.corrects_id}
    items = []
    for note in notes:
        if note.pk in replaced:
            continue
        earlier = []
        previous = by_id.get(note.corrects_id) if note.corrects_id else None
        while previous is not None:
            earlier.append(previous)
            previous = by_id.get(previous.corrects_id) if previous.corrects_id else None
        first = earlier[-1] if earlier else note
        items.append(
            TimelineItem(kind="note", at=first.created_at, note=note, earlier_versions=earlier)
        )
    return items


def citizen_timeline(*, access: CitizenAccess) -> Timeline:
    """Notes and meetings about the citizen, newest first, in one merged typed list. The
    route's gate has checked and logged the access."""
    user, citizen = access.user, access.citizen
    linked = _has_active_link(user, citizen.pk)
    notes = list(
        Note.objects.filter(citizen=citizen)
        .filter(notes_visible_to(user, citizen.pk, linked=linked))
        .select_related("author", "author_department", "goal", "intervention")
        .order_by("created_at", "id")
    )
    appointments = [
        TimelineItem(kind="appointment", at=appointment.starts_at, appointment=appointment)
        for appointment in Appointment.objects.filter(citizen=citizen, cancelled_at__isnull=True)
        .prefetch_related(
            Prefetch("staff", queryset=User.objects.order_by("first_name")), "partners"
        )
        .order_by("starts_at")
    ]
    items = sorted([*_note_items(notes), *appointments], key=lambda item: item.at, reverse=True)
    return Timeline(citizen=citizen, items=items, sees_internal_notes_of_others=linked)


def notes_correctable_by(user: User) -> Q:
    """The notes a user may correct: those written in the user's own departments."""
    return Q(author_department_id__in=user.department_ids)


def appointments_editable_by(user: User) -> Q:
    """The meetings a user may change: those booked in the user's own departments, not
    cancelled."""
    return Q(department_id__in=user.department_ids, cancelled_at__isnull=True)


def appointment_for_edit(*, access: CitizenAccess, appointment_id: int) -> Appointment:
    """The meeting to change, with who takes part. The gate has checked the department and
    logged the page."""
    appointment = (
        Appointment.objects.filter(pk=appointment_id, citizen_id=access.citizen_id)
        .filter(appointments_editable_by(access.user))
        .prefetch_related("staff", "partners")
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def note_for_correction(*, access: CitizenAccess, note_id: int) -> Note | None:
    """The version to correct, or None when it has been corrected since (the latest is the
    one to correct). The gate has checked the department and logged the page."""
    replaced = Exists(Note.objects.filter(corrects=OuterRef("pk")))
    note = access.row(Note.objects.annotate(is_replaced=replaced), note_id)
    return None if note.is_replaced else note  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    appointments: list[Appointment]


@dataclass(frozen=True)
class CalendarWeek:
    week_start: datetime.date
    days: list[CalendarDay]

    @property
    def previous(self) -> datetime.date:
        return self.week_start - datetime.timedelta(days=7)

    @property
    def next(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=7)

    @property
    def week_number(self) -> int:
        return self.week_start.isocalendar().week


def calendar_week(*, user: User, day: datetime.date) -> CalendarWeek:
    """The user's meetings Monday to Sunday of the week of ``day``: one search entry, since
    the page lists several citizens."""
    week_start = day - datetime.timedelta(days=day.weekday())
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week_start, datetime.time.min, tzinfo=tz)
    rows = list(
        Appointment.objects.filter(
            staff=user,
            cancelled_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=7),
        )
        .select_related("citizen")
        .order_by("starts_at", "id")
    )
    log_list(
        user=user,
        purpose=gettext_lazy("My calendar"),
        criterion=_("Week %(week)s") % {"week": week_start.isoformat()},
        object_type="journal.appointment",
    )
    days = [
        CalendarDay(
            day=week_start + datetime.timedelta(days=offset),
            appointments=[
                row
                for row in rows
                if timezone.localtime(row.starts_at).date()
                == week_start + datetime.timedelta(days=offset)
            ],
        )
        for offset in range(7)
    ]
    return CalendarWeek(week_start=week_start, days=days)


def has_calendar_feed(*, user: User) -> bool:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).exists()


FEED_PAST_DAYS = 30
FEED_FUTURE_DAYS = 180


def feed_appointments(*, token: str) -> list[Appointment]:
    """The meetings behind a feed token; unknown or revoked token: 404. The caller renders
    only times and a neutral title."""
    feed = (
        CalendarFeed.objects.filter(
            token_hash=CalendarFeed.hash_token(token), revoked_at__isnull=True
        )
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    now = timezone.now()
    return list(
        Appointment.objects.filter(
            staff=feed.user,
            cancelled_at__isnull=True,
            starts_at__gte=now - datetime.timedelta(days=FEED_PAST_DAYS),
            starts_at__lte=now + datetime.timedelta(days=FEED_FUTURE_DAYS),
        )
        .only("pk", "starts_at", "ends_at", "is_online")
        .order_by("starts_at")
    )
