from __future__ import annotations

import datetime

from django import template

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
