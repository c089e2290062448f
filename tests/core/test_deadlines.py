"""Deadline arithmetic: hand-checked cases against a calendar, and properties for any date."""

from __future__ import annotations

import datetime

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roret.core.deadlines import (
    Unit,
    add_months,
    add_working_days,
    deadline,
    is_working_day,
    next_working_day,
)

D = datetime.date
CAL, WEEKS, MONTHS, WORK, NOW = (
    Unit.CALENDAR_DAYS,
    Unit.WEEKS,
    Unit.MONTHS,
    Unit.WORKING_DAYS,
    Unit.IMMEDIATELY,
)

# (received, amount, unit, deadline, why) — each checked by hand against a printed calendar.
HAND_CHECKED = [
    (D(2025, 3, 3), 10, CAL, D(2025, 3, 13), "plain weekday"),
    (D(2025, 3, 3), 5, CAL, D(2025, 3, 10), "Saturday moves to Monday"),
    (D(2024, 12, 21), 10, CAL, D(2025, 1, 2), "31 Dec, then New Year's Day"),
    (D(2026, 12, 1), 30, CAL, D(2027, 1, 4), "31 Dec, New Year's Day, weekend"),
    (D(2025, 1, 6), 4, WEEKS, D(2025, 2, 3), "same weekday"),
    (D(2024, 3, 7), 3, WEEKS, D(2024, 4, 2), "Maundy Thursday to Easter Monday"),
    (D(2025, 5, 26), 2, WEEKS, D(2025, 6, 10), "Whit Monday"),
    (D(2026, 4, 2), 8, WEEKS, D(2026, 5, 28), "received on Maundy Thursday"),
    (D(2025, 1, 31), 1, MONTHS, D(2025, 2, 28), "month end, common year"),
    (D(2024, 1, 31), 1, MONTHS, D(2024, 2, 29), "month end, leap year"),
    (D(2023, 1, 31), 1, MONTHS, D(2023, 2, 28), "month end, common year (Tuesday)"),
    (D(2023, 12, 31), 2, MONTHS, D(2024, 2, 29), "across the year into a leap February"),
    (D(2024, 2, 29), 12, MONTHS, D(2025, 2, 28), "leap day plus a year"),
    (D(2025, 3, 31), 1, MONTHS, D(2025, 4, 30), "30-day month"),
    (D(2025, 8, 31), 6, MONTHS, D(2026, 3, 2), "28 February 2026 is a Saturday"),
    (D(2025, 5, 5), 1, MONTHS, D(2025, 6, 6), "grundlovsdag"),
    (D(2024, 11, 24), 1, MONTHS, D(2024, 12, 27), "24, 25 and 26 December"),
    (D(2025, 4, 14), 5, WORK, D(2025, 4, 24), "Easter inside the count"),
    (D(2024, 12, 20), 3, WORK, D(2024, 12, 30), "Christmas inside the count"),
    (D(2024, 5, 8), 2, WORK, D(2024, 5, 13), "Ascension Day"),
    (D(2024, 4, 25), 1, WORK, D(2024, 4, 26), "store bededag is a working day from 2024"),
    (D(2023, 5, 4), 1, WORK, D(2023, 5, 8), "store bededag was a holiday in 2023"),
    (D(2025, 6, 2), 30, WORK, D(2025, 7, 16), "grundlovsdag and Whit Monday in 30 days"),
    (D(2025, 3, 8), 0, WORK, D(2025, 3, 10), "zero working days from a Saturday"),
    (D(2025, 3, 3), 0, NOW, D(2025, 3, 3), "immediately on a working day"),
    (D(2025, 12, 24), 0, NOW, D(2025, 12, 29), "immediately on Christmas Eve"),
    (D(2025, 6, 5), 0, NOW, D(2025, 6, 6), "immediately on grundlovsdag"),
]


@pytest.mark.parametrize(("received", "amount", "unit", "expected", "why"), HAND_CHECKED)
def test_hand_checked_deadlines(
    received: datetime.date, amount: int, unit: Unit, expected: datetime.date, why: str
) -> None:
    assert deadline(received, amount, unit) == expected, why


def test_the_holidays_package_has_no_store_bededag_from_2024() -> None:
    for year in range(2024, 2031):
        names = {name.lower() for name in holidays.Denmark(years=year).values()}
        assert not any("prayer" in name or "bededag" in name for name in names), year
    assert not is_working_day(D(2023, 5, 5))
    assert is_working_day(D(2024, 4, 26))
    assert is_working_day(D(2025, 5, 16))


@pytest.mark.parametrize(
    "day", [D(2025, 6, 5), D(2025, 12, 24), D(2025, 12, 31), D(2025, 12, 25), D(2025, 1, 1)]
)
def test_closed_days_are_not_working_days(day: datetime.date) -> None:
    assert not is_working_day(day)


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        deadline(D(2025, 1, 1), -1, CAL)


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))
amounts = st.integers(min_value=0, max_value=400)
units = st.sampled_from(list(Unit))


@given(dates, amounts, units)
def test_a_deadline_is_a_working_day_not_before_receipt(
    received: datetime.date, amount: int, unit: Unit
) -> None:
    result = deadline(received, amount, unit)
    assert is_working_day(result)
    assert result >= received


@given(dates, dates, amounts, units)
def test_a_later_receipt_never_gives_an_earlier_deadline(
    a: datetime.date, b: datetime.date, amount: int, unit: Unit
) -> None:
    first, second = sorted((a, b))
    assert deadline(first, amount, unit) <= deadline(second, amount, unit)


@given(dates, st.integers(min_value=1, max_value=400))
def test_working_days_count_exactly(received: datetime.date, amount: int) -> None:
    result = add_working_days(received, amount)
    days = [received + datetime.timedelta(days=i) for i in range(1, (result - received).days + 1)]
    assert sum(is_working_day(day) for day in days) == amount


@given(dates, st.integers(min_value=0, max_value=60))
def test_weeks_end_on_the_same_weekday_unless_moved(received: datetime.date, weeks: int) -> None:
    raw = received + datetime.timedelta(weeks=weeks)
    result = deadline(received, weeks, WEEKS)
    assert result == raw if is_working_day(raw) else raw < result <= raw + datetime.timedelta(5)
    if is_working_day(raw):
        assert result.weekday() == received.weekday()


@given(dates, st.integers(min_value=0, max_value=120))
def test_months_keep_the_day_of_month_or_take_the_last_day(
    received: datetime.date, months: int
) -> None:
    raw = add_months(received, months)
    assert (raw.year * 12 + raw.month) - (received.year * 12 + received.month) == months
    if raw.day != received.day:
        assert raw.day < received.day
        assert (raw + datetime.timedelta(days=1)).month != raw.month
    assert deadline(received, months, MONTHS) == next_working_day(raw)


@given(dates)
def test_a_run_of_closed_days_is_at_most_five_long(day: datetime.date) -> None:
    # Maundy Thursday to Easter Monday is the longest: the roll-forward is bounded.
    assert (next_working_day(day) - day).days <= 5
