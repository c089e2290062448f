"""The seeded drop-in centres: two years of counts with the patterns staff plan by."""

from __future__ import annotations

import datetime

import holidays
import pytest
from django.db.models import Sum
from django.db.models.functions import ExtractIsoWeekDay, ExtractMonth

from roret.dropin.models import Count, Site
from roret.seed.dropin import DAYS, seed_dropin
from roret.seed.organisation import seed_organisation
from roret.seed.runner import run_seed

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def _seed() -> None:
    run_seed(
        size="S",
        seed=3,
        show_progress=False,
        today=TODAY,
        phases=[("organisation", seed_organisation), ("dropin", seed_dropin)],
    )


def test_three_sites_with_two_years_of_realistic_counts() -> None:
    _seed()
    assert Site.objects.count() == 3
    counts = Count.objects.all()
    first, last = (
        counts.order_by("date").first().date,  # type: ignore[union-attr]
        counts.order_by("-date").first().date,  # type: ignore[union-attr]
    )
    assert first >= TODAY - datetime.timedelta(days=DAYS) and last < TODAY
    assert (last - first).days > 700

    by_month = dict(
        counts.annotate(m=ExtractMonth("date")).values_list("m").annotate(v=Sum("visits"))
    )
    assert by_month[1] > by_month[7] * 1.3  # winter brings people indoors

    havnen = counts.filter(category__site__name="Værestedet Havnen")
    by_weekday = dict(
        havnen.annotate(w=ExtractIsoWeekDay("date")).values_list("w").annotate(v=Sum("visits"))
    )
    assert 7 not in by_weekday  # closed on Sundays
    assert by_weekday[1] > by_weekday[5] > by_weekday[6]

    danish = holidays.country_holidays("DK", years=[2024, 2025, 2026])
    closed_days = [d for d in danish if first <= d < TODAY and d.isoweekday() < 6]
    assert closed_days
    assert not havnen.filter(date__in=closed_days).exists()
    kernen = counts.filter(category__site__name="Natcaféen Kernen")
    assert kernen.filter(date__in=closed_days).exists()  # the night café stays open
    assert set(kernen.values_list("hour", flat=True).distinct()) == {9, 13, 17}


def test_seeding_again_keeps_the_history() -> None:
    _seed()
    before = Count.objects.count()
    run_seed(
        size="S",
        seed=3,
        show_progress=False,
        today=TODAY,
        force=True,
        phases=[("organisation", seed_organisation), ("dropin", seed_dropin)],
    )
    assert Site.objects.count() == 3
    assert Count.objects.count() == before
