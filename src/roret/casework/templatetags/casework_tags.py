from __future__ import annotations

import datetime

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from roret.casework.models import Application

register = template.Library()


@register.filter
def overdue(application: Application, today: datetime.date) -> bool:
    return application.is_overdue(today)


@register.filter
def due_soon(application: Application, today: datetime.date) -> bool:
    return application.is_due_this_week(today)


@register.filter
def notice_due(application: Application, today: datetime.date) -> bool:
    return application.needs_notice(today)


def _badge(kind: str, text: str) -> SafeString:
    return format_html('<span class="badge badge-small{}">{}</span>', kind, text)


@register.simple_tag
def application_marks(application: Application, today: datetime.date) -> SafeString:
    """The badges of an application (fast track, overdue, due soon, notice due), in Python
    rather than an included template: a queue shows one per row, and an include per row
    costs more than the row itself."""
    marks = []
    if application.fast_track:
        marks.append(_badge(" badge-success", _("Fast track")))
    elif getattr(application, "has_pending_request", False):
        marks.append(_badge("", _("Fast track requested")))
    if application.is_overdue(today):
        marks.append(_badge(" badge-error", _("Overdue")))
    elif application.is_due_this_week(today):
        marks.append(_badge(" badge-warning", _("Due within a week")))
    if application.needs_notice(today):
        marks.append(_badge(" badge-warning", _("Send notice of expected decision date")))
    return format_html_join(" ", "{}", ((mark,) for mark in marks))
