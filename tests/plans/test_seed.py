"""The plans and journal seed phases: plans with goals, ratings, interventions whose links
give their departments access, agreements, notes and meetings, all valid by the models'
rules."""

from __future__ import annotations

import pytest

from roret.journal.models import Appointment, Note
from roret.people.models import CitizenLink
from roret.plans.models import Agreement, Goal, Intervention, Plan, Rating
from roret.plans.selectors import kept_on_own_by_quarter
from roret.seed.runner import SeedReport

pytestmark = pytest.mark.django_db


def test_the_seed_writes_plans_and_journals(small_seed: SeedReport) -> None:
    assert Plan.objects.filter(is_current=True).exists()
    assert Goal.objects.exists() and Rating.objects.exists()
    assert Agreement.objects.exists() and Note.objects.exists()
    assert Appointment.objects.filter(staff__isnull=False).exists()
    for goal in Goal.objects.prefetch_related("ratings"):
        low, high = Goal.SCALE_RANGES[goal.scale]
        assert all(r.value is None or low <= r.value <= high for r in goal.ratings.all())
    for intervention in Intervention.objects.all():
        intervention.full_clean(exclude=["created_by"], validate_unique=False)
        active = CitizenLink.objects.filter(
            source_type="plans.intervention", source_id=str(intervention.pk)
        ).exists()
        assert active == (intervention.status != "planned")
    for agreement in Agreement.objects.all():
        agreement.full_clean(exclude=["created_by"], validate_unique=False)
    plan = Plan.objects.first()
    assert plan is not None
    assert all(0 <= row.share <= 1 for row in kept_on_own_by_quarter(citizen_id=plan.citizen_id))
    assert Note.objects.filter(corrects__isnull=False).count() <= Note.objects.count()
