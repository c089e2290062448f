"""Two follow-ups of one agreement, and a goal changed from a page read before a colleague's
change: the second write is refused with the conflict, nothing is overwritten, one update
is logged."""

from __future__ import annotations

import pytest
from django.utils import timezone

from roret.audit.models import AccessLogEntry
from roret.core.errors import StaleWriteError
from roret.plans import services
from roret.plans.models import Agreement, Goal
from tests.factories import DepartmentFactory, UserFactory
from tests.races import race

from .factories import agreement, goal, plan_for


def _setup() -> tuple[Agreement, list]:
    department = DepartmentFactory.create(name="Socialafdeling")
    made = agreement(plan_for(department=department))
    workers = [
        UserFactory.create(roles=["coordinator"], departments=[department]) for _ in range(2)
    ]
    return made, workers


def _resolve(actor, made: Agreement, status: str, version: int | None):
    return lambda: services.agreement_resolve(
        actor=actor,
        plan_id=made.plan_id,
        agreement_id=made.pk,
        status=status,
        resolved_on=timezone.localdate(),
        version=version,
    )


def _updates(obj: object) -> int:
    return AccessLogEntry.objects.filter(
        object_type=obj._meta.label_lower,  # type: ignore[attr-defined]
        object_id=str(obj.pk),  # type: ignore[attr-defined]
        action=AccessLogEntry.Action.UPDATE,
        granted=True,
    ).count()


@pytest.mark.django_db(transaction=True)
def test_two_follow_ups_of_one_agreement_at_the_same_moment() -> None:
    made, (first, second) = _setup()
    read_at = made.version
    results = race(
        _resolve(first, made, "kept", read_at),
        _resolve(second, made, "not_kept", read_at),
        hold_model=Agreement,
    )
    successes = [r for r in results if isinstance(r, Agreement)]
    refusals = [r for r in results if isinstance(r, StaleWriteError)]
    assert len(successes) == 1 and len(refusals) == 1, results
    made.refresh_from_db()
    assert made.status == successes[0].status
    assert made.version == read_at + 1
    assert refusals[0].current.status == made.status
    assert _updates(made) == 1


@pytest.mark.django_db
def test_a_follow_up_from_a_stale_page_changes_nothing() -> None:
    made, (first, second) = _setup()
    read_at = made.version
    _resolve(first, made, "kept", read_at)()
    with pytest.raises(StaleWriteError) as refused:
        _resolve(second, made, "not_kept", read_at)()
    made.refresh_from_db()
    assert made.status == "kept"
    assert refused.value.current.status == "kept"
    assert _updates(made) == 1
    # Seen the conflict, the second follow-up is applied on the current version.
    _resolve(second, made, "not_kept", made.version)()
    made.refresh_from_db()
    assert made.status == "not_kept"


@pytest.mark.django_db
def test_a_goal_changed_from_a_stale_form_is_refused() -> None:
    department = DepartmentFactory.create()
    plan = plan_for(department=department)
    made = goal(plan)
    first, second = (
        UserFactory.create(roles=["caseworker"], departments=[department]) for _ in range(2)
    )
    read_at = made.version
    services.goal_edit(
        actor=first,
        plan_id=plan.pk,
        goal_id=made.pk,
        citizen_wording="Jeg vil have en lejlighed tæt på min søster",
        life_area=Goal.LifeArea.HOUSING,
        version=read_at,
    )
    with pytest.raises(StaleWriteError):
        services.goal_edit(
            actor=second,
            plan_id=plan.pk,
            goal_id=made.pk,
            citizen_wording="Jeg vil i arbejde",
            life_area=Goal.LifeArea.WORK,
            version=read_at,
        )
    made.refresh_from_db()
    assert made.citizen_wording == "Jeg vil have en lejlighed tæt på min søster"
    assert made.life_area == Goal.LifeArea.HOUSING
    assert made.scale == Goal.Scale.LADDER
    assert _updates(made) == 1
