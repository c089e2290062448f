"""The statistics against an independent computation over the same rows, and the Excel and
PDF downloads carrying the same figures."""

from __future__ import annotations

import datetime
import io
import random
from collections import Counter as Tally

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from roret.dropin import selectors
from roret.dropin.models import Count, Site
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
    assert len(queries) == 4

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
    assert [c.value for c in heat[1]] == ["Ugedag", *[f"{h:02d}" for h in stats.hours]]
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
    for month in stats.per_month:
        assert f"2025-{month.month:02d} {month.visits} {month.visits_last_year}" in text
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
    assert "Perioden skal slutte" in wrong.content.decode()
    assert client.get(url, {"start": "igår", "end": "x"}).status_code == 200
    too_long = client.get(url, {"start": "2010-01-01", "end": "2025-01-01"})
    assert "højst tre år" in too_long.content.decode()


def test_staffing_median_and_80th_percentile(site: Site) -> None:
    category = site.categories.get(order=0)
    # Four Mondays (open 9–16): 10 o'clock had 2, 4, 6 and 8 visits; 11 o'clock only once.
    mondays = [datetime.date(2025, 3, 3) + datetime.timedelta(weeks=n) for n in range(4)]
    for monday, visits in zip(mondays, [2, 4, 6, 8], strict=True):
        Count.objects.create(category=category, date=monday, hour=10, visits=visits)
    Count.objects.create(category=category, date=mondays[0], hour=11, visits=5)
    with CaptureQueriesContext(connection) as queries:
        result = selectors.staffing(site=site, start=mondays[0], end=mondays[-1])
    assert len(queries) == 2
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
