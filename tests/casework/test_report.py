"""The processing-time report and the published processing times: figures computed in SQL
match an independent computation in Python, on the page, in Excel and in the PDF."""

from __future__ import annotations

import datetime
import io
import statistics
from collections import defaultdict

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from roret.audit.models import AccessLogEntry
from roret.casework.models import Application, LegalBasis
from roret.casework.selectors import processing_report, report_period
from roret.casework.services import PROCESSING_REPORT, application_decide
from roret.core.deadlines import add_months
from roret.core.exports import Cell, pdf_bytes
from roret.core.models import KeptMonth
from roret.core.tables import Table, show
from roret.organisation.models import Team
from roret.seed.runner import run_seed
from tests.factories import DepartmentFactory, TeamFactory, UserFactory, login_staff

from .factories import application

pytestmark = pytest.mark.django_db


def _expected(today: datetime.date) -> dict[int, tuple[int, float, float, float | None]]:
    """Count, median, 90th percentile and share within the standard per legal basis, from
    the rows themselves with Python's statistics (the same percentile definition)."""
    start, end, _months = report_period(today)
    days: dict[int, list[int]] = defaultdict(list)
    within: dict[int, list[bool]] = defaultdict(list)
    for row in Application.objects.filter(
        status__in=Application.DECIDED,
        own_initiative=False,
        decided_on__gte=start,
        decided_on__lt=end,
    ):
        decided = row.decided_on
        assert decided is not None
        days[row.legal_basis_id].append((decided - row.received_on).days)
        if row.deadline:
            within[row.legal_basis_id].append(decided <= row.deadline)
    result = {}
    for basis_id, values in days.items():
        if len(values) < 5:
            continue
        shares = within[basis_id]
        result[basis_id] = (
            len(values),
            round(statistics.median(values), 1),
            round(statistics.quantiles(values, n=10, method="inclusive")[8], 1),
            round(100 * sum(shares) / len(shares), 1) if shares else None,
        )
    return result


@pytest.fixture
def seeded() -> None:
    run_seed(size="S", seed=3, show_progress=False)


@pytest.fixture
def manager_client(client: Client) -> Client:
    leader = UserFactory.create(roles=["manager"])
    login_staff(client, leader)
    return client


def test_the_report_matches_an_independent_computation(
    seeded: None, manager_client: Client
) -> None:
    today = timezone.localdate()
    expected = _expected(today)
    assert len(expected) >= 3, "the seed should give several legal bases with 5+ decisions"
    labels = {b.pk: b.label for b in LegalBasis.objects.all()}

    before = AccessLogEntry.objects.count()
    page = manager_client.get(reverse("casework:report")).content.decode()
    assert AccessLogEntry.objects.count() == before  # aggregates only: nothing to log
    workbook = load_workbook(
        io.BytesIO(manager_client.get(reverse("casework:report_xlsx")).content)
    )
    summary = {row[0]: row for row in workbook.worksheets[0].iter_rows(values_only=True)}
    pdf = PdfReader(io.BytesIO(manager_client.get(reverse("casework:report_pdf")).content))
    pdf_text = " ".join(p.extract_text() for p in pdf.pages)

    user = UserFactory.create(roles=["manager"])
    report = {b.legal_basis.pk: b.total for b in processing_report(user=user, today=today).bases}
    for basis_id, (count, median, p90, share) in expected.items():
        figures = report[basis_id]
        shown = figures.shown()
        assert (shown.decisions, shown.median, shown.p90, shown.share_within) == (
            count,
            median,
            p90,
            share,
        ), labels[basis_id]
        assert summary[labels[basis_id]][2:6] == (count, median, p90, share)
        for cell in (median, p90, share):
            assert show(cell) in page
            assert show(cell) in pdf_text
    assert "Median og 90 %-fraktil" in page or "lineær interpolation" in page


def test_monthly_figures_agree_with_the_period_figures(seeded: None) -> None:
    today = timezone.localdate()
    _start, _end, months = report_period(today)
    user = UserFactory.create(roles=["manager"])
    for basis in processing_report(user=user, today=today).bases:
        assert [m for m, _f in basis.months] == months
        assert basis.total.decisions == sum(f.decisions for _m, f in basis.months)
        assert basis.total.within == sum(f.within for _m, f in basis.months)


