"""The offers seed phase: a catalogue with rates, enrolments valid by the model's rules and
mirrored once each in the plan, course runs with attendance, pending referrals for the demo
and anonymous counselling tallies."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from roret.accounts.models import User
from roret.offers.models import (
    Attendance,
    CounsellingTally,
    CourseRun,
    Enrolment,
    Offer,
    Rate,
    Referral,
)
from roret.people.access import citizens_visible_to
from roret.people.models import CitizenLink
from roret.plans.models import Intervention
from roret.seed.runner import SeedReport, run_seed
from tests.factories import login_staff

pytestmark = pytest.mark.django_db


def test_the_seed_writes_offers_enrolments_and_courses(small_seed: SeedReport) -> None:
    paragraphs = set(Offer.objects.values_list("legal_basis__paragraph", flat=True))
    assert {"82a", "82b", "85", "99", "103", "104", "107", "108", "110"} <= paragraphs
    assert Rate.objects.count() == Offer.objects.count()
    assert Enrolment.objects.exists() and CourseRun.objects.exists()
    for offer in Offer.objects.all():
        offer.full_clean()
    for enrolment in Enrolment.objects.all():
        enrolment.full_clean(exclude=["created_by"], validate_unique=False)
    mirrored = Intervention.objects.filter(source_type="offers.enrolment")
    assert mirrored.count() == Enrolment.objects.count()
    assert not mirrored.values("source_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    for intervention in mirrored.select_related("plan"):
        enrolment = Enrolment.objects.get(pk=int(intervention.source_id))
        assert intervention.plan.citizen_id == enrolment.citizen_id
        assert (intervention.status == "active") == (enrolment.ends_on is None)
    assert Attendance.objects.exists()
    assert CounsellingTally.objects.exists()
    for pending in Referral.objects.filter(status="pending"):
        assert CitizenLink.objects.filter(
            source_type="offers.referral", source_id=str(pending.pk), ends_on__isnull=True
        ).exists()


@pytest.mark.django_db
def test_the_demo_users_see_their_pages_after_a_size_s_seed() -> None:
    run_seed(size="S", seed=3, show_progress=False)
    provider = User.objects.get(username="bostotte")
    page = login_staff(Client(), provider).get(reverse("offers:intake"))
    assert page.status_code == 200
    assert page.context["page"].running
    assert page.context["page"].course_runs
    referrer = User.objects.get(username="jobcenter")
    assert citizens_visible_to(referrer).exists()
    someone = citizens_visible_to(referrer).order_by("id").first()
    assert someone is not None
    sent = login_staff(Client(), referrer).post(
        reverse("offers:referral_create"), {"query": someone.last_name}
    )
    assert sent.status_code == 200 and someone in sent.context["result"].citizens
    leader = User.objects.get(username="leder")
    report = login_staff(Client(), leader).get(reverse("offers:report"))
    assert report.status_code == 200
    assert any(row.citizens for row in report.context["report"].sel85_trend)
