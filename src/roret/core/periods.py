"""Report periods, shared by every module's reports."""

from __future__ import annotations

import datetime

from roret.core.deadlines import add_months

REPORT_MONTHS = 12


def report_period(
    today: datetime.date, months: int = REPORT_MONTHS
) -> tuple[datetime.date, datetime.date, list[datetime.date]]:
    """The last ``months`` calendar months, the current one included: the first day, the day
    after ``today`` (the period's open end) and the first day of each month."""
    first = today.replace(day=1)
    firsts = [add_months(first, -offset) for offset in range(months - 1, -1, -1)]
    return firsts[0], today + datetime.timedelta(days=1), firsts
