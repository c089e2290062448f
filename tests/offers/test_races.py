"""Two provider staff answer the same referral at the same moment, each in their own database
connection: one answer stands, the other is refused, nothing of the refused one is written
and one write is logged. On PostgreSQL the two really overlap on the referral's row lock
(``tests/races.py``); on SQLite they run one after the other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core.errors import StaleWriteError
from roret.offers import services
from roret.offers.models import Enrolment, Referral
from roret.plans.models import Intervention
from tests.factories import DepartmentFactory, UserFactory
from tests.races import race

from .factories import offer, referral

TODAY = timezone.localdate()


def _setup() -> tuple[Referral, list[User]]:
    provider = DepartmentFactory.create(name="Socialafdeling udfører")
    made = referral(offer(provider))
    staff = [UserFactory.create(roles=["provider_staff"], departments=[provider]) for _ in range(2)]
    return made, staff


def _accept(actor: User, made: Referral, version: int | None) -> Callable[[], Any]:
    return lambda: services.referral_accept(
        actor=actor, referral_id=made.pk, starts_on=TODAY, version=version
    )


def _decline(actor: User, made: Referral, version: int | None) -> Callable[[], Any]:
    return lambda: services.referral_decline(
        actor=actor, referral_id=made.pk, reason="Holdet er fuldt", version=version
    )


def _writes(made: Referral) -> list[AccessLogEntry]:
    """The granted write entries of the answer: an acceptance names the new enrolment, a
    decline the referral."""
    return list(
        AccessLogEntry.objects.filter(
            citizen_id=made.citizen_id,
            action__in=[AccessLogEntry.Action.CREATE, AccessLogEntry.Action.UPDATE],
            granted=True,
        )
    )


def _one_answer_stands(made: Referral, results: list[Any], refusal: type[Exception]) -> None:
    answers = [r for r in results if isinstance(r, Enrolment | Referral)]
    refusals = [r for r in results if isinstance(r, refusal)]
    assert len(answers) == 1 and len(refusals) == 1, results
    made.refresh_from_db()
    if isinstance(answers[0], Enrolment):
        assert made.status == Referral.Status.ACCEPTED and made.decline_reason == ""
        assert Enrolment.objects.filter(referral=made).count() == 1
        assert Intervention.objects.filter(source_type="offers.enrolment").count() == 1
    else:
        assert made.status == Referral.Status.DECLINED
        assert not Enrolment.objects.exists() and not Intervention.objects.exists()
    assert len(_writes(made)) == 1


@pytest.mark.django_db(transaction=True)
def test_an_accept_and_a_decline_from_pages_read_at_the_same_version() -> None:
    made, (first, second) = _setup()
    read_at = made.version
    results = race(
        _accept(first, made, read_at), _decline(second, made, read_at), hold_model=Referral
    )
    _one_answer_stands(made, results, StaleWriteError)
    assert made.version == read_at + 1
    # The refusal names the referral as it is now, and who answered it.
    [stale] = [r for r in results if isinstance(r, StaleWriteError)]
    assert stale.current.status == made.status
    assert stale.changed_by


@pytest.mark.django_db(transaction=True)
def test_two_accepts_without_a_version_enrol_once() -> None:
    # Without a version (no form was read) the row lock serialises the two and the state
    # check on the locked row refuses the second.
    made, (first, second) = _setup()
    results = race(_accept(first, made, None), _accept(second, made, None), hold_model=Referral)
    _one_answer_stands(made, results, ValidationError)
    [refused] = [r for r in results if isinstance(r, ValidationError)]
    assert "Henvisningen er allerede besvaret." in " ".join(refused.messages)


@pytest.mark.django_db(transaction=True)
def test_a_decline_and_an_accept_without_a_version_answer_once() -> None:
    made, (first, second) = _setup()
    results = race(_decline(first, made, None), _accept(second, made, None), hold_model=Referral)
    _one_answer_stands(made, results, ValidationError)
