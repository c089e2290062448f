"""The synthetic municipality: sizes, valid and unique CPR numbers, families, links."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr

from roret.accounts.models import User
from roret.organisation.models import Department, Partner, Team
from roret.people import cpr
from roret.people.access import citizens_visible_to
from roret.people.models import (
    Citizen,
    CitizenLink,
    Consent,
    HouseholdMember,
    ProblemArea,
    Relation,
)
from roret.seed.links import CASELOAD, REGISTRATION
from roret.seed.runner import SeedRefused, run_seed
from roret.seed.staff import DEMO_PASSWORD, DEMO_USERS
from tests.seed.conftest import SMALL


def _age(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.mark.django_db
def test_size_s_creates_a_municipality() -> None:
    report = run_seed(size="S", seed=3, show_progress=False)

    assert report.created["people.Citizen"] == Citizen.objects.count() == 300
    assert Department.objects.count() == 5
    assert set(Department.objects.values_list("kind", flat=True)) == {
        Department.Kind.SOCIAL_AUTHORITY,
        Department.Kind.SOCIAL_PROVIDER,
        Department.Kind.JOBCENTRE,
        Department.Kind.HEALTH,
        Department.Kind.HOUSING,
    }
    assert Team.objects.filter(area__isnull=False).count() == 10
    assert Team.objects.filter(method="M-ACT").exists()
    assert Partner.objects.filter(kind=Partner.Kind.PROVIDER).exclude(cvr="").exists()
    assert User.objects.count() == len(DEMO_USERS) + 12
    for table in ["Household", "Relation", "ProblemArea", "NetworkParty", "Consent"]:
        assert report.totals[f"people.{table}"] > 0, table

    per_citizen = Counter(
        Citizen.objects.annotate(n=Count("problem_areas")).values_list("n", flat=True)
    )
    one_to_four = sum(per_citizen[n] for n in range(1, 5))
    assert one_to_four / 300 > 0.8
    assert ProblemArea.objects.filter(ended_on__isnull=False).exists()
    homeless = set(
        ProblemArea.objects.filter(type__code="homelessness").values_list("citizen_id", flat=True)
    )
    also_misuse = set(
        ProblemArea.objects.filter(
            type__code="substance_misuse", citizen_id__in=homeless
        ).values_list("citizen_id", flat=True)
    )
    assert len(homeless) >= 10
    assert len(also_misuse) / len(homeless) > 0.4

    jobcentre = Consent.objects.filter(department__kind=Department.Kind.JOBCENTRE)
    assert jobcentre.filter(revoked_at__isnull=True).exists()
    assert Consent.objects.filter(revoked_at__isnull=False).exists()
    assert Citizen.objects.filter(date_of_death__isnull=False).exists()
    assert Citizen.objects.exclude(phone="").exists()
    assert Citizen.objects.exclude(email="").exists()
    assert Citizen.objects.filter(acting_municipality__code="479").count() == 300


@pytest.mark.django_db
def test_cpr_numbers_are_valid_unique_and_match_sex_and_birth_date(small_seed: object) -> None:
    today = timezone.localdate()
    citizens = list(Citizen.objects.all())
    numbers = [c.cpr for c in citizens]
    problems = []
    for citizen, number in zip(citizens, numbers, strict=True):
        facts = cpr.parse(number)
        if facts.sex != citizen.sex or int(number[-1]) % 2 != (citizen.sex == "M"):
            problems.append(f"citizen {citizen.pk}: sex does not match the last digit")
        if facts.birth_date != citizen.birth_date:
            problems.append(f"citizen {citizen.pk}: birth date does not match")
        if not 18 <= _age(facts.birth_date, today) <= 80:
            problems.append(f"citizen {citizen.pk}: not an adult of 18-80")
    # Messages name the citizen, never the number.
    assert problems == []
    assert len(set(numbers)) == len(numbers) == SMALL
    without_modulus_11 = sum(stdnum_cpr.checksum(n) != 0 for n in numbers)
    assert 0 < without_modulus_11 < len(numbers)
    assert {"F", "M"} <= {c.sex for c in citizens}


@pytest.mark.django_db
def test_every_citizen_has_a_registration_link(small_seed: object) -> None:
    assert not Citizen.objects.filter(links__isnull=True).exists()
    registrations = CitizenLink.objects.filter(source_type=REGISTRATION)
    assert registrations.count() == SMALL
    assert all(link.source_id == str(link.citizen_id) for link in registrations)
    authority = registrations.filter(department__kind=Department.Kind.SOCIAL_AUTHORITY).count()
    assert authority > SMALL / 2
    assert CitizenLink.objects.filter(source_type=CASELOAD).exists()


@pytest.mark.django_db
def test_need_to_know_is_visible_in_the_demo_users(small_seed: object) -> None:
    today = timezone.localdate()
    total = Citizen.objects.count()
    for spec in DEMO_USERS:
        user = User.objects.get(username=spec.username)
        assert user.check_password(DEMO_PASSWORD)
        visible = citizens_visible_to(user).count()
        if spec.departments:
            linked = CitizenLink.objects.active_on(today).filter(
                department_id__in=user.department_ids
            )
            assert linked.exists(), spec.username
            assert visible > 0, spec.username
        else:
            assert visible == 0, spec.username
    job = User.objects.get(username="jobcenter")
    assert citizens_visible_to(job).count() < total
    caseworker = User.objects.get(username="sagsbehandler")
    assert citizens_visible_to(caseworker).count() > citizens_visible_to(job).count()


@pytest.mark.django_db
def test_relations_are_stored_both_ways(small_seed: object) -> None:
    relations = {(r.citizen_id, r.relative_id): r.kind for r in Relation.objects.all()}
    assert relations
    for (citizen, relative), kind in relations.items():
        assert relations[(relative, citizen)] == Relation.INVERSE[Relation.Kind(kind)]
    for member in HouseholdMember.objects.select_related("citizen"):
        others = HouseholdMember.objects.filter(household=member.household).exclude(pk=member.pk)
        assert others.exists()
        assert all(o.citizen.address == member.citizen.address for o in others)


def _seeded_fingerprint(seed: int) -> list[tuple[object, ...]]:
    """Seed, read what identifies the data, and roll it back."""
    savepoint = transaction.savepoint()
    run_seed(size="S", citizens=SMALL, seed=seed, show_progress=False)
    fingerprint: list[tuple[object, ...]] = list(
        Citizen.objects.order_by("pk").values_list(
            "first_name", "last_name", "birth_date", "sex", "address", "cpr_index"
        )
    )
    transaction.savepoint_rollback(savepoint)
    return fingerprint


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_citizens() -> None:
    first = _seeded_fingerprint(11)
    assert first == _seeded_fingerprint(11)
    assert first != _seeded_fingerprint(12)


@pytest.mark.django_db
def test_refuses_a_database_with_citizens_unless_forced(small_seed: object) -> None:
    with pytest.raises(SeedRefused):
        run_seed(size="S", citizens=5, show_progress=False)
    # The same seed again: its numbers are taken, so the generator must pick others.
    run_seed(size="S", citizens=SMALL, seed=7, force=True, show_progress=False)
    assert Citizen.objects.count() == 2 * SMALL
    assert Citizen.objects.values("cpr_index").distinct().count() == 2 * SMALL
    assert User.objects.filter(username="sagsbehandler").count() == 1
    assert Department.objects.count() == 5