def test_closed_months_are_kept_and_a_back_dated_decision_changes_them() -> None:
    """The first read keeps the ended months; a decision dated in one of them forgets it and
    the later ones, so the next read counts the decision."""
    team = TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))
    today = timezone.localdate()
    last_month = add_months(today.replace(day=1), -1)
    for i in range(6):
        application(
            team,
            paragraph="85",
            received_on=last_month - datetime.timedelta(days=30 + i),
            status=Application.Status.GRANTED,
            decided_on=last_month + datetime.timedelta(days=i),
        )
    manager = UserFactory.create(roles=["manager"])

    def decisions_last_month() -> int:
        report = processing_report(user=manager, today=today)
        basis = next(b for b in report.bases if b.legal_basis.paragraph == "85")
        return dict(basis.months)[last_month].decisions

    assert decisions_last_month() == 6
    kept_months = set(
        KeptMonth.objects.filter(report=PROCESSING_REPORT).values_list("month", flat=True)
    )
    assert kept_months == set(report_period(today)[2][:-1])  # every month but the open one
    # A row written around the services is not seen: the month's figures are the kept ones.
    application(
        team,
        paragraph="85",
        received_on=last_month - datetime.timedelta(days=10),
        status=Application.Status.GRANTED,
        decided_on=last_month,
    )
    assert decisions_last_month() == 6
    # A decision through the service, back-dated into the kept month, is counted next time.
    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[team.department], teams=[team]
    )
    pending = application(team, paragraph="85", received_on=last_month - datetime.timedelta(days=5))
    application_decide(
        actor=caseworker,
        application_id=pending.pk,
        outcome=Application.Status.GRANTED,
        decided_on=last_month + datetime.timedelta(days=2),
        decision_text="Bevilget.",
    )
    assert not KeptMonth.objects.filter(report=PROCESSING_REPORT, month__gte=last_month).exists()
    assert decisions_last_month() == 8


def test_small_groups_show_no_figures(manager_client: Client) -> None:
    team = TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))
    today = timezone.localdate()
    for _ in range(3):
        application(
            team,
            paragraph="97",
            received_on=today - datetime.timedelta(days=20),
            status=Application.Status.GRANTED,
            decided_on=today - datetime.timedelta(days=2),
        )
    page = manager_client.get(reverse("casework:report")).content.decode()
    assert "færre end 5" in page
    public = Client().get(reverse("processing_times")).content.decode()
    assert "færre end 5" in public


def _decided(team: Team, n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        application(
            team,
            paragraph=("85", "107", "110")[i % 3],
            received_on=today - datetime.timedelta(days=40 + i),
            status=Application.Status.GRANTED,
            decided_on=today - datetime.timedelta(days=i % 30),
        )


def test_the_report_and_the_public_page_run_a_fixed_number_of_queries(
    manager_client: Client,
) -> None:
    team = TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))
    anonymous = Client()
    _decided(team, 3)
    # The first read keeps the ended months (one lock and one insert more); reads after it
    # find them kept.
    manager_client.get(reverse("casework:report"))
    with CaptureQueriesContext(connection) as small:
        assert manager_client.get(reverse("casework:report")).status_code == 200
    with CaptureQueriesContext(connection) as public_small:
        assert anonymous.get(reverse("processing_times")).status_code == 200
    _decided(team, 30)
    with CaptureQueriesContext(connection) as large:
        assert manager_client.get(reverse("casework:report")).status_code == 200
    with CaptureQueriesContext(connection) as public_large:
        assert anonymous.get(reverse("processing_times")).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(public_large.captured_queries) == len(public_small.captured_queries)


def test_the_public_page_needs_no_login_and_shows_no_personal_data() -> None:
    team = TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))
    _decided(team, 12)
    names = [a.citizen.full_name for a in Application.objects.select_related("citizen")]
    response = Client().get(reverse("processing_times"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sagsbehandlingstider" in page
    assert "SEL § 85" in page and "8 uger" in page
    for name in names:
        assert name not in page
    assert not AccessLogEntry.objects.exists()


def test_pdf_rows_do_not_break_across_pages_and_the_header_repeats() -> None:
    """A long row (a legal basis whose name and standard wrap over several lines, as § 110's
    do) stays on one page, and each page of a long table starts with its header."""
    filler = " ".join(["forsorgshjem og herberger efter serviceloven"] * 4)
    rows: list[list[Cell]] = [
        [f"rowstart{i:02d} {filler} rowend{i:02d}", f"{filler} standard{i:02d}", f"figure{i:02d}"]
        for i in range(40)
    ]
    context = {
        "report": {"start": datetime.date(2025, 12, 1), "today": datetime.date(2026, 11, 30)},
        "tables": [Table("Sidste 12 måneder", ["Hjemmel", "Standard", "Afgørelser"], rows)],
        "definitions": [],
    }
    html = render_to_string("casework/report_pdf.html", context)
    assert "break-inside: avoid" in html
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes(html))).pages]
    assert len(pages) >= 3, "the table should run over several pages"
    for i in range(40):
        tokens = (f"rowstart{i:02d}", f"rowend{i:02d}", f"standard{i:02d}", f"figure{i:02d}")
        holding = {n for n, text in enumerate(pages) for token in tokens if token in text}
        assert len(holding) == 1, f"row {i} is split over pages {sorted(holding)}"
        assert "Afgørelser" in pages[holding.pop()]
