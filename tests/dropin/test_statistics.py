"""The statistics against an independent computation over the same rows, and the Excel and
PDF downloads carrying the same figures."""

from __future__ import annotations

import datetime
import io
import random
import re
from collections import Counter as Tally

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from roret.core.charts import to_svg
from roret.core.periods import report_period
from roret.dropin import reports, selectors
from roret.dropin.models import Count, OpeningHours, Site, Slot
from roret.dropin.services import slot_hour
from tests.factories import DepartmentFactory, UserFactory, login_staff

from .factories import site_with_categories

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 3, 1)
END = datetime.date(2025, 5, 31)
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]


def _rows(site: Site) -> list[Count]:
    """Random counts from a year before the period to after it, so the filters matter."""
    rng = random.Random(7)
    rows = []
    categories = list(site.categories.all())
    day = START - datetime.timedelta(days=400)
    while day <= END + datetime.timedelta(days=10):
        for hour in rng.sample(range(8, 20), 4):
            for category in categories:
                rows.append(Count(category=category, date=day, hour=hour, visits=rng.randint(0, 9)))
        day += datetime.timedelta(days=rng.choice([1, 1, 2]))
    return Count.objects.bulk_create(rows)


@pytest.fixture
def site() -> Site:
    return site_with_categories(DepartmentFactory.create())


def test_heatmap_and_the_other_figures_match_an_independent_sum(site: Site) -> None:
    rows = _rows(site)
    other = site_with_categories(DepartmentFactory.create())
    Count.objects.create(category=other.categories.get(order=0), date=START, hour=10, visits=500)

    in_period = [r for r in rows if START <= r.date <= END]
    expected_heatmap: Tally[tuple[int, int]] = Tally()
    expected_days: Tally[datetime.date] = Tally()
    expected_categories: Tally[str] = Tally()
    expected_months: Tally[tuple[int, int]] = Tally()
    for row in in_period:
        expected_heatmap[(row.date.isoweekday(), row.hour)] += row.visits
        expected_days[row.date] += row.visits
        expected_categories[row.category.name] += row.visits
    for row in rows:
        expected_months[(row.date.year, row.date.month)] += row.visits

    with CaptureQueriesContext(connection) as queries:
        stats = selectors.statistics(site=site, start=START, end=END)
    assert len(queries) == 6

    assert stats.heatmap == {k: v for k, v in expected_heatmap.items() if k in stats.heatmap}
    assert {k for k, v in expected_heatmap.items()} == set(stats.heatmap)
    assert dict(stats.per_day) == dict(expected_days)
    assert dict(stats.per_category) == dict(expected_categories)
    assert [(m.year, m.month, m.visits, m.visits_last_year) for m in stats.per_month] == [
        (2025, month, expected_months[(2025, month)], expected_months[(2024, month)])
        for month in (3, 4, 5)
    ]
    assert stats.total == sum(r.visits for r in in_period)
    # The table rows (page, Excel, PDF) are the heatmap laid out by weekday and hour.
    for weekday, (label, values) in enumerate(stats.heatmap_rows, start=1):
        assert label == WEEKDAYS[weekday - 1]
        for hour, value in zip(stats.hours, values, strict=True):
            assert value == expected_heatmap.get((weekday, hour), 0)


def _leader(site: Site) -> Client:
    user = UserFactory.create(roles=["team_leader"], departments=[site.department])
    return login_staff(Client(), user)


def test_excel_and_pdf_carry_the_same_figures(site: Site) -> None:
    _rows(site)
    stats = selectors.statistics(site=site, start=START, end=END)
    client = _leader(site)
    query = {"start": START.isoformat(), "end": END.isoformat()}

    response = client.get(reverse("dropin:statistics_xlsx", kwargs={"pk": site.pk}), query)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Pr. dag", "Ugedag og time", "Pr. måned", "Pr. kategori"]
    heat = book["Ugedag og time"]
    assert [c.value for c in heat[1]] == ["Ugedag", *[c.label for c in stats.time_slots]]
    sheet_rows = [[c.value for c in row] for row in heat.iter_rows(min_row=2, max_row=8)]
    assert sheet_rows == [[label, *values] for label, values in stats.heatmap_rows]
    days = {
        row[0].value.date(): row[1].value
        for row in book["Pr. dag"].iter_rows(min_row=2)
        if row[1].value is not None
    }
    assert days == dict(stats.per_day)
    months = [[c.value for c in row] for row in book["Pr. måned"].iter_rows(min_row=2, max_row=4)]
    assert months == [
        [f"2025-{m.month:02d}", m.visits, m.visits_last_year] for m in stats.per_month
    ]

    response = client.get(reverse("dropin:statistics_pdf", kwargs={"pk": site.pk}), query)
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    words = text.split()
    for label, values in stats.heatmap_rows:
        start = words.index(label, words.index("Ugedag"))
        assert words[start + 1 : start + 1 + len(values)] == [str(v) for v in values]
    assert f"{stats.total} besøg i perioden" in text
    for month, name in zip(stats.per_month, ("mar.", "apr.", "maj"), strict=True):
        assert f"{name} 2025 {month.visits} {month.visits_last_year}" in text
    for name, visits in stats.per_category:
        assert f"{name} {visits}" in text


