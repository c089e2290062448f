"""Writes to plans. Each use case is keyword-only, checks permission with a rules predicate
and need-to-know, writes in one transaction and logs exactly one access-log entry; invalid
input raises ValidationError and writes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import LegalBasis
from roret.organisation.models import Department, Partner, Team
from roret.people.legacy import citizen_for_write, log_citizen_write
from roret.people.models import Citizen
from roret.people.services import citizen_link_end, citizen_link_register
from roret.plans.models import Agreement, Goal, Intervention, Plan, Rating
from roret.plans.rules import can_follow_up_plans, can_manage_plans

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Action = AccessLogEntry.Action


def _plan_for_write(
    actor: User, plan_id: int, predicate: Any, purpose: StrOrPromise
) -> tuple[Plan, Citizen]:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    citizen = citizen_for_write(actor, plan.citizen_id, predicate, purpose)
    if not plan.is_current:
        raise ValidationError(_("This plan is history. Changes go into the current plan."))
    return plan, citizen


def _full_clean(instance: Any, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False)


def plan_create(*, actor: User, citizen_id: int, summary: str = "") -> Plan:
    """Make a new current plan coordinated by the actor; an existing plan becomes history."""
    purpose = gettext_lazy("Creating the citizen's plan")
    citizen = citizen_for_write(actor, citizen_id, can_manage_plans, purpose)
    access_department = getattr(citizen, "access_department_id", None)
    department_id = (
        access_department
        if access_department in actor.department_ids
        else min(actor.department_ids)
    )
    with transaction.atomic():
        Plan.objects.select_for_update().filter(citizen=citizen, is_current=True).update(
            is_current=False, archived_at=timezone.now()
        )
        plan = Plan(
            citizen=citizen, coordinator=actor, department_id=department_id, summary=summary
        )
        _full_clean(plan)
        plan.save()
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=plan
        )
    return plan


def goal_add(
    *,
    actor: User,
    plan_id: int,
    citizen_wording: str,
    life_area: str,
    scale: str,
    professional_wording: str = "",
) -> Goal:
    purpose = gettext_lazy("Adding a goal to the citizen's plan")
    plan, citizen = _plan_for_write(actor, plan_id, can_manage_plans, purpose)
    goal = Goal(
        plan=plan,
        citizen_wording=citizen_wording.strip(),
        professional_wording=professional_wording.strip(),
        life_area=life_area,
        scale=scale,
    )
    _full_clean(goal, exclude=["plan"])
    with transaction.atomic():
        goal.save()
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=goal
        )
    return goal


def rating_add(
    *,
    actor: User,
    plan_id: int,
    goal_id: int,
    value: int | None,
    rated_by: str,
    rated_on: datetime.date,
    note: str = "",
) -> Rating:
    purpose = gettext_lazy("Rating progress on a goal")
    plan, citizen = _plan_for_write(actor, plan_id, can_follow_up_plans, purpose)
    goal = plan.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    if rated_on > timezone.localdate():
        raise ValidationError({"rated_on": _("A rating cannot be dated in the future.")})
    rating = Rating(
        goal=goal, value=value, rated_by=rated_by, rated_on=rated_on, note=note, recorded_by=actor
    )
    _full_clean(rating, exclude=["goal", "recorded_by"])
    rating.check_value(goal.scale)
    with transaction.atomic():
        rating.save()
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=rating
        )
    return rating


def _sync_link(intervention: Intervention, citizen: Citizen) -> None:
    """An active intervention gives its department a reason to see the citizen; any other
    status ends that reason."""
    source_id = str(intervention.pk)
    today = timezone.localdate()
    if intervention.status == Intervention.Status.ACTIVE and intervention.department_id:
        citizen_link_register(
            citizen=citizen,
            department=intervention.department,  # type: ignore[arg-type]
            team=intervention.team,
            source_type=Intervention.LINK_SOURCE_TYPE,
            source_id=source_id,
            starts_on=min(intervention.starts_on, today),
        )
    else:
        citizen_link_end(
            source_type=Intervention.LINK_SOURCE_TYPE,
            source_id=source_id,
            ends_on=intervention.ends_on or today,
        )


def _goals_of_plan(plan: Plan, goals: Iterable[Goal]) -> list[Goal]:
    goals = list(goals)
    if any(goal.plan_id != plan.pk for goal in goals):
        raise ValidationError({"goals": _("Choose goals from this plan.")})
    return goals


def intervention_add(
    *,
    actor: User,
    plan_id: int,
    description: str,
    starts_on: datetime.date,
    status: str = Intervention.Status.PLANNED,
    department: Department | None = None,
    team: Team | None = None,
    partner: Partner | None = None,
    legal_basis: LegalBasis | None = None,
    goals: Iterable[Goal] = (),
    ends_on: datetime.date | None = None,
    end_reason: str = "",
    source_type: str = "",
    source_id: str = "",
) -> Intervention:
    purpose = gettext_lazy("Adding an intervention to the citizen's plan")
    plan, citizen = _plan_for_write(actor, plan_id, can_manage_plans, purpose)
    intervention = Intervention(
        plan=plan,
        description=description.strip(),
        department=department,
        team=team,
        partner=partner,
        legal_basis=legal_basis,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        end_reason=end_reason.strip(),
        source_type=source_type,
        source_id=source_id,
        created_by=actor,
    )
    _full_clean(intervention, exclude=["plan", "created_by"])
    chosen_goals = _goals_of_plan(plan, goals)
    with transaction.atomic():
        intervention.save()
        intervention.goals.set(chosen_goals)
        _sync_link(intervention, citizen)
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=intervention
        )
    return intervention


def intervention_mirror(
    *,
    actor: User,
    citizen: Citizen,
    source_type: str,
    source_id: str,
    description: str,
    starts_on: datetime.date,
    status: str,
    department: Department | None = None,
    team: Team | None = None,
    partner: Partner | None = None,
    legal_basis: LegalBasis | None = None,
    life_area: str = "",
    ends_on: datetime.date | None = None,
    end_reason: str = "",
) -> Intervention:
    """Create or update the intervention that shows another module's record in the plan.

    For use inside the calling module's service, which has already checked permission,
    fetched the citizen with ``citizen_for_write`` and logs the write: this adds no check and
    no log entry of its own, so one request still gives one log entry. The module owning the
    record is the only writer of its mirror (``intervention_set_status`` refuses it). A citizen
    without a plan gets one, coordinated by the actor, so the work is never invisible."""
    existing = (
        Intervention.objects.select_related("plan")
        .filter(source_type=source_type, source_id=source_id, plan__citizen=citizen)
        .first()
    )
    if existing is not None:
        intervention = existing
    else:
        plan = Plan.objects.filter(citizen=citizen, is_current=True).first()
        if plan is None:
            plan_department = department or (
                Department.objects.filter(pk=min(actor.department_ids)).first()
                if actor.department_ids
                else None
            )
            if plan_department is None:
                raise ValidationError(_("The citizen has no plan and no department can own one."))
            plan = Plan(citizen=citizen, coordinator=actor, department=plan_department)
            _full_clean(plan)
            plan.save()
        intervention = Intervention(
            plan=plan, source_type=source_type, source_id=source_id, created_by=actor
        )
    intervention.description = description.strip()[:300]
    intervention.starts_on = starts_on
    intervention.ends_on = ends_on
    intervention.status = status
    intervention.department = department
    intervention.team = team
    intervention.partner = partner
    intervention.legal_basis = legal_basis
    intervention.life_area = life_area
    intervention.end_reason = (
        end_reason.strip()[:300] if status == Intervention.Status.ENDED else ""
    )
    _full_clean(intervention, exclude=["plan", "created_by"])
    with transaction.atomic():
        intervention.save()
        _sync_link(intervention, citizen)
    return intervention


def intervention_set_status(
    *,
    actor: User,
    plan_id: int,
    intervention_id: int,
    status: str,
    end_reason: str = "",
    ends_on: datetime.date | None = None,
) -> Intervention:
    purpose = gettext_lazy("Changing the status of an intervention")
    plan, citizen = _plan_for_write(actor, plan_id, can_manage_plans, purpose)
    intervention = (
        plan.interventions.select_related("department", "team").filter(pk=intervention_id).first()
    )
    if intervention is None:
        raise Http404
    if intervention.source_type:
        raise ValidationError(
            _("This intervention is managed where it was registered (e.g. the offer).")
        )
    intervention.status = status
    intervention.end_reason = end_reason.strip() if status == Intervention.Status.ENDED else ""
    if status == Intervention.Status.ENDED:
        intervention.ends_on = ends_on or timezone.localdate()
    _full_clean(intervention, exclude=["plan", "created_by"])
    with transaction.atomic():
        intervention.save()
        _sync_link(intervention, citizen)
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.UPDATE, purpose=purpose, obj=intervention
        )
    return intervention


def agreement_add(
    *,
    actor: User,
    plan_id: int,
    description: str,
    responsible: str,
    due_on: datetime.date,
    responsible_name: str = "",
    goal: Goal | None = None,
) -> Agreement:
    purpose = gettext_lazy("Recording an agreement in the citizen's plan")
    plan, citizen = _plan_for_write(actor, plan_id, can_follow_up_plans, purpose)
    if goal is not None:
        _goals_of_plan(plan, [goal])
    agreement = Agreement(
        plan=plan,
        goal=goal,
        description=description.strip(),
        responsible=responsible,
        responsible_name=responsible_name.strip(),
        due_on=due_on,
        created_by=actor,
    )
    _full_clean(agreement, exclude=["plan", "created_by"])
    with transaction.atomic():
        agreement.save()
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=agreement
        )
    return agreement


def agreement_resolve(
    *,
    actor: User,
    plan_id: int,
    agreement_id: int,
    status: str,
    kept_on_own: bool = False,
    resolved_on: datetime.date | None = None,
) -> Agreement:
    """Record whether an agreement was kept; ``kept_on_own`` counts in the measure of
    responsibility handed over to the citizen."""
    purpose = gettext_lazy("Following up on an agreement")
    plan, citizen = _plan_for_write(actor, plan_id, can_follow_up_plans, purpose)
    agreement = plan.agreements.filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    agreement.status = status
    agreement.kept_on_own = kept_on_own
    agreement.resolved_on = (
        None if status == Agreement.Status.OPEN else resolved_on or timezone.localdate()
    )
    _full_clean(agreement, exclude=["plan", "created_by", "goal"])
    with transaction.atomic():
        agreement.save()
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.UPDATE, purpose=purpose, obj=agreement
        )
    return agreement
