"""Writes to plans. Each use case is keyword-only and runs on the one write path
(``roret.people.writes``): the role and need-to-know are checked there, the plan's row is
locked while a goal, intervention or agreement is added to it, a change is refused when the
form was read at an older version, and exactly one access-log entry is written; invalid input
raises ValidationError and writes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
from roret.people.models import Citizen
from roret.people.services import citizen_link_end, citizen_link_register
from roret.people.writes import ObjectWrite, Rows, citizen_write, validated_save
from roret.plans.models import Agreement, Goal, Intervention, Plan, Rating
from roret.plans.rules import can_follow_up_plans, can_manage_plans

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from django_stubs_ext import StrOrPromise
    from rules import Predicate

Action = AccessLogEntry.Action


def _current(plan: Plan) -> None:
    if not plan.is_current:
        raise ValidationError(_("This plan is history. Changes go into the current plan."))


def _adding_to(
    *, actor: User, plan_id: int, predicate: Predicate, purpose: StrOrPromise
) -> AbstractContextManager[ObjectWrite[Plan]]:
    """A write that adds a row to a plan: the plan is locked, so it cannot become history
    while the row is added; the log entry names the new row."""
    return Rows(Plan.objects.all, predicate).write(actor, plan_id, purpose, action=Action.CREATE)


@contextmanager
def _plan_row_write(
    model: type[Goal] | type[Intervention] | type[Agreement],
    pk: int,
    plan_id: int,
    actor: User,
    predicate: Predicate,
    purpose: StrOrPromise,
    *,
    version: int | None = None,
    action: str = Action.UPDATE,
) -> Iterator[ObjectWrite[Any]]:
    """A write to a goal, intervention or agreement of the plan the URL names (another
    plan's row does not exist here), locked, in the current plan."""
    rows: Rows[Goal | Intervention | Agreement] = Rows(
        lambda: model.objects.select_related("plan"), predicate, "plan__citizen_id"
    )
    with rows.write(actor, pk, purpose, version, action=action) as write:
        _of_plan(write.row, plan_id)
        yield write


def _of_plan(row: Goal | Intervention | Agreement, plan_id: int) -> None:
    """The row must belong to the plan the URL names; otherwise it does not exist here."""
    if row.plan_id != plan_id:
        raise Http404
    _current(row.plan)


def plan_create(*, actor: User, citizen_id: int, summary: str = "") -> Plan:
    """Make a new current plan coordinated by the actor; an existing plan becomes history.
    The citizen's row is locked, so two plans cannot both become current."""
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_manage_plans,
        purpose=gettext_lazy("Creating the citizen's plan"),
        lock=True,
    ) as write:
        Plan.objects.filter(citizen=write.citizen, is_current=True).update(
            is_current=False, archived_at=timezone.now()
        )
        plan = Plan(
            citizen=write.citizen,
            coordinator=actor,
            department_id=write.access.acting_department_id,
            summary=summary,
        )
        write.save(plan)
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
    with _adding_to(
        actor=actor,
        plan_id=plan_id,
        predicate=can_manage_plans,
        purpose=gettext_lazy("Adding a goal to the citizen's plan"),
    ) as write:
        _current(write.row)
        goal = Goal(
            plan=write.row,
            citizen_wording=citizen_wording.strip(),
            professional_wording=professional_wording.strip(),
            life_area=life_area,
            scale=scale,
        )
        write.save(goal, exclude=["plan"])
    return goal


def goal_edit(
    *,
    actor: User,
    plan_id: int,
    goal_id: int,
    citizen_wording: str,
    life_area: str,
    professional_wording: str = "",
    version: int | None = None,
) -> Goal:
    """Reword a goal or move it to another life area. Its scale stays: the ratings already
    given were on it."""
    with _plan_row_write(
        Goal,
        goal_id,
        plan_id,
        actor,
        can_manage_plans,
        gettext_lazy("Changing a goal in the citizen's plan"),
        version=version,
    ) as write:
        goal = write.row
        goal.citizen_wording = citizen_wording.strip()
        goal.professional_wording = professional_wording.strip()
        goal.life_area = life_area
        write.save(goal, update_fields=["citizen_wording", "professional_wording", "life_area"])
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
    if rated_on > timezone.localdate():
        raise ValidationError({"rated_on": _("A rating cannot be dated in the future.")})
    with _plan_row_write(
        Goal,
        goal_id,
        plan_id,
        actor,
        can_follow_up_plans,
        gettext_lazy("Rating progress on a goal"),
        action=Action.CREATE,
    ) as write:
        goal = write.row
        rating = Rating(
            goal=goal,
            value=value,
            rated_by=rated_by,
            rated_on=rated_on,
            note=note,
            recorded_by=actor,
        )
        rating.check_value(goal.scale)
        write.save(rating, exclude=["goal", "recorded_by"])
    return rating


