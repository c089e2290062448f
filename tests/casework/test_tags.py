"""An application's badges, drawn by a tag rather than a template included once per row."""

from __future__ import annotations

import datetime

from django.utils import translation

from roret.casework.models import Application
from roret.casework.templatetags.casework_tags import application_marks

TODAY = datetime.date(2026, 12, 3)


def _marks(**fields: object) -> str:
    application = Application(status=Application.Status.RECEIVED, **fields)
    with translation.override("da"):
        return str(application_marks(application, TODAY))


def test_fast_track_and_overdue_are_both_marked() -> None:
    marks = _marks(fast_track=True, deadline=TODAY - datetime.timedelta(days=1))
    assert "Grøn bølge" in marks and "Over fristen" in marks
    assert marks.count('class="badge badge-small') == 3  # and the notice is due


def test_a_deadline_within_the_week_is_due_soon_not_overdue() -> None:
    marks = _marks(deadline=TODAY + datetime.timedelta(days=3))
    assert "Over fristen" not in marks and "badge-warning" in marks


def test_a_requested_fast_track_is_marked_and_nothing_else_without_a_deadline() -> None:
    application = Application(status=Application.Status.RECEIVED)
    application.has_pending_request = True  # type: ignore[attr-defined]
    with translation.override("da"):
        marks = str(application_marks(application, TODAY))
    assert marks.count("<span") == 1 and "badge-success" not in marks


def test_a_decided_application_has_no_deadline_marks() -> None:
    application = Application(
        status=Application.Status.GRANTED, deadline=TODAY - datetime.timedelta(days=9)
    )
    assert str(application_marks(application, TODAY)) == ""
