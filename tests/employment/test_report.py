"""Must show 2: the yearly report's counts match an independent computation in Python,
on hand-made edge cases (days on the boundaries) and on random data; the Excel and PDF
carry the same figures."""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from roret.employment import selectors
from roret.employment.models import Earning, Frikort, Job
from roret.employment.selectors import YearlyReport
from roret.organisation.models import Department
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory

from .factories import caps, earning, frikort, job

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025


@pytest.fixture(autouse=True)
def _caps() -> None:
    caps()


def independent(year: int) -> dict[str, object]:
    """The report's definitions, computed row by row in Python."""
    start, end = D(year, 1, 1), D(year, 12, 31)
    cards = list(Frikort.objects.all())
    jobs = list(Job.objects.all())
    earnings = [e for e in Earning.objects.select_related("frikort") if e.month.year == year]
    per_citizen: dict[int, Decimal] = {}
    for e in earnings:
        per_citizen[e.frikort.citizen_id] = per_citizen.get(e.frikort.citizen_id, Decimal(0)) + (
            e.amount
        )
    cap = {2024: Decimal("41280.00"), 2025: Decimal("42766.00")}.get(year)

    def holders(day: D) -> int:
        return len({c.citizen_id for c in cards if c.active_on(day)})

    def in_jobs(kind: str, day: D) -> int:
        return len({j.citizen_id for j in jobs if j.kind == kind and j.active_on(day)})

    return {
        "holders_at_start": holders(start),
        "holders_at_end": holders(end),
        "holders_during": len(
            {
                c.citizen_id
                for c in cards
                if c.decided_on <= end and (c.deactivated_on is None or c.deactivated_on > start)
            }
        ),
        "used_in_job": len([t for t in per_citizen.values() if t > 0]),
        "total_earnings": sum(per_citizen.values(), Decimal("0.00")),
        "reached_cap": len([t for t in per_citizen.values() if cap and t >= cap]),
        "klap_at_start": in_jobs(Job.Kind.KLAP, start),
        "klap_at_end": in_jobs(Job.Kind.KLAP, end),
        "jobs": {k: (in_jobs(k, start), in_jobs(k, end)) for k in Job.Kind.values},
    }


def as_dict(report: YearlyReport) -> dict[str, object]:
    return {
        "holders_at_start": report.holders_at_start,
        "holders_at_end": report.holders_at_end,
        "holders_during": report.holders_during,
        "used_in_job": report.used_in_job,
        "total_earnings": report.total_earnings,
        "reached_cap": report.reached_cap,
        "klap_at_start": report.klap_at_start,
        "klap_at_end": report.klap_at_end,
        "jobs": {row.kind: (row.at_start, row.at_end) for row in report.jobs},
    }


@pytest.fixture
def centre() -> Department:
    return DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)


def test_boundary_days_count_as_the_definitions_say(centre) -> None:
    a, b, c, d, e = (CitizenFactory.create() for _ in range(5))
    # a: holder all year, with earnings in the year and in the years around it.
    card_a = frikort(a, decided_on=D(2024, 6, 1), department=centre)
    shop = job(a, starts_on=D(2024, 6, 1), department=centre)
    earning(card_a, shop, D(2024, 12, 1), "1000.00")
    earning(card_a, shop, D(2025, 1, 1), "2500.50")
    earning(card_a, shop, D(2025, 12, 1), "40265.50")  # 42.766,00: the 2025 cap exactly
    # b: decided during the year; c: deactivated on 1 January; d: deactivated on 31 December.
    frikort(b, decided_on=D(2025, 3, 1), department=centre)
    frikort(c, decided_on=D(2023, 1, 1), deactivated_on=D(2025, 1, 1), department=centre)
    card_d = frikort(d, decided_on=D(2024, 1, 1), deactivated_on=D(2025, 12, 31), department=centre)
    earning(card_d, job(d, starts_on=D(2024, 1, 1), department=centre), D(2025, 6, 1), "300.00")
    # e: decided on 31 December.
    frikort(e, decided_on=D(2025, 12, 31), department=centre)
    # KLAP: ends on 1 January (still counts then), starts on 31 December, two jobs at once.
    f, g, h = (CitizenFactory.create() for _ in range(3))
    job(f, kind=Job.Kind.KLAP, starts_on=D(2023, 5, 1), ends_on=D(2025, 1, 1), department=centre)
    job(g, kind=Job.Kind.KLAP, starts_on=D(2025, 12, 31), department=centre)
    job(h, kind=Job.Kind.KLAP, starts_on=D(2024, 1, 1), department=centre)
    job(h, kind=Job.Kind.KLAP, starts_on=D(2024, 2, 1), department=centre, employer_name="B")
    job(h, kind=Job.Kind.FLEXJOB, starts_on=D(2024, 2, 1), ends_on=D(2025, 6, 30))

    report = selectors.yearly_report(year=YEAR)
    assert as_dict(report) == independent(YEAR)
    # The hand-made case, stated outright so that the comparison cannot pass on empty data.
    assert (report.holders_at_start, report.holders_at_end, report.holders_during) == (2, 3, 4)
    assert report.used_in_job == 2 and report.reached_cap == 1
    assert report.total_earnings == Decimal("43066.00")
    assert (report.klap_at_start, report.klap_at_end) == (2, 2)
    assert report.cap == Decimal("42766.00")


