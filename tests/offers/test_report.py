"""The outcome report: every figure matches an independent computation over the rows, and
the same figures come out on the page, in Excel and in the PDF."""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from roret.core.deadlines import add_months
from roret.core.models import KeptMonth
from roret.offers.models import Enrolment, Offer, Referral
from roret.offers.selectors import outcome_report, trend_months
from roret.offers.services import SEL85_TREND_REPORT, enrolment_end
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory

from .factories import basis, enrolment, offer, referral

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=180)
REASONS = ["completed", "other_measure", "dropped_out", "moved_away", "other"]


def _data(seed: int) -> tuple[Offer, Offer]:
    """Enrolments and referrals spread before, across and inside the period, in two offers
    (one under § 85) so the offer filter matters."""
    rng = random.Random(seed)
    department = DepartmentFactory.create()
    course = offer(department, paragraph="82a", capacity=8)
    support = offer(department, paragraph="85", capacity=20, name="Bostøtte")
    people = [CitizenFactory.create() for _n in range(12)]
    for n in range(40):
        the_offer = course if n % 3 else support
        starts_on = TODAY - datetime.timedelta(days=rng.randint(0, 1200))
        ends_on = None
        reason = ""
        next_basis = None
        if rng.random() < 0.6:
            ends_on = min(starts_on + datetime.timedelta(days=rng.randint(0, 400)), TODAY)
            reason = rng.choice(REASONS)
            if reason == "other_measure":
                next_basis = basis(rng.choice(["85", "104", "103"]))
        enrolment(
            the_offer,
            citizen=rng.choice(people),
            starts_on=starts_on,
            ends_on=ends_on,
            end_reason=reason,
            next_legal_basis=next_basis,
            linked=False,
        )
    for n in range(25):
        status = rng.choice(["pending", "accepted", "declined"])
        referral(
            course if n % 2 else support,
            referred_on=TODAY - datetime.timedelta(days=rng.randint(0, 400)),
            status=status,
            decline_reason="Fuldt" if status == "declined" else "",
            linked=False,
        )
    return course, support


