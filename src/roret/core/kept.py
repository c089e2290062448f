"""Closed months of reports, computed once and kept.

A report's figures for a month that has ended change only when data dated in that month
arrives late (a decision registered back-dated, an enrolment ended afterwards). A report
therefore reads its closed months from ``KeptMonth`` and computes in SQL only the months
not kept: the open month, months never read before, and months forgotten since. The
services that write what a report counts call ``forget(report=, since=)`` in the same
transaction with the date the write concerns; it deletes that month and every later month
of the report (a figure "active at month end" changes in all months after a back-dated start).

Figures are kept as JSON: ``compute`` returns, per month, a value made of lists, numbers and
strings (no dictionaries with non-string keys), so a kept month reads back exactly as it was
computed. A read keeps what it computed only if no write forgot months of the report while
it computed (``KeptReport.generation``, checked under the row's lock).

A report counted from another report's data is kept as a part of it, named
``"<report>/<part>"``: a write that forgets the report's months forgets the part's too, and
the part shares the report's generation, so no writer needs to know the parts of the data it
writes (outreach's fast-track comparison is a part of casework's processing report).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from roret.core.models import KeptMonth, KeptReport

Compute = Callable[[list[datetime.date]], dict[datetime.date, Any]]


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def as_date(value: Any) -> datetime.date:
    """The month a ``TruncMonth`` gives, as a date on every backend (SQLite may give text or
    a datetime)."""
    if isinstance(value, datetime.datetime):
        return value.date().replace(day=1)
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10]).replace(day=1)
    return month_of(value)


PART = "/"


def _generation_row(report: str) -> str:
    """The report whose ``KeptReport`` row guards ``report``: itself, or the report it is a
    part of."""
    return report.split(PART, 1)[0]


def forget(*, report: str, since: datetime.date | None) -> None:
    """Data dated ``since`` was written: the report's kept months from its month on are out of
    date, and those of its parts. Call inside the write's transaction."""
    if since is None:
        return
    if not KeptReport.objects.filter(report=report).update(generation=F("generation") + 1):
        KeptReport.objects.get_or_create(report=report)
    KeptMonth.objects.filter(
        Q(report=report) | Q(report__startswith=f"{report}{PART}"), month__gte=month_of(since)
    ).delete()


def forget_all() -> None:
    """Every kept month of every report (after data was loaded around the services)."""
    KeptReport.objects.update(generation=F("generation") + 1)
    KeptMonth.objects.all().delete()


def monthly(
    *, report: str, months: Sequence[datetime.date], today: datetime.date, compute: Compute
) -> dict[datetime.date, Any]:
    """The report's figures for each of ``months`` (first days): kept ones as kept, the rest
    from ``compute(missing months)``; those of the missing months that have ended are kept.

    The queries: the generation, the kept months, then ``compute``'s; when months are kept,
    the generation locked and one insert."""
    guard = _generation_row(report)
    generation = KeptReport.objects.get_or_create(report=guard)[0].generation
    # A report asked for a day ahead (a test, a preview) keeps nothing of the real open month.
    open_month = month_of(min(today, timezone.localdate()))
    closed = [month for month in months if month < open_month]
    found = dict(
        KeptMonth.objects.filter(report=report, month__in=closed).values_list("month", "values")
    )
    missing = [month for month in months if month not in found]
    computed = compute(missing) if missing else {}
    fresh = {month: json.loads(json.dumps(computed.get(month))) for month in missing}
    to_keep = [m for m in missing if m < open_month]
    if to_keep:
        with transaction.atomic():
            row = KeptReport.objects.select_for_update().get(report=guard)
            if row.generation == generation:
                KeptMonth.objects.bulk_create(
                    [KeptMonth(report=report, month=m, values=fresh[m]) for m in to_keep],
                    ignore_conflicts=True,
                )
    return {month: found.get(month, fresh.get(month)) for month in months}
