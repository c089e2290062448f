"""Reads for the drop-in pages. Figures are summed in the database (GROUP BY); only the
quantiles of the staffing view are taken in Python, over the already-summed slots, because
SQLite has no percentile function. Each function runs a fixed number of queries."""

from __future__ import annotations

import datetime
import statistics as stats
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.db.models.functions import ExtractIsoWeekDay, ExtractMonth, ExtractYear
from django.utils import timezone

from roret.accounts.models import User
from roret.dropin.access import site_for
from roret.dropin.models import Category, Correction, Count, OpeningHours, Site, Slot, Weekday
from roret.dropin.rules import can_count, can_see_statistics, can_use_dropin
from roret.dropin.services import slot_hour


@dataclass(frozen=True)
class SiteRow:
    site: Site
    can_count: bool
    can_see_statistics: bool


def sites_for(*, user: User) -> list[SiteRow]:
    """The active sites of the user's departments, with what the user may do at each."""
    if not can_use_dropin.test(user):
        return []
    sites = Site.objects.filter(is_active=True, department_id__in=user.department_ids)
    return [
        SiteRow(site, can_count.test(user, site), can_see_statistics.test(user, site))
        for site in sites.select_related("department").prefetch_related("opening_hours")
    ]


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    visits_today: int


@dataclass(frozen=True)
class Counter:
    site: Site
    date: datetime.date
    hour: int
    slot_name: str
    categories: list[CategoryCount]

    @property
    def total_today(self) -> int:
        return sum(row.visits_today for row in self.categories)


def counter(*, user: User, site_id: int) -> Counter:
    site = site_for(user, site_id, can_count)
    now = timezone.localtime()
    slots = list(site.slots.all())
    hour = slot_hour(site, now.hour, slots)
    slot_name = next((slot.name for slot in slots if slot.start_hour == hour), f"{hour:02d}")
    categories = Category.objects.filter(site=site, is_active=True).annotate(
        today=Sum("counts__visits", filter=Q(counts__date=now.date()), default=0)
    )
    return Counter(
        site=site,
        date=now.date(),
        hour=hour,
        slot_name=slot_name,
        categories=[CategoryCount(c, c.today) for c in categories],
    )


@dataclass(frozen=True)
class CorrectionPage:
    site: Site
    categories: list[Category]
    corrections: list[Correction]


CORRECTIONS_SHOWN = 50


def corrections(*, user: User, site_id: int) -> CorrectionPage:
    site = site_for(user, site_id, can_count)
    recent = (
        Correction.objects.filter(count__category__site=site)
        .select_related("count__category", "corrected_by")
        .order_by("-corrected_at", "-id")[:CORRECTIONS_SHOWN]
    )
    return CorrectionPage(site, list(Category.objects.filter(site=site)), list(recent))


def site_for_statistics(*, user: User, site_id: int) -> Site:
    return site_for(user, site_id, can_see_statistics)


@dataclass(frozen=True)
class TimeSlot:
    """A column of the statistics: the hour its counts are kept under (``Count.hour``) and
    the part of the day they cover, which for a named slot is more than that hour."""

    hour: int
    start: int
    end: int
    name: str = ""

    @property
    def label(self) -> str:
        span = f"{self.start:02d}–{self.end:02d}"
        return f"{self.name} {span}" if self.name else span


def time_slots(
    *, slots: Sequence[Slot], opening: Sequence[OpeningHours], counted: Iterable[int]
) -> list[TimeSlot]:
    """The columns of the day from the site's own set-up and what was counted: an hour each,
    or the named slots from the first to the last hour the site is open.

    A tap before the first slot starts is counted in the first slot and the last slot runs
    to closing time (``services.slot_hour``), so the first and last spans stretch to the
    opening hours. A count under an hour that starts no slot (counted before the slots were
    set up) keeps a column of its own rather than vanishing from the sums.
    """
    counted = set(counted)
    hours = {hour for day in opening for hour in day.hours} | counted
    starts = sorted(slot.start_hour for slot in slots)
    if not hours and not starts:
        return []
    first = min(hours | set(starts[:1]))
    after_last = max(hours | set(starts[-1:])) + 1
    if not slots:
        return [TimeSlot(hour, hour, hour + 1) for hour in range(first, after_last)]
    ordered = sorted(slots, key=lambda slot: slot.start_hour)
    columns = [
        TimeSlot(
            hour=slot.start_hour,
            start=first if index == 0 else slot.start_hour,
            end=ordered[index + 1].start_hour if index + 1 < len(ordered) else after_last,
            name=slot.name,
        )
        for index, slot in enumerate(ordered)
    ]
    columns += [TimeSlot(hour, hour, hour + 1) for hour in counted - set(starts)]
    return sorted(columns, key=lambda column: (column.start, column.hour))


@dataclass(frozen=True)
class MonthRow:
    year: int
    month: int
    visits: int
    visits_last_year: int