def test_the_statistics_page_and_bad_periods(site: Site) -> None:
    _rows(site)
    client = _leader(site)
    url = reverse("dropin:statistics", kwargs={"pk": site.pk})
    page = client.get(url, {"start": START.isoformat(), "end": END.isoformat()})
    assert page.status_code == 200
    assert 'id="dropin-heatmap-spec"' in page.content.decode()
    wrong = client.get(url, {"start": END.isoformat(), "end": START.isoformat()})
    assert wrong.status_code == 200
    # The one period check of every filter form (core.forms.clean_period), on the end.
    assert "Slutdatoen kan ikke ligge før startdatoen." in wrong.content.decode()
    assert 'id="id_end_error"' in wrong.content.decode()
    assert client.get(url, {"start": "igår", "end": "x"}).status_code == 200
    too_long = client.get(url, {"start": "2010-01-01", "end": "2025-01-01"})
    assert too_long.context["form"].errors["end"]
    assert 'id="id_end_error"' in too_long.content.decode()
    # An invalid period shows the default one: the last twelve calendar months.
    first, after, _months = report_period(timezone.localdate())
    stats = too_long.context["stats"]
    assert (stats.start, stats.end) == (first, after - datetime.timedelta(days=1))


def test_staffing_median_and_80th_percentile(site: Site) -> None:
    category = site.categories.get(order=0)
    # Four Mondays (open 9–16): 10 o'clock had 2, 4, 6 and 8 visits; 11 o'clock only once.
    mondays = [datetime.date(2025, 3, 3) + datetime.timedelta(weeks=n) for n in range(4)]
    for monday, visits in zip(mondays, [2, 4, 6, 8], strict=True):
        Count.objects.create(category=category, date=monday, hour=10, visits=visits)
    Count.objects.create(category=category, date=mondays[0], hour=11, visits=5)
    with CaptureQueriesContext(connection) as queries:
        result = selectors.staffing(site=site, start=mondays[0], end=mondays[-1])
    assert len(queries) == 3
    by_hour = {(r.weekday, r.hour): r for r in result.rows}
    ten = by_hour[(1, 10)]
    assert (ten.days, ten.median, ten.p80, ten.highest) == (4, 5.0, 6.8, 8)
    eleven = by_hour[(1, 11)]  # a zero on the three other open Mondays
    assert (eleven.median, eleven.p80) == (0.0, 2.0)
    assert sorted(h for (w, h) in by_hour if w == 1) == list(range(9, 16))
    page = _leader(site).get(
        reverse("dropin:staffing", kwargs={"pk": site.pk}),
        {"start": mondays[0].isoformat(), "end": mondays[-1].isoformat()},
    )
    assert "6,8" in page.content.decode() or "6.8" in page.content.decode()


def _svg_labels(stats: selectors.Statistics, chart_id: str) -> list[str]:
    chart = next(chart for chart in reports.charts(stats) if chart.id == chart_id)
    return re.findall(r"<text[^>]*>([^<]*)</text>", to_svg(chart.spec))


def _night_cafe() -> Site:
    """Open 8–22 every day, counting in three named slots from 9, 13 and 17."""
    site = site_with_categories(DepartmentFactory.create())
    site.opening_hours.all().delete()
    for weekday in range(1, 8):
        OpeningHours.objects.create(
            site=site, weekday=weekday, opens=datetime.time(8), closes=datetime.time(22)
        )
    for name, start in (("Formiddag", 9), ("Eftermiddag", 13), ("Aften", 17)):
        Slot.objects.create(site=site, name=name, start_hour=start)
    return site


