"""Plan services: permission, need-to-know links from interventions, one log entry per
write, nothing written on bad input, and the kept-on-own measure."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from roret.audit.models import AccessLogEntry
from roret.organisation.models import Department
from roret.people.access import citizen_for, citizens_visible_to
from roret.people.models import CitizenLink
from roret.plans import selectors, services
from roret.plans.models import Agreement, Goal, Intervention, Plan, Rating
from roret.plans.rules import can_read_plans
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory

from .factories import agreement, goal, plan_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def social() -> Department:
    return DepartmentFactory.create(name="Socialafdeling myndighed")


@pytest.fixture
def jobcentre() -> Department:
    return DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)


@pytest.fixture
def coordinator(social):
    return UserFactory.create(roles=["coordinator"], departments=[social])


@pytest.fixture
def plan(social, coordinator) -> Plan:
    return plan_for(department=social, coordinator=coordinator)


def _entries(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(id__gt=since).order_by("id"))


def _last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_new_plan_turns_the_current_one_into_history(plan, coordinator) -> None:
    newer = services.plan_create(actor=coordinator, citizen_id=plan.citizen_id)
    plan.refresh_from_db()
    assert newer.is_current and not plan.is_current and plan.archived_at is not None
    assert Plan.objects.filter(citizen=plan.citizen).count() == 2


def test_a_goal_needs_the_citizens_own_words_and_writes_nothing_without(plan, coordinator) -> None:
    before = _last_id()
    with pytest.raises(ValidationError) as error:
        services.goal_add(
            actor=coordinator,
            plan_id=plan.pk,
            citizen_wording="   ",
            life_area="housing",
            scale="gas",
        )
    assert "citizen_wording" in error.value.message_dict
    assert not Goal.objects.exists()
    assert _entries(before) == []


def test_a_rating_outside_the_scale_is_refused(plan, coordinator) -> None:
    made = goal(plan, scale=Goal.Scale.GAS)
    with pytest.raises(ValidationError) as error:
        services.rating_add(
            actor=coordinator,
            plan_id=plan.pk,
            goal_id=made.pk,
            value=3,
            rated_by="citizen",
            rated_on=timezone.localdate(),
        )
    assert "value" in error.value.message_dict
    assert not Rating.objects.exists()
    services.rating_add(
        actor=coordinator,
        plan_id=plan.pk,
        goal_id=made.pk,
        value=-1,
        rated_by="citizen",
        rated_on=timezone.localdate(),
    )
    assert Rating.objects.get().value == -1


def test_support_need_may_be_not_assessed(plan, coordinator) -> None:
    made = goal(plan, scale=Goal.Scale.SUPPORT_NEED)
    rating = services.rating_add(
        actor=coordinator,
        plan_id=plan.pk,
        goal_id=made.pk,
        value=None,
        rated_by="staff",
        rated_on=timezone.localdate(),
    )
    assert rating.value is None


def test_an_active_intervention_links_its_department_until_it_ends(
    plan, coordinator, jobcentre
) -> None:
    jobcentre_user = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    assert not citizens_visible_to(jobcentre_user).filter(pk=plan.citizen_id).exists()
    before = _last_id()
    made = services.intervention_add(
        actor=coordinator,
        plan_id=plan.pk,
        description="Mentor i virksomhedspraktik",
        department=jobcentre,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        status="active",
    )
    assert [e.action for e in _entries(before)] == ["create"]
    link_row = CitizenLink.objects.get(source_type="plans.intervention", source_id=str(made.pk))
    assert link_row.department == jobcentre and link_row.ends_on is None
    assert citizens_visible_to(jobcentre_user).filter(pk=plan.citizen_id).exists()

    services.intervention_set_status(
        actor=coordinator,
        plan_id=plan.pk,
        intervention_id=made.pk,
        status="ended",
        end_reason="Forløbet er afsluttet",
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    link_row.refresh_from_db()
    assert link_row.ends_on is not None
    assert not citizens_visible_to(jobcentre_user).filter(pk=plan.citizen_id).exists()


def test_ending_an_intervention_needs_a_reason(plan, coordinator, jobcentre) -> None:
    made = services.intervention_add(
        actor=coordinator,
        plan_id=plan.pk,
        description="Mentor",
        department=jobcentre,
        starts_on=timezone.localdate(),
        status="active",
    )
    with pytest.raises(ValidationError) as error:
        services.intervention_set_status(
            actor=coordinator, plan_id=plan.pk, intervention_id=made.pk, status="ended"
        )
    assert "end_reason" in error.value.message_dict
    assert Intervention.objects.get().status == "active"


def test_an_intervention_needs_exactly_one_provider(plan, coordinator, jobcentre) -> None:
    with pytest.raises(ValidationError):
        services.intervention_add(
            actor=coordinator,
            plan_id=plan.pk,
            description="Uden udfører",
            starts_on=timezone.localdate(),
        )
    assert not Intervention.objects.exists()


def test_a_planned_intervention_gives_no_access_yet(plan, coordinator, jobcentre) -> None:
    services.intervention_add(
        actor=coordinator,
        plan_id=plan.pk,
        description="Senere",
        department=jobcentre,
        starts_on=timezone.localdate(),
        status="planned",
    )
    assert not CitizenLink.objects.filter(source_type="plans.intervention", ends_on=None).exists()


def test_roles_and_need_to_know_are_checked(plan, social) -> None:
    provider = UserFactory.create(roles=["provider_staff"], departments=[social])
    with pytest.raises(PermissionDenied):
        services.goal_add(
            actor=provider, plan_id=plan.pk, citizen_wording="x", life_area="health", scale="gas"
        )
    stranger = UserFactory.create(
        roles=["coordinator"], departments=[DepartmentFactory.create(name="Boligafdeling")]
    )
    with pytest.raises(Http404):
        services.agreement_add(
            actor=stranger,
            plan_id=plan.pk,
            description="x",
            responsible="citizen",
            due_on=timezone.localdate(),
        )
    admin = UserFactory.create(is_superuser=True, departments=[social])
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=admin, citizen_id=plan.citizen_id)


def test_only_the_citizens_own_kept_agreements_count_as_kept_on_own(plan, coordinator) -> None:
    staff_task = agreement(plan, responsible=Agreement.Responsible.STAFF)
    with pytest.raises(ValidationError):
        services.agreement_resolve(
            actor=coordinator,
            plan_id=plan.pk,
            agreement_id=staff_task.pk,
            status="kept",
            kept_on_own=True,
        )


def _independent_shares(citizen_id: int) -> dict[tuple[int, int], tuple[int, int]]:
    """The measure computed in Python from the rows, for comparison with the SQL."""
    result: dict[tuple[int, int], list[int]] = {}
    for row in Agreement.objects.filter(plan__citizen_id=citizen_id):
        resolved = row.resolved_on
        if row.responsible != "citizen" or row.status not in ("kept", "not_kept") or not resolved:
            continue
        key = (resolved.year, (resolved.month - 1) // 3 + 1)
        counts = result.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += int(row.status == "kept" and row.kept_on_own)
    return {key: (value[0], value[1]) for key, value in result.items()}


def test_marking_agreements_updates_the_kept_on_own_share(plan, coordinator) -> None:
    today = timezone.localdate()
    last_quarter = today.replace(day=1) - datetime.timedelta(days=100)
    rows = [agreement(plan) for _ in range(5)] + [
        agreement(plan, responsible=Agreement.Responsible.STAFF)
    ]
    outcomes = [
        ("kept", True, today),
        ("kept", False, today),
        ("not_kept", False, today),
        ("kept", True, last_quarter),
        ("cancelled", False, today),
        ("kept", False, today),  # the staff member's own task: not in the measure
    ]
    assert selectors.kept_on_own_by_quarter(citizen_id=plan.citizen_id) == []
    for row, (status, own, day) in zip(rows, outcomes, strict=True):
        services.agreement_resolve(
            actor=coordinator,
            plan_id=plan.pk,
            agreement_id=row.pk,
            status=status,
            kept_on_own=own,
            resolved_on=day,
        )
    shares = selectors.kept_on_own_by_quarter(citizen_id=plan.citizen_id)
    by_quarter = {
        (s.quarter.year, (s.quarter.month - 1) // 3 + 1): (s.resolved, s.kept_on_own)
        for s in shares
    }
    assert by_quarter == _independent_shares(plan.citizen_id)
    current = shares[-1]
    assert (current.resolved, current.kept_on_own) == (3, 1)
    assert current.share == pytest.approx(1 / 3)
    assert shares[0].share == 1.0

    services.agreement_resolve(
        actor=coordinator,
        plan_id=plan.pk,
        agreement_id=rows[2].pk,
        status="kept",
        kept_on_own=True,
        resolved_on=today,
    )
    current = selectors.kept_on_own_by_quarter(citizen_id=plan.citizen_id)[-1]
    assert (current.resolved, current.kept_on_own) == (3, 2)
    assert current.share == pytest.approx(2 / 3)


def test_agreements_of_an_earlier_plan_still_count(plan, coordinator) -> None:
    row = agreement(plan)
    services.agreement_resolve(
        actor=coordinator, plan_id=plan.pk, agreement_id=row.pk, status="kept", kept_on_own=True
    )
    services.plan_create(actor=coordinator, citizen_id=plan.citizen_id)
    assert selectors.kept_on_own_by_quarter(citizen_id=plan.citizen_id)[0].kept_on_own == 1
    with pytest.raises(ValidationError):
        services.agreement_add(
            actor=coordinator,
            plan_id=plan.pk,
            description="x",
            responsible="citizen",
            due_on=timezone.localdate(),
        )


def test_consent_only_department_sees_the_plan_but_cannot_write_without_a_role(
    plan, jobcentre
) -> None:
    from tests.people.factories import consent

    consent(plan.citizen, jobcentre)
    viewer = UserFactory.create(roles=["provider_staff"], departments=[jobcentre])
    access = citizen_for(
        user=viewer, citizen_id=plan.citizen_id, predicate=can_read_plans, purpose="test"
    )
    page = selectors.plan_page(access=access, plan_id=plan.pk)
    assert page.plan == plan and page.can_follow_up and not page.can_manage
    with pytest.raises(PermissionDenied):
        services.goal_add(
            actor=viewer,
            plan_id=plan.pk,
            citizen_wording="Mit mål",
            life_area="housing",
            scale="ladder",
        )
    # Without a role that works with the citizen (finance, say), the plan is not shown.
    finance = UserFactory.create(roles=["finance"], departments=[jobcentre])
    with pytest.raises(PermissionDenied):
        citizen_for(
            user=finance, citizen_id=plan.citizen_id, predicate=can_read_plans, purpose="test"
        )


def test_a_mirrored_intervention_is_one_row_kept_by_its_source_module(
    plan, coordinator, jobcentre
) -> None:
    jobcentre_user = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    before = _last_id()
    start = timezone.localdate() - datetime.timedelta(days=30)
    mirror = services.intervention_mirror(
        actor=coordinator,
        citizen=plan.citizen,
        source_type="employment.job",
        source_id="17",
        description="KLAP-job i kantine",
        starts_on=start,
        status="active",
        department=jobcentre,
        life_area=Goal.LifeArea.WORK,
    )
    # The calling module's service logs its own write; the mirror adds no entry.
    assert _entries(before) == []
    assert mirror.plan == plan and mirror.get_life_area_display() == "Arbejde og uddannelse"
    assert citizens_visible_to(jobcentre_user).filter(pk=plan.citizen_id).exists()

    again = services.intervention_mirror(
        actor=coordinator,
        citizen=plan.citizen,
        source_type="employment.job",
        source_id="17",
        description="KLAP-job i kantine",
        starts_on=start,
        status="ended",
        department=jobcentre,
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
        end_reason="Jobbet ophørte",
    )
    assert again.pk == mirror.pk
    assert Intervention.objects.filter(source_type="employment.job").count() == 1
    assert not citizens_visible_to(jobcentre_user).filter(pk=plan.citizen_id).exists()
    with pytest.raises(ValidationError):
        services.intervention_set_status(
            actor=coordinator,
            plan_id=plan.pk,
            intervention_id=mirror.pk,
            status="active",
        )


def test_a_mirrored_intervention_gives_a_citizen_without_a_plan_one(coordinator, jobcentre) -> None:
    citizen = CitizenFactory.create()
    made = services.intervention_mirror(
        actor=coordinator,
        citizen=citizen,
        source_type="offers.enrolment",
        source_id="3",
        description="Gruppeforløb efter § 82 a",
        starts_on=timezone.localdate(),
        status="planned",
        department=jobcentre,
    )
    assert made.plan.citizen == citizen and made.plan.is_current
    assert made.plan.coordinator == coordinator
    with pytest.raises(ValidationError):
        services.intervention_mirror(
            actor=coordinator,
            citizen=citizen,
            source_type="offers.enrolment",
            source_id="3",
            description="Gruppeforløb efter § 82 a",
            starts_on=timezone.localdate(),
            status="active",
            department=jobcentre,
            ends_on=timezone.localdate() - datetime.timedelta(days=1),
        )