@dataclass(frozen=True)
class Statistics:
    site: Site
    start: datetime.date
    end: datetime.date
    per_day: list[tuple[datetime.date, int]]
    # (ISO weekday, hour) -> visits in the period
    heatmap: dict[tuple[int, int], int]
    per_month: list[MonthRow]
    per_category: list[tuple[str, int]]
    # the heat map's columns, in the order of the day
    time_slots: list[TimeSlot]

    @property
    def total(self) -> int:
        return sum(visits for _day, visits in self.per_day)

    @property
    def hours(self) -> list[int]:
        """The ``Count.hour`` of each column of the heat map."""
        return [column.hour for column in self.time_slots]

    @property
    def heatmap_rows(self) -> list[tuple[str, list[int]]]:
        """One row per weekday with the visits in each of ``hours``."""
        return [
            (str(day.label), [self.heatmap.get((day.value, hour), 0) for hour in self.hours])
            for day in Weekday
        ]


def statistics(*, site: Site, start: datetime.date, end: datetime.date) -> Statistics:
    """Visits per day, weekday × time slot, month (with the same month a year before) and
    category between ``start`` and ``end`` (both included). Six queries."""
    counts = Count.objects.filter(category__site=site, date__gte=start, date__lte=end)
    per_day = [
        (row["date"], row["visits"])
        for row in counts.values("date").annotate(visits=Sum("visits")).order_by("date")
    ]
    heatmap = {
        (row["weekday"], row["hour"]): row["visits"]
        for row in counts.annotate(weekday=ExtractIsoWeekDay("date"))
        .values("weekday", "hour")
        .annotate(visits=Sum("visits"))
        .order_by()
    }
    last_year_start = _year_before(start).replace(day=1)
    months = (
        Count.objects.filter(category__site=site, date__gte=last_year_start, date__lte=end)
        .annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
        .values("year", "month")
        .annotate(visits=Sum("visits"))
        .order_by()
    )
    by_month = {(row["year"], row["month"]): row["visits"] for row in months}
    per_month = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        per_month.append(
            MonthRow(
                year, month, by_month.get((year, month), 0), by_month.get((year - 1, month), 0)
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    per_category = [
        (row["category__name"], row["visits"])
        for row in counts.values("category__name", "category__order")
        .annotate(visits=Sum("visits"))
        .order_by("category__order", "category__name")
    ]
    columns = time_slots(
        slots=list(Slot.objects.filter(site=site)),
        opening=list(OpeningHours.objects.filter(site=site)),
        counted={hour for _weekday, hour in heatmap},
    )
    return Statistics(site, start, end, per_day, heatmap, per_month, per_category, columns)


def _year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class StaffingRow:
    weekday: int
    weekday_label: str
    hour: int
    time: str  # the slot the figure is for, as the statistics label it ("Aften 17–22")
    days: int  # open days in the period this figure is based on
    median: float
    p80: float
    highest: int


@dataclass(frozen=True)
class Staffing:
    site: Site
    start: datetime.date
    end: datetime.date
    rows: list[StaffingRow]


def _quantile(values: list[int], q: float) -> float:
    """The q-quantile with linear interpolation (as PostgreSQL's percentile_cont)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def staffing(*, site: Site, start: datetime.date, end: datetime.date) -> Staffing:
    """Typical visits per weekday and hour: median and 80th percentile over the open days.

    A day counts as open when anything was counted that day; a slot of the opening hours
    with no count on an open day is a zero (nobody came), not a missing figure. At a site
    with named slots the opening hours are taken slot by slot, since the hours inside a
    slot hold no counts of their own. Three queries.
    """
    rows = (
        Count.objects.filter(category__site=site, date__gte=start, date__lte=end)
        .values("date", "hour")
        .annotate(visits=Sum("visits"))
        .order_by()
    )
    by_day: dict[datetime.date, dict[int, int]] = defaultdict(dict)
    for row in rows:
        by_day[row["date"]][row["hour"]] = row["visits"]
    slots = list(Slot.objects.filter(site=site))
    opening_hours = list(OpeningHours.objects.filter(site=site))
    opening = {o.weekday: {slot_hour(site, hour, slots) for hour in o.hours} for o in opening_hours}
    samples: dict[tuple[int, int], list[int]] = defaultdict(list)
    for day, hours in by_day.items():
        weekday = day.isoweekday()
        for hour in opening.get(weekday, set()) | set(hours):
            samples[(weekday, hour)].append(hours.get(hour, 0))
    labels = dict(Weekday.choices)
    columns = time_slots(slots=slots, opening=opening_hours, counted={hour for _w, hour in samples})
    times = {column.hour: column.label for column in columns}
    result = [
        StaffingRow(
            weekday=weekday,
            weekday_label=str(labels[weekday]),
            hour=hour,
            time=times[hour],
            days=len(values),
            median=round(stats.median(values), 1),
            p80=round(_quantile(values, 0.8), 1),
            highest=max(values),
        )
        for (weekday, hour), values in sorted(samples.items())
    ]
    return Staffing(site, start, end, result)