def test_random_data_matches_the_independent_computation(centre) -> None:
    rng = random.Random(10)
    for _ in range(30):
        citizen = CitizenFactory.create()
        jobs = [
            job(
                citizen,
                kind=rng.choice(Job.Kind.values),
                starts_on=D(2023, 1, 1) + datetime.timedelta(days=rng.randrange(1000)),
                ends_on=rng.choice(
                    [None, D(2024, 6, 1) + datetime.timedelta(days=rng.randrange(700))]
                ),
                department=centre,
                employer_cvr="13585628",
            )
            for _ in range(rng.randrange(3))
        ]
        jobs = [j for j in jobs if j.ends_on is None or j.ends_on >= j.starts_on]
        if rng.random() < 0.7:
            decided = D(2023, 6, 1) + datetime.timedelta(days=rng.randrange(900))
            deactivated = rng.choice(
                [None, decided + datetime.timedelta(days=rng.randrange(1, 600))]
            )
            card = frikort(
                citizen, decided_on=decided, deactivated_on=deactivated, department=centre
            )
            paid = [j for j in jobs if j.kind in Job.PAID_KINDS]
            for on_job in paid:
                for month in range(1, 13):
                    if rng.random() < 0.4:
                        earning(
                            card, on_job, D(rng.choice([2024, 2025, 2026]), month, 1), "3175.25"
                        )
    for year in (2024, 2025, 2026):
        assert as_dict(selectors.yearly_report(year=year)) == independent(year)
    assert selectors.yearly_report(year=YEAR).holders_during > 0


def test_a_manager_reads_the_report_as_a_page_excel_and_pdf(client: Client, centre) -> None:
    citizen = CitizenFactory.create()
    card = frikort(citizen, decided_on=D(2024, 6, 1), department=centre)
    earning(card, job(citizen, starts_on=D(2024, 6, 1)), D(2025, 3, 1), "33012.80")
    login_staff(client, UserFactory.create(roles=["manager"], departments=[centre]))
    page = client.get(reverse("employment:report"), {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Frikort og KLAP 2025" in html and "33.012,80 kr." in html
    assert "42.766,00 kr." in html

    workbook = load_workbook(
        io.BytesIO(client.get(reverse("employment:report_xlsx"), {"year": YEAR}).content)
    )
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    figures = {row[0]: row[1] for row in rows[1:8]}
    assert figures["Borgere med aktivt frikort 1. januar"] == 1
    assert Decimal(str(figures["Samlet indtægt på frikort"])) == Decimal("33012.80")
    pdf = client.get(reverse("employment:report_pdf"), {"year": YEAR})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_year_without_a_cap_is_reported_as_such(client: Client, centre) -> None:
    login_staff(client, UserFactory.create(roles=["team_leader"], departments=[centre]))
    html = client.get(reverse("employment:report"), {"year": 2031}).content.decode()
    assert "Der er ikke registreret et skattefrit beløb for 2031" in html


def test_the_report_needs_a_management_role(client: Client, centre) -> None:
    login_staff(client, UserFactory.create(roles=["caseworker"], departments=[centre]))
    assert client.get(reverse("employment:report")).status_code == 403
