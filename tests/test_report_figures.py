"""Every management report's figures over the seeded municipality (size S) equal a separate,
deliberately plain computation in Python straight from the rows.

These pin the figures the reports give, whatever way the reports compute them (in SQL, from
kept closed months or both): a rewrite of a report must leave every figure here unchanged.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from roret.casework.models import Application, LegalBasis, ProcessingStandard
from roret.casework.selectors import processing_report
from roret.employment.models import Earning, Frikort, FrikortCap, Job
from roret.employment.selectors import yearly_report
from roret.offers.models import Enrolment, Offer, Referral
from roret.offers.selectors import default_period, outcome_report
from roret.organisation.models import Area
from roret.outreach.models import AnonymousPerson, ApplicationReferral, Contact
from roret.outreach.selectors import outreach_report
from roret.seed.runner import run_seed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    run_seed(size="S", seed=3, show_progress=False)


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _last_twelve_months(today: datetime.date) -> list[datetime.date]:
    months = [_first_of_month(today)]
    while len(months) < 12:
        previous = months[0] - datetime.timedelta(days=1)
        months.insert(0, previous.replace(day=1))
    return months


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _p90(values: list[int]) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(values, n=10, method="inclusive")[8])


# The processing-time report -----------------------------------------------------------------


def test_processing_report_matches_a_plain_computation(seeded: None) -> None:
    today = timezone.localdate()
    months = _last_twelve_months(today)
    decided: dict[tuple[int, datetime.date], list[Application]] = defaultdict(list)
    for row in Application.objects.all():
        if row.status not in Application.DECIDED or row.own_initiative:
            continue
        assert row.decided_on is not None
        if months[0] <= row.decided_on <= today:
            decided[(row.legal_basis_id, _first_of_month(row.decided_on))].append(row)
    overdue: dict[int, int] = defaultdict(int)
    for row in Application.objects.all():
        if row.status in Application.OPEN and row.deadline and row.deadline < today:
            overdue[row.legal_basis_id] += 1

    def figures(rows: list[Application]) -> tuple[Any, ...]:
        days = sorted((r.decided_on - r.received_on).days for r in rows if r.decided_on)
        measured = [r for r in rows if r.deadline is not None]
        within = [r for r in measured if r.decided_on and r.deadline and r.decided_on <= r.deadline]
        return (len(rows), _median(days), _p90(days), len(measured), len(within))

    standards = {
        basis.pk: [
            s
            for s in ProcessingStandard.objects.filter(legal_basis=basis)
            if s.valid_from <= today and (s.valid_to is None or s.valid_to >= today)
        ]
        for basis in LegalBasis.objects.filter(is_active=True)
    }
    report = processing_report(user=UserFactory.create(roles=["manager"]), today=today)
    assert report.months == months
    seen = set()
    for basis in report.bases:
        pk = basis.legal_basis.pk
        seen.add(pk)
        rows = [a for m in months for a in decided.get((pk, m), [])]
        got = basis.total
        expected = figures(rows)
        assert (got.decisions, got.measured, got.within) == (
            expected[0],
            expected[3],
            expected[4],
        ), basis.legal_basis
        assert got.median == pytest.approx(expected[1]) and got.p90 == pytest.approx(expected[2])
        assert basis.open_past_deadline == overdue.get(pk, 0)
        assert [m for m, _f in basis.months] == months
        for month, shown in basis.months:
            expected = figures(decided.get((pk, month), []))
            assert (shown.decisions, shown.measured, shown.within) == (
                expected[0],
                expected[3],
                expected[4],
            ), (basis.legal_basis, month)
            assert shown.median == pytest.approx(expected[1])
            assert shown.p90 == pytest.approx(expected[2])
        assert basis.standard == (
            max(standards[pk], key=lambda s: s.valid_from) if standards[pk] else None
        )
    # A basis is left out only when it has no standard, no decisions and nothing overdue.
    for pk, current in standards.items():
        if pk not in seen:
            has_decisions = any(decided.get((pk, m)) for m in months)
            assert not current and not has_decisions and not overdue.get(pk)
    assert sum(b.total.decisions for b in report.bases) > 50, "the seed decides applications"


# The offer outcome report -------------------------------------------------------------------


def _outcomes(offer: Offer | None, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    offers = [o for o in Offer.objects.all() if offer is None or o.pk == offer.pk]
    ids = {o.pk for o in offers}
    enrolments = [
        e
        for e in Enrolment.objects.select_related("next_legal_basis")
        if e.offer_id in ids and e.starts_on <= end and (e.ends_on is None or e.ends_on >= start)
    ]
    referrals = [
        r for r in Referral.objects.all() if r.offer_id in ids and start <= r.referred_on <= end
    ]
    ended = [e for e in enrolments if e.ends_on is not None and e.ends_on <= end]
    lengths = [(e.ends_on - e.starts_on).days for e in ended if e.ends_on]
    moved: dict[str, int] = defaultdict(int)
    for e in ended:
        if e.end_reason == "other_measure" and e.next_legal_basis:
            moved[f"SEL § {e.next_legal_basis.paragraph}"] += 1
    place_days = sum(
        (min(e.ends_on or end, end) - max(e.starts_on, start)).days + 1 for e in enrolments
    )
    capacity = sum(
        o.capacity
        for o in offers
        if o.active_from <= end and (o.active_to is None or o.active_to >= start)
    )
    return {
        "referrals": len(referrals),
        "accepted": sum(1 for r in referrals if r.status == "accepted"),
        "declined": sum(1 for r in referrals if r.status == "declined"),
        "enrolled": sum(1 for e in enrolments if e.starts_on >= start),
        "ended": len(ended),
        "completed": sum(1 for e in ended if e.end_reason == "completed"),
        "other_measure": sum(1 for e in ended if e.end_reason == "other_measure"),
        "dropped_out": sum(1 for e in ended if e.end_reason == "dropped_out"),
        "moved_to": sorted(moved.items()),
        "average_days": round(sum(lengths) / len(lengths), 1) if lengths else None,
        "capacity": capacity,
        "place_days": place_days,
    }


def _sel85_trend(today: datetime.date) -> list[tuple[datetime.date, int]]:
    rows = [
        e
        for e in Enrolment.objects.select_related("offer__legal_basis")
        if e.offer.legal_basis.law == "SEL" and e.offer.legal_basis.paragraph == "85"
    ]
    months = _last_twelve_months(today)
    while len(months) < 36:
        previous = months[0] - datetime.timedelta(days=1)
        months.insert(0, previous.replace(day=1))
    trend = []
    for first in months:
        following = (first + datetime.timedelta(days=31)).replace(day=1)
        day = min(following - datetime.timedelta(days=1), today)
        citizens = {
            e.citizen_id
            for e in rows
            if e.starts_on <= day and (e.ends_on is None or e.ends_on >= day)
        }
        trend.append((day, len(citizens)))
    return trend


def test_outcome_report_matches_a_plain_computation(seeded: None) -> None:
    today = timezone.localdate()
    manager = UserFactory.create(roles=["manager"])
    start, end = default_period(today)
    offers = list(Offer.objects.order_by("id"))
    busiest = max(offers, key=lambda o: o.enrolments.count())
    periods = [
        (start, end),
        (start - datetime.timedelta(days=400), end - datetime.timedelta(days=200)),
    ]
    for chosen in (None, busiest, offers[0]):
        for first, last in periods:
            report = outcome_report(
                user=manager,
                offer_id=chosen.pk if chosen else None,
                start=first,
                end=last,
                today=today,
            )
            expected = _outcomes(chosen, first, last)
            got = {key: getattr(report, key) for key in expected}
            assert got == expected, (chosen, first, last)
    assert [(m.month, m.citizens) for m in report.sel85_trend] == _sel85_trend(today)
    everything = _outcomes(None, start, end)
    assert everything["ended"] > 50 and everything["place_days"] > 0, "the seed has enrolments"
    assert any(n for _d, n in _sel85_trend(today))


# The outreach report ------------------------------------------------------------------------


def test_outreach_report_matches_a_plain_computation(seeded: None) -> None:
    today = timezone.localdate()
    months = _last_twelve_months(today)
    start = months[0]

    def in_period(day: datetime.date) -> bool:
        return start <= day <= today

    contacts = list(Contact.objects.all())
    per_area: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for c in contacts:
        if in_period(c.occurred_on):
            per_area[(c.area_id, _first_of_month(c.occurred_on))] += 1
    persons = list(AnonymousPerson.objects.all())
    anonymous_met: dict[datetime.date, int] = defaultdict(int)
    identified: dict[datetime.date, int] = defaultdict(int)
    for p in persons:
        if in_period(p.first_met_on):
            anonymous_met[_first_of_month(p.first_met_on)] += 1
            if p.citizen_id is not None:
                identified[_first_of_month(p.first_met_on)] += 1
    met_anonymously = {p.citizen_id for p in persons if p.citizen_id is not None}
    first_contact: dict[int, datetime.date] = {}
    for c in contacts:
        if c.anonymous_person_id is None and c.citizen_id and c.citizen_id not in met_anonymously:
            known = first_contact.get(c.citizen_id)
            first_contact[c.citizen_id] = min(known, c.occurred_on) if known else c.occurred_on
    new_known: dict[datetime.date, int] = defaultdict(int)
    for first in first_contact.values():
        if in_period(first):
            new_known[_first_of_month(first)] += 1
    referrals = [r for r in ApplicationReferral.objects.select_related("application")]
    raised = [r for r in referrals if in_period(r.requested_on)]
    from_outreach = {r.application_id for r in referrals if r.application_id}
    decided = [
        a
        for a in Application.objects.all()
        if a.status in Application.DECIDED
        and not a.own_initiative
        and a.decided_on
        and in_period(a.decided_on)
    ]
    comparison: dict[int, tuple[list[int], list[int]]] = {}
    for a in decided:
        if a.pk in from_outreach:
            comparison.setdefault(a.legal_basis_id, ([], []))
    for a in decided:
        if a.legal_basis_id in comparison and a.decided_on:
            days = (a.decided_on - a.received_on).days
            if a.pk in from_outreach:
                comparison[a.legal_basis_id][0].append(days)
            elif not a.fast_track:
                comparison[a.legal_basis_id][1].append(days)

    report = outreach_report(user=UserFactory.create(roles=["manager"]), today=today)
    assert report.months == months
    areas = list(Area.objects.order_by("name"))
    assert [area for area, _c, _t in report.areas] == areas
    for area, counts, total in report.areas:
        assert counts == [per_area.get((area.pk, m), 0) for m in months], area
        assert total == sum(counts)
    assert [(r.month, r.new_anonymous, r.new_known, r.identified) for r in report.persons] == [
        (m, anonymous_met.get(m, 0), new_known.get(m, 0), identified.get(m, 0)) for m in months
    ]
    assert report.anonymous_met == sum(anonymous_met.values())
    assert report.anonymous_identified == sum(identified.values())
    assert report.requests_raised == len(raised)
    assert report.requests_approved == sum(
        1 for r in raised if r.application is not None and r.application.fast_track
    )
    got = {
        row.legal_basis.pk: (
            row.fast_track.count,
            row.fast_track.median,
            row.fast_track.mean,
            row.ordinary.count,
            row.ordinary.median,
            row.ordinary.mean,
        )
        for row in report.comparison
    }
    expected = {
        pk: (
            len(ours),
            _median(ours),
            statistics.fmean(ours) if ours else None,
            len(theirs),
            _median(theirs),
            statistics.fmean(theirs) if theirs else None,
        )
        for pk, (ours, theirs) in comparison.items()
    }
    assert got.keys() == expected.keys()
    for pk, figures in expected.items():
        assert got[pk] == pytest.approx(figures), pk
    assert [row.legal_basis for row in report.comparison] == sorted(
        (row.legal_basis for row in report.comparison),
        key=lambda b: (b.order, b.law, b.paragraph),
    )
    assert sum(total for _a, _c, total in report.areas) > 50, "the seed has contacts"
    assert report.comparison, "the seed raises applications from contacts"


# The frikort and KLAP report ----------------------------------------------------------------


def test_frikort_report_matches_a_plain_computation(seeded: None) -> None:
    today = timezone.localdate()
    cards = list(Frikort.objects.all())
    earnings = list(Earning.objects.select_related("frikort"))
    jobs = list(Job.objects.all())
    caps = {cap.year: cap.amount for cap in FrikortCap.objects.all()}

    def active(card: Frikort, day: datetime.date) -> bool:
        return card.decided_on <= day and (card.deactivated_on is None or card.deactivated_on > day)

    def running(job: Job, day: datetime.date) -> bool:
        return job.starts_on <= day and (job.ends_on is None or job.ends_on >= day)

    checked = 0
    for year in (today.year - 2, today.year - 1, today.year):
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        of_year = [e for e in earnings if e.month.year == year]
        per_citizen: dict[int, Decimal] = defaultdict(Decimal)
        for e in of_year:
            per_citizen[e.frikort.citizen_id] += e.amount
        cap = caps.get(year)
        report = yearly_report(year=year)
        assert report.cap == cap
        assert report.holders_at_start == len({c.citizen_id for c in cards if active(c, first)})
        assert report.holders_at_end == len({c.citizen_id for c in cards if active(c, last)})
        assert report.holders_during == len(
            {
                c.citizen_id
                for c in cards
                if c.decided_on <= last and (c.deactivated_on is None or c.deactivated_on > first)
            }
        )
        assert report.used_in_job == len(per_citizen)
        assert report.total_earnings == sum((e.amount for e in of_year), Decimal("0.00"))
        assert report.reached_cap == (
            sum(1 for total in per_citizen.values() if total >= cap) if cap is not None else 0
        )
        for row in report.jobs:
            kind_jobs = [j for j in jobs if j.kind == row.kind]
            assert row.at_start == len({j.citizen_id for j in kind_jobs if running(j, first)})
            assert row.at_end == len({j.citizen_id for j in kind_jobs if running(j, last)})
        assert [row.kind for row in report.jobs] == [kind for kind, _l in Job.Kind.choices]
        klap = [j for j in jobs if j.kind == Job.Kind.KLAP]
        assert report.klap_at_start == len({j.citizen_id for j in klap if running(j, first)})
        assert report.klap_at_end == len({j.citizen_id for j in klap if running(j, last)})
        checked += report.holders_during
    assert checked > 0 and earnings, "the seed has frikort holders with earnings"