def _sync_link(intervention: Intervention, citizen: Citizen) -> None:
    """An active intervention gives its department a reason to see the citizen; any other
    status ends that reason.

    A mirror of another module's record (a job, a frikort) is dated by that record, so its
    link carries the record's own start and end: the department sees the citizen from the
    day the job starts until the day it ends, decided by the query on the day itself. No
    scheduled refresh has to flip the status first for access to be right."""
    source_id = str(intervention.pk)
    today = timezone.localdate()
    Status = Intervention.Status
    dated_mirror = bool(intervention.source_type) and intervention.status in (
        Status.PLANNED,
        Status.ACTIVE,
    )
    if intervention.department_id and (dated_mirror or intervention.status == Status.ACTIVE):
        starts_on = intervention.starts_on if dated_mirror else min(intervention.starts_on, today)
        citizen_link_register(
            citizen=citizen,
            department=intervention.department,  # type: ignore[arg-type]
            team=intervention.team,
            source_type=Intervention.LINK_SOURCE_TYPE,
            source_id=source_id,
            starts_on=starts_on,
            ends_on=intervention.ends_on if dated_mirror else None,
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
    with _adding_to(
        actor=actor,
        plan_id=plan_id,
        predicate=can_manage_plans,
        purpose=gettext_lazy("Adding an intervention to the citizen's plan"),
    ) as write:
        plan = write.row
        _current(plan)
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
        chosen_goals = _goals_of_plan(plan, goals)
        write.save(intervention, exclude=["plan", "created_by"])
        intervention.goals.set(chosen_goals)
        _sync_link(intervention, write.citizen)
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

    For use inside the calling module's own ``citizen_write``/``object_write``, which has
    checked permission and logs the write: this adds no check and no log entry of its own,
    so one request still gives one log entry. The module owning the
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
            validated_save(plan)
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
    with transaction.atomic():
        validated_save(intervention, exclude=["plan", "created_by"])
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
    version: int | None = None,
) -> Intervention:
    with _plan_row_write(
        Intervention,
        intervention_id,
        plan_id,
        actor,
        can_manage_plans,
        gettext_lazy("Changing the status of an intervention"),
        version=version,
    ) as write:
        intervention = write.row
        if intervention.source_type:
            raise ValidationError(
                _("This intervention is managed where it was registered (e.g. the offer).")
            )
        intervention.status = status
        intervention.end_reason = end_reason.strip() if status == Intervention.Status.ENDED else ""
        if status == Intervention.Status.ENDED:
            intervention.ends_on = ends_on or timezone.localdate()
        write.save(intervention, exclude=["plan", "created_by"])
        _sync_link(intervention, write.citizen)
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
    with _adding_to(
        actor=actor,
        plan_id=plan_id,
        predicate=can_follow_up_plans,
        purpose=gettext_lazy("Recording an agreement in the citizen's plan"),
    ) as write:
        plan = write.row
        _current(plan)
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
        write.save(agreement, exclude=["plan", "created_by"])
    return agreement


def agreement_resolve(
    *,
    actor: User,
    plan_id: int,
    agreement_id: int,
    status: str,
    kept_on_own: bool = False,
    resolved_on: datetime.date | None = None,
    version: int | None = None,
) -> Agreement:
    """Record whether an agreement was kept; ``kept_on_own`` counts in the measure of
    responsibility handed over to the citizen. A follow-up can be corrected, but one from a
    page read before a colleague's follow-up is refused (the version): nothing is overwritten
    unseen."""
    with _plan_row_write(
        Agreement,
        agreement_id,
        plan_id,
        actor,
        can_follow_up_plans,
        gettext_lazy("Following up on an agreement"),
        version=version,
    ) as write:
        agreement = write.row
        agreement.status = status
        agreement.kept_on_own = kept_on_own
        agreement.resolved_on = (
            None if status == Agreement.Status.OPEN else resolved_on or timezone.localdate()
        )
        write.save(agreement, update_fields=["status", "kept_on_own", "resolved_on"])
    return agreement
