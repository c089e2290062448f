"""The employment phase keeps the year totals the frikort warnings read, as the service
does for each earning it registers."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from roret.employment.models import Earning, EarningYear
from roret.seed.runner import SeedReport, run_seed

from .conftest import SMALL


def _summed_by_hand() -> dict[tuple[int, int], Decimal]:
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for earning in Earning.objects.select_related("frikort"):
        totals[(earning.frikort.citizen_id, earning.month.year)] += earning.amount
    return dict(totals)


def _kept() -> dict[tuple[int, int], Decimal]:
    return {(k.citizen_id, k.year): k.total for k in EarningYear.objects.all()}


def test_the_kept_year_totals_are_the_sums_of_the_seeded_earnings(
    small_seed: SeedReport,
) -> None:
    assert small_seed.created["employment.Earning"] > 0
    assert _kept() == _summed_by_hand()
    # A second municipality on top keeps the first one's totals too.
    run_seed(size="S", citizens=SMALL, seed=8, force=True, show_progress=False)
    assert _kept() == _summed_by_hand()
