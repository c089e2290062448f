"""Kept months: ended months are computed once, forgetting a month forgets the later ones
too, and the open month is never kept."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from roret.core import kept
from roret.core.deadlines import add_months
from roret.core.models import KeptMonth

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONTHS = [add_months(TODAY.replace(day=1), -back) for back in range(3, -1, -1)]


def _read(
    today: datetime.date = TODAY, report: str = "test", during: object = None
) -> tuple[dict[datetime.date, object], list]:
    asked: list[list[datetime.date]] = []

    def compute(missing: list[datetime.date]) -> dict[datetime.date, object]:
        asked.append(missing)
        if callable(during):
            during()
        return {month: [month.isoformat(), len(asked)] for month in missing}

    return kept.monthly(report=report, months=MONTHS, today=today, compute=compute), asked


def test_ended_months_are_computed_once_and_the_open_month_every_time() -> None:
    first, asked = _read()
    assert asked == [MONTHS]
    assert set(KeptMonth.objects.values_list("month", flat=True)) == set(MONTHS[:-1])
    second, asked = _read()
    assert asked == [MONTHS[-1:]]
    assert [second[m] for m in MONTHS[:-1]] == [first[m] for m in MONTHS[:-1]]


def test_forgetting_a_month_forgets_it_and_the_later_ones() -> None:
    _read()
    kept.forget(report="test", since=MONTHS[1] + datetime.timedelta(days=3))
    assert list(KeptMonth.objects.values_list("month", flat=True)) == [MONTHS[0]]
    _values, asked = _read()
    assert asked == [MONTHS[1:]]
    kept.forget(report="other", since=MONTHS[0])
    assert KeptMonth.objects.count() == 3


def test_a_day_ahead_keeps_nothing_of_the_real_open_month() -> None:
    _read(today=add_months(TODAY, 2))
    assert MONTHS[-1] not in set(KeptMonth.objects.values_list("month", flat=True))


def test_a_part_is_forgotten_with_its_report_and_a_report_named_alike_is_not() -> None:
    _read(report="test/part")
    _read(report="testing")
    kept.forget(report="test", since=MONTHS[2])
    assert (
        sorted(KeptMonth.objects.filter(report="test/part").values_list("month", flat=True))
        == (MONTHS[:2])
    )
    assert KeptMonth.objects.filter(report="testing").count() == 3
    _values, asked = _read(report="test/part")
    assert asked == [MONTHS[2:]]


def test_a_part_keeps_nothing_when_its_report_was_forgotten_while_it_computed() -> None:
    _values, asked = _read(
        report="test/part", during=lambda: kept.forget(report="test", since=MONTHS[0])
    )
    assert asked == [MONTHS]
    assert not KeptMonth.objects.filter(report="test/part").exists()