def test_named_slots_are_drawn_as_the_part_of_the_day_they_cover() -> None:
    site = _night_cafe()
    category = site.categories.get(order=0)
    monday = datetime.date(2025, 3, 3)
    # A tap at 08:25 is counted in the morning slot, one at 21:40 in the evening slot.
    Count.objects.create(category=category, date=monday, hour=slot_hour(site, 8), visits=4)
    Count.objects.create(category=category, date=monday, hour=slot_hour(site, 21), visits=7)

    stats = selectors.statistics(site=site, start=monday, end=monday)
    slots = ["Formiddag 08–13", "Eftermiddag 13–17", "Aften 17–22"]
    assert [column.label for column in stats.time_slots] == slots
    assert stats.heatmap_rows[0] == ("Mandag", [4, 0, 7])
    labels = _svg_labels(stats, "dropin-heatmap")
    assert all(slot in labels for slot in slots)
    assert not {"09", "13", "17"} & set(labels), "slots are not drawn as single hours"

    client = _leader(site)
    query = {"start": monday.isoformat(), "end": monday.isoformat()}
    page = client.get(reverse("dropin:statistics", kwargs={"pk": site.pk}), query)
    assert "Aften 17–22" in page.content.decode()

    staffing = selectors.staffing(site=site, start=monday, end=monday)
    assert [(row.hour, row.time) for row in staffing.rows] == [
        (9, "Formiddag 08–13"),
        (13, "Eftermiddag 13–17"),
        (17, "Aften 17–22"),
    ], "the hours inside a slot hold no counts and are no zeros of their own"
    html = client.get(reverse("dropin:staffing", kwargs={"pk": site.pk}), query).content
    assert "Aften 17–22" in html.decode() and "10:00" not in html.decode()


def test_the_hours_run_over_the_opening_hours_not_only_the_counted_ones(site: Site) -> None:
    OpeningHours.objects.create(
        site=site, weekday=6, opens=datetime.time(10), closes=datetime.time(22)
    )
    saturday = datetime.date(2025, 3, 8)
    Count.objects.create(category=site.categories.get(order=0), date=saturday, hour=12, visits=3)
    stats = selectors.statistics(site=site, start=saturday, end=saturday)
    assert stats.hours == list(range(9, 22))
    assert stats.time_slots[0].label == "09–10" and stats.time_slots[-1].label == "21–22"
    assert "21–22" in _svg_labels(stats, "dropin-heatmap")


def test_a_period_of_13_months_draws_each_december_by_itself(site: Site) -> None:
    category = site.categories.get(order=0)
    for day, visits in (("2024-12-10", 2), ("2025-12-10", 5), ("2026-12-10", 9)):
        Count.objects.create(
            category=category, date=datetime.date.fromisoformat(day), hour=10, visits=visits
        )
    start, end = datetime.date(2025, 12, 1), datetime.date(2026, 12, 31)
    stats = selectors.statistics(site=site, start=start, end=end)
    chart = next(chart for chart in reports.charts(stats) if chart.id == "dropin-per-month")
    assert len(chart.rows) == 13
    assert chart.rows[0] == ["dec. 2025", 5, 2] and chart.rows[-1] == ["dec. 2026", 9, 5]
    months = {value["month"] for value in chart.spec["data"]["values"]}
    assert len(months) == 13, "each month of the period is its own bar group"
    labels = _svg_labels(stats, "dropin-per-month")
    assert labels[:13] == [row[0] for row in chart.rows]
    assert labels.count("dec. 2025") == 1 and labels.count("dec. 2026") == 1


def test_the_period_is_written_as_danish_dates(site: Site) -> None:
    client = _leader(site)
    query = {"start": "2025-12-03", "end": "2026-12-02"}
    page = client.get(reverse("dropin:statistics", kwargs={"pk": site.pk}), query)
    html = page.content.decode()
    assert "3. december 2025–2. december 2026" in html
    assert "Dec 2025" not in html
    pdf = client.get(reverse("dropin:statistics_pdf", kwargs={"pk": site.pk}), query)
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "3. december 2025" in text
    staffing = client.get(reverse("dropin:staffing", kwargs={"pk": site.pk}), query)
    assert "3. december 2025–2. december 2026" in staffing.content.decode()
