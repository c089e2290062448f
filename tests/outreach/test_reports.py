"""The report's tables: a group of fewer than five applications shows no figures."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from roret.casework.models import LegalBasis
from roret.outreach import reports
from roret.outreach.selectors import BasisComparison, OutreachReport, Timing
from tests.casework.factories import basis

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _report(comparison: list[BasisComparison]) -> OutreachReport:
    return OutreachReport(
        today=TODAY,
        start=TODAY - datetime.timedelta(days=365),
        end=TODAY + datetime.timedelta(days=1),
        months=[],
        areas=[],
        persons=[],
        anonymous_met=0,
        anonymous_identified=0,
        requests_raised=2,
        requests_approved=2,
        comparison=comparison,
    )


def test_small_groups_are_not_shown_and_larger_ones_are() -> None:
    legal_basis: LegalBasis = basis("85")
    row = BasisComparison(
        legal_basis=legal_basis,
        fast_track=Timing.of([3, 9]),
        ordinary=Timing.of([10, 20, 30, 40, 50, 61]),
    )
    with translation.override("en"):
        table = reports.comparison_table(_report([row]))
    assert table.rows == [[legal_basis.label, "fewer than 5", None, None, 6, 35.0, 35.2]]
    with translation.override("da"):
        shown = reports.tables(_report([row]))[-1]
    assert shown.rows[0][1:4] == ["færre end 5", "–", "–"]
    assert shown.rows[0][4:] == ["6", "35,0", "35,2"]
