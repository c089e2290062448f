"""The employment seed phase: frikort holders with earnings (some near or over the cap),
KLAP and other jobs, all valid by the models' and services' rules, and shown in the plan
with the job centre's need-to-know link."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.utils import timezone

from roret.employment.models import Earning, Frikort, FrikortCap, Job, month_start
from roret.people.models import CitizenLink
from roret.plans.models import Intervention
from roret.seed.runner import SeedReport, run_seed

pytestmark = pytest.mark.django_db


def test_the_seed_writes_valid_frikorts_jobs_and_earnings(small_seed: SeedReport) -> None:
    assert Frikort.objects.exists() and Earning.objects.exists()
    for card in Frikort.objects.all():
        card.full_clean(validate_unique=False)
        assert (card.deactivated_on is None) == (card.deactivation_reason == "")
    for job in Job.objects.all():
        job.full_clean(validate_unique=False)
    for earning in Earning.objects.select_related("frikort", "job"):
        card, job = earning.frikort, earning.job
        assert earning.amount > 0 and earning.month.day == 1
        assert month_start(card.decided_on) <= earning.month
        assert card.deactivated_on is None or earning.month < card.deactivated_on
        assert job.citizen_id == card.citizen_id and job.kind in Job.PAID_KINDS
        assert job.ends_on is None or job.ends_on >= earning.month
    for mirror in Intervention.objects.filter(source_type__startswith="employment."):
        mirror.full_clean(exclude=["created_by"], validate_unique=False)
        assert mirror.life_area == "work"
        assert CitizenLink.objects.filter(
            source_type="plans.intervention", source_id=str(mirror.pk)
        ).exists()
    assert Intervention.objects.filter(source_type="employment.frikort").count() == (
        Frikort.objects.count()
    )


# Two seeds: the levels must not depend on a lucky draw.
@pytest.mark.parametrize("seed", [3, 4])
def test_a_larger_seed_has_holders_near_and_over_the_cap_and_every_kind_of_job(
    db: None, seed: int
) -> None:
    run_seed(size="S", citizens=600, seed=seed, show_progress=False)
    kinds = set(Job.objects.values_list("kind", flat=True))
    assert kinds == set(Job.Kind.values)
    # Each year's earnings against that year's own cap, in every year that has one.
    caps = dict(FrikortCap.objects.values_list("year", "amount"))
    totals = (
        Earning.objects.filter(month__year__in=caps)
        .values("frikort__citizen_id", "month__year")
        .annotate(total=Sum("amount"))
    )
    shares = [row["total"] / caps[row["month__year"]] for row in totals]
    assert any(0.8 <= share < 1 for share in shares)
    assert any(share >= 1 for share in shares)


def test_every_year_with_earnings_has_its_frikort_amount_the_current_year_too(
    small_seed: SeedReport,
) -> None:
    caps = set(FrikortCap.objects.values_list("year", flat=True))
    years = set(Earning.objects.values_list("month__year", flat=True).distinct())
    assert years <= caps
    assert timezone.localdate().year in caps
