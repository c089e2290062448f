"""Deadline arithmetic for processing standards: pure functions, no database.

A standard is an amount and a unit (``Unit``). The rules (docs/casework.md):

- A *non-working day* is a Saturday, a Sunday, a Danish public holiday (``holidays.Denmark``;
  store bededag is not one from 2024), grundlovsdag (5 June), 24 December or 31 December:
  the days a municipal administration is closed.
- Calendar days, weeks and months are counted from the day of receipt; a deadline that lands
  on a non-working day moves to the next working day.
- A week deadline ends on the same weekday as the receipt; a month deadline on the same day
  of the month, or the month's last day when it is shorter (31 January + 1 month is 28 or
  29 February).
- Working days are counted after the day of receipt, skipping non-working days.
- "Immediately" is the day of receipt, or the next working day when the application arrived
  on a non-working day: nobody is there to decide it before then.
"""

from __future__ import annotations

import calendar
import datetime
import enum
from functools import lru_cache

import holidays

# Days the administration is closed although they are not public holidays.
_CLOSED_DAYS = {(6, 5), (12, 24), (12, 31)}
_SATURDAY = 5


class Unit(enum.StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    WORKING_DAYS = "working_days"
    IMMEDIATELY = "immediately"


@lru_cache(maxsize=256)
def _holidays_in(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.Denmark(years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return (
        day.weekday() < _SATURDAY
        and (day.month, day.day) not in _CLOSED_DAYS
        and day not in _holidays_in(day.year)
    )


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(start: datetime.date, amount: int) -> datetime.date:
    """The ``amount``-th working day after ``start`` (``start`` itself is not counted)."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    day = start
    remaining = amount
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return next_working_day(day)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day of the month ``months`` later, or that month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(
        year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1])
    )


def deadline(received: datetime.date, amount: int, unit: Unit | str) -> datetime.date:
    """The last day on which the decision is in time for an application received on
    ``received`` under a standard of ``amount`` ``unit``."""
    unit = Unit(unit)
    if amount < 0:
        raise ValueError("amount must not be negative")
    if unit is Unit.WORKING_DAYS:
        return add_working_days(received, amount)
    if unit is Unit.IMMEDIATELY:
        return next_working_day(received)
    if unit is Unit.CALENDAR_DAYS:
        raw = received + datetime.timedelta(days=amount)
    elif unit is Unit.WEEKS:
        raw = received + datetime.timedelta(weeks=amount)
    else:
        raw = add_months(received, amount)
    return next_working_day(raw)
