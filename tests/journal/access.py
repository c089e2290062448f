"""Access-matrix entries for the journal and calendar (format: tests/access_matrix.py).

The iCal feed is public: a calendar client cannot log in, so the secret token in the URL is
the credential (unknown or revoked: 404). A citizen's journal is read and written by the roles
that work with the citizen; finance and management do not read notes."""

from __future__ import annotations

import datetime

from django.utils import timezone

from roret.journal.models import Note
from roret.journal.services import appointment_add, calendar_feed_create
from tests.access_matrix import PAGE, PUBLIC, Route, Scope
from tests.factories import UserFactory
from tests.people.factories import CitizenFactory, link

WRITERS = {"caseworker", "coordinator", "team_leader", "outreach_worker", "provider_staff"}


def citizen(scope: Scope) -> dict[str, object]:
    linked = CitizenFactory.create()
    link(linked, scope.department, team=scope.team)
    return {"citizen_pk": linked.pk}


def note(scope: Scope) -> dict[str, object]:
    linked = CitizenFactory.create()
    link(linked, scope.department, team=scope.team)
    author = UserFactory.create(roles=["caseworker"], departments=[scope.department])
    made = Note.objects.create(
        citizen=linked,
        text="Samtale om bolig.",
        author=author,
        author_department=scope.department,
    )
    return {"pk": made.pk}


def appointment(scope: Scope) -> dict[str, object]:
    linked = CitizenFactory.create()
    link(linked, scope.department, team=scope.team)
    booker = UserFactory.create(roles=["caseworker"], departments=[scope.department])
    start = timezone.now() + datetime.timedelta(days=1)
    made = appointment_add(
        actor=booker,
        citizen_id=linked.pk,
        title="Samtale om bolig",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Borgerservice",
    )
    return {"pk": made.pk}


def feed_token(scope: Scope) -> dict[str, object]:
    owner = UserFactory.create(roles=["caseworker"], departments=[scope.department])
    return {"token": calendar_feed_create(actor=owner)}


ROUTES = [
    Route("journal:citizen_timeline", PAGE, roles=WRITERS, kwargs=citizen, department_scoped=True),
    Route("journal:note_add", PAGE, roles=WRITERS, kwargs=citizen, department_scoped=True),
    Route("journal:appointment_add", PAGE, roles=WRITERS, kwargs=citizen, department_scoped=True),
    Route(
        "journal:appointment_edit", PAGE, roles=WRITERS, kwargs=appointment, department_scoped=True
    ),
    Route("journal:note_correct", PAGE, roles=WRITERS, kwargs=note, department_scoped=True),
    Route("journal:calendar", PAGE),
    Route("journal:calendar_feed", PAGE),
    Route("journal:ical_feed", PUBLIC, kwargs=feed_token),
]