def _expected(offer_: Offer | None, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    enrolments = [e for e in Enrolment.objects.all() if offer_ is None or e.offer_id == offer_.pk]
    referrals = [
        r
        for r in Referral.objects.all()
        if (offer_ is None or r.offer_id == offer_.pk) and start <= r.referred_on <= end
    ]
    ended = [e for e in enrolments if e.ends_on and start <= e.ends_on <= end]
    lengths = [(e.ends_on - e.starts_on).days for e in ended if e.ends_on]
    place_days = 0
    for e in enrolments:
        day = max(e.starts_on, start)
        while day <= min(e.ends_on or end, end):
            place_days += 1
            day += datetime.timedelta(days=1)
    moved: dict[str, int] = {}
    for e in ended:
        if e.end_reason == "other_measure":
            key = str(e.next_legal_basis)
            moved[key] = moved.get(key, 0) + 1
    offers = [o for o in Offer.objects.all() if offer_ is None or o.pk == offer_.pk]
    capacity = sum(o.capacity for o in offers)
    days = (end - start).days + 1

    def share(reason: str) -> float | None:
        hits = sum(1 for e in ended if e.end_reason == reason)
        return round(100 * hits / len(ended), 1) if ended else None

    return {
        "referrals": len(referrals),
        "accepted": sum(1 for r in referrals if r.status == "accepted"),
        "declined": sum(1 for r in referrals if r.status == "declined"),
        "enrolled": sum(1 for e in enrolments if start <= e.starts_on <= end),
        "ended": len(ended),
        "completed": sum(1 for e in ended if e.end_reason == "completed"),
        "other_measure": sum(1 for e in ended if e.end_reason == "other_measure"),
        "dropped_out": sum(1 for e in ended if e.end_reason == "dropped_out"),
        "share_completed": share("completed"),
        "share_other_measure": share("other_measure"),
        "share_dropped_out": share("dropped_out"),
        "moved_to": sorted(moved.items()),
        "average_days": round(sum(lengths) / len(lengths), 1) if lengths else None,
        "capacity": capacity,
        "place_days": place_days,
        "utilisation": round(100 * place_days / (capacity * days), 1) if capacity else None,
    }


def _expected_trend() -> list[int]:
    rows = [e for e in Enrolment.objects.select_related("offer__legal_basis")]
    result = []
    for day in trend_months(TODAY):
        citizens = {
            e.citizen_id
            for e in rows
            if e.offer.legal_basis.paragraph == "85"
            and e.starts_on <= day
            and (e.ends_on is None or e.ends_on >= day)
        }
        result.append(len(citizens))
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_figures_match_an_independent_computation(seed: int) -> None:
    course, support = _data(seed)
    manager = UserFactory.create(roles=["manager"])
    for chosen in (course, support, None):
        report = outcome_report(
            user=manager, offer_id=chosen.pk if chosen else None, start=START, end=TODAY
        )
        got = {key: getattr(report, key) for key in _expected(chosen, START, TODAY)}
        assert got == _expected(chosen, START, TODAY), chosen
    trend = [row.citizens for row in report.sel85_trend]
    assert len(trend) == 36 and trend == _expected_trend()
    assert any(trend), "the data gives the trend something to show"


def test_page_excel_and_pdf_carry_the_same_figures() -> None:
    course, _support = _data(4)
    manager = UserFactory.create(roles=["manager"])
    client = login_staff(Client(), manager)
    query = {"offer": str(course.pk), "start": START.isoformat(), "end": TODAY.isoformat()}
    report = outcome_report(user=manager, offer_id=course.pk, start=START, end=TODAY)

    page = client.get(reverse("offers:report"), query)
    assert page.status_code == 200
    text = page.content.decode()
    assert f'<td class="number">{report.referrals}</td>' in text
    assert "sel85-trend" in text

    excel = client.get(reverse("offers:report_xlsx"), query)
    assert excel.status_code == 200
    book = load_workbook(io.BytesIO(excel.content))
    sheet = book.worksheets[0]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert values["Henvisninger"] == report.referrals
    assert values["Forløb afsluttet"] == report.ended
    assert values["Belagte pladsdøgn"] == report.place_days
    trend_sheet = book.worksheets[2]
    months = [
        row for row in trend_sheet.iter_rows(min_row=2, values_only=True) if row[1] is not None
    ]
    assert [row[1] for row in months] == [m.citizens for m in report.sel85_trend]

    pdf = client.get(reverse("offers:report_pdf"), query)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    content = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Resultater for tilbud" in content
    assert course.name in content
    assert "Henvisninger" in content


def test_the_report_runs_a_fixed_number_of_queries_and_needs_a_leading_role() -> None:
    manager = UserFactory.create(roles=["manager"])
    client = login_staff(Client(), manager)
    _data(5)
    # The first read keeps the trend's ended months; reads after it find them kept.
    client.get(reverse("offers:report"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("offers:report")).status_code == 200
    _data(6)
    with CaptureQueriesContext(connection) as more:
        assert client.get(reverse("offers:report")).status_code == 200
    assert len(more.captured_queries) == len(few.captured_queries)
    staff = login_staff(Client(), UserFactory.create(roles=["provider_staff"]))
    assert staff.get(reverse("offers:report")).status_code == 403


def test_a_bad_period_is_a_form_error_not_a_500() -> None:
    client = login_staff(Client(), UserFactory.create(roles=["manager"]))
    response = client.get(
        reverse("offers:report"), {"start": TODAY.isoformat(), "end": START.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"]
    response = client.get(reverse("offers:report"), {"offer": "999999", "start": "nonsense"})
    assert response.status_code == 200


def test_the_trends_ended_months_are_kept_and_a_back_dated_end_changes_them() -> None:
    department = DepartmentFactory.create()
    support = offer(department, paragraph="85", capacity=10, name="Bostøtte")
    first_of_month = TODAY.replace(day=1)
    running = enrolment(support, starts_on=add_months(first_of_month, -4))
    manager = UserFactory.create(roles=["manager"])

    def two_months_ago() -> int:
        trend = outcome_report(
            user=manager, offer_id=None, start=START, end=TODAY, today=TODAY
        ).sel85_trend
        return trend[-3].citizens

    assert two_months_ago() == 1
    assert KeptMonth.objects.filter(report=SEL85_TREND_REPORT).count() == 35
    # Ended through the service, back-dated to three months ago: counted from that month on.
    enrolment_end(
        actor=UserFactory.create(roles=["provider_staff"], departments=[department]),
        enrolment_id=running.pk,
        ends_on=add_months(first_of_month, -3),
        end_reason="completed",
    )
    assert two_months_ago() == 0
    assert KeptMonth.objects.filter(report=SEL85_TREND_REPORT).count() == 35
