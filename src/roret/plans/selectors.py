"""Reads for plan pages, each a fixed number of queries whatever the data size. A page about
one citizen's plan takes the ``CitizenAccess`` its route's gate decided and logged
(``roret.people.gate``); the follow-up list, across citizens, logs its own search entry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, F, FloatField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast, TruncQuarter
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core.charts import Chart, vega_lite
from roret.core.paging import Pager, PageRequest, paginate
from roret.people.access import CitizenAccess, citizens_visible_to, log_list
from roret.people.models import Citizen, NetworkParty
from roret.plans.models import Agreement, Goal, Intervention, Plan, Rating
from roret.plans.rules import can_follow_up_plans, can_manage_plans

Action = AccessLogEntry.Action
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class QuarterShare:
    """Among agreements the citizen was responsible for and that were resolved (kept or not
    kept) in the quarter: how many the citizen kept on their own."""

    quarter: datetime.date
    resolved: int
    kept_on_own: int
    share: float

    @property
    def label(self) -> str:
        return f"{self.quarter.year} K{(self.quarter.month - 1) // 3 + 1}"

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class GoalProgress:
    goal: Goal
    ratings: list[Rating]
    chart: Chart | None


@dataclass
class ProviderGroup:
    name: str
    interventions: list[Intervention] = field(default_factory=list)


@dataclass(frozen=True)
class PlanPage:
    plan: Plan
    citizen: Citizen
    goals: list[GoalProgress]
    providers: list[ProviderGroup]
    agreements: list[Agreement]
    network: list[NetworkParty]
    history: list[Plan]
    kept_on_own: list[QuarterShare]
    can_manage: bool
    can_follow_up: bool


def kept_on_own_by_quarter(*, citizen_id: int) -> list[QuarterShare]:
    """The measure of responsibility handed over, per quarter of ``resolved_on``, over all
    the citizen's plans (history included, so the trend survives a new plan)."""
    rows = (
        Agreement.objects.filter(
            plan__citizen_id=citizen_id,
            responsible=Agreement.Responsible.CITIZEN,
            status__in=[Agreement.Status.KEPT, Agreement.Status.NOT_KEPT],
            resolved_on__isnull=False,
        )
        .annotate(quarter=TruncQuarter("resolved_on"))
        .values("quarter")
        .annotate(
            resolved=Count("id"),
            on_own=Count("id", filter=Q(status=Agreement.Status.KEPT, kept_on_own=True)),
        )
        .annotate(share=Cast(F("on_own"), FloatField()) / Cast(F("resolved"), FloatField()))
        .order_by("quarter")
    )
    return [
        QuarterShare(
            quarter=_as_date(row["quarter"]),
            resolved=row["resolved"],
            kept_on_own=row["on_own"],
            share=row["share"],
        )
        for row in rows
    ]


def _as_date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _goal_chart(goal: Goal, ratings: list[Rating]) -> Chart | None:
    points = [r for r in ratings if r.value is not None]
    if not points:
        return None
    low, high = Goal.SCALE_RANGES[goal.scale]
    values = [
        {"date": r.rated_on.isoformat(), "value": r.value, "by": r.get_rated_by_display()}
        for r in points
    ]
    return Chart(
        id=f"goal-{goal.pk}-chart",
        title=_("Progress"),
        description=_("Line chart: the ratings of the goal over time, by who rated."),
        spec=vega_lite(
            {
                "height": 140,
                "data": {"values": values},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": _("Date")},
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "title": _("Rating"),
                        "scale": {"domain": [low, high]},
                    },
                    "color": {"field": "by", "type": "nominal", "title": _("Rated by")},
                },
            }
        ),
        columns=[_("Date"), _("Rating"), _("Rated by")],
        rows=[[r.rated_on.isoformat(), r.value, r.get_rated_by_display()] for r in points],
    )


def _plan_queryset() -> QuerySet[Plan]:
    return Plan.objects.select_related("coordinator", "department").prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.prefetch_related(
                Prefetch("ratings", queryset=Rating.objects.order_by("rated_on", "id"))
            ),
        ),
        Prefetch(
            "interventions",
            queryset=Intervention.objects.select_related(
                "department", "team", "partner", "legal_basis"
            ).prefetch_related("goals"),
        ),
        Prefetch("agreements", queryset=Agreement.objects.select_related("goal")),
    )


def plans_of(citizen: Citizen) -> list[Plan]:
    # The reverse accessor from people's model is unknown to the type checker.
    related: Any = getattr(citizen, "plans")  # noqa: B009
    return list(related.all())


def plan_citizens() -> QuerySet[Citizen]:
    """The citizen query of a plan page: the gate's check and the page's read in one."""
    return Citizen.objects.prefetch_related(
        Prefetch(
            "network",
            queryset=NetworkParty.objects.filter(is_active=True).select_related(
                "department", "partner"
            ),
        ),
        Prefetch("plans", queryset=Plan.objects.order_by("-created_at")),
    )


def plan_page(*, access: CitizenAccess, plan_id: int) -> PlanPage:
    """The whole coordinated effort on one screen (or on paper for the citizen). The gate
    has checked and logged the access; ``access.citizen`` comes from ``plan_citizens``."""
    user, citizen = access.user, access.citizen
    plan = _plan_queryset().get(pk=plan_id, citizen_id=citizen.pk)
    goals = [
        GoalProgress(goal=goal, ratings=list(goal.ratings.all()), chart=None)
        for goal in plan.goals.all()
    ]
    for progress in goals:
        progress.chart = _goal_chart(progress.goal, progress.ratings)
    groups: dict[str, ProviderGroup] = {}
    for intervention in plan.interventions.all():
        name = str(intervention.provider)
        groups.setdefault(name, ProviderGroup(name)).interventions.append(intervention)
    return PlanPage(
        plan=plan,
        citizen=citizen,
        goals=goals,
        providers=sorted(groups.values(), key=lambda group: group.name),
        agreements=list(plan.agreements.all()),
        network=list(citizen.network.all()),
        history=[other for other in plans_of(citizen) if other.pk != plan.pk],
        kept_on_own=kept_on_own_by_quarter(citizen_id=citizen.pk),
        can_manage=plan.is_current and can_manage_plans.test(user),
        can_follow_up=plan.is_current and can_follow_up_plans.test(user),
    )


def current_plan_id(*, access: CitizenAccess) -> int | None:
    return (
        Plan.objects.filter(citizen_id=access.citizen_id, is_current=True)
        .values_list("pk", flat=True)
        .first()
    )


def plan_for_form(*, access: CitizenAccess, plan_id: int) -> Plan:
    """The plan a form page is about (add a goal, an agreement...)."""
    plan = Plan.objects.get(pk=plan_id, citizen_id=access.citizen_id)
    plan.citizen = access.citizen
    return plan


def plan_row(*, access: CitizenAccess, plan_id: int, model: type[M], pk: int) -> M:
    """A goal, intervention or agreement of the plan, for a form that edits it; 404 when it
    belongs to another plan."""
    rows = model._default_manager.filter(plan_id=plan_id)
    return access.row(rows, pk, citizen_field="plan__citizen_id")


@dataclass(frozen=True)
class FollowUp:
    due_this_week: Pager[Agreement]
    overdue: Pager[Agreement]
    kept: Pager[Agreement]
    week_start: datetime.date
    week_end: datetime.date


KEPT_WINDOW_DAYS = 28
# The follow-up page's three lists, each paged on its own in the same URL.
FOLLOW_UP_LISTS = ("overdue", "week", "kept")
# A home block shows the first rows of its list; the list page shows the rest.
HOME_ROWS = 5


def _week_of(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    week_start = today - datetime.timedelta(days=today.weekday())
    return week_start, week_start + datetime.timedelta(days=6)


def _coordinated_agreements(user: User) -> QuerySet[Agreement]:
    """Agreements in the current plans the user coordinates, of citizens they may see."""
    return Agreement.objects.filter(
        plan__coordinator=user,
        plan__is_current=True,
        plan__citizen__in=citizens_visible_to(user).values("pk"),
    )


def _overdue_and_due(today: datetime.date, week_end: datetime.date) -> tuple[Q, Q]:
    return (
        Q(status=Agreement.Status.OPEN, due_on__lt=today),
        Q(status=Agreement.Status.OPEN, due_on__gte=today, due_on__lte=week_end),
    )


@dataclass(frozen=True)
class AgreementsDue:
    """The home page's view of the follow-up list: the first open agreements overdue or due
    this week (the most overdue first), with the list's totals."""

    agreements: list[Agreement]
    overdue_total: int
    due_this_week_total: int
    today: datetime.date


def agreements_due(*, user: User, today: datetime.date | None = None) -> AgreementsDue:
    """Two queries; no access-log entry (the home page writes its one)."""
    today = today or timezone.localdate()
    mine = _coordinated_agreements(user)
    overdue_q, due_q = _overdue_and_due(today, _week_of(today)[1])
    totals = mine.aggregate(overdue=Count("pk", filter=overdue_q), due=Count("pk", filter=due_q))
    rows = (
        mine.filter(overdue_q | due_q)
        .select_related("plan__citizen")
        .order_by("due_on", "id")[:HOME_ROWS]
    )
    return AgreementsDue(
        agreements=list(rows),
        overdue_total=totals["overdue"],
        due_this_week_total=totals["due"],
        today=today,
    )


def follow_up(
    *,
    user: User,
    today: datetime.date | None = None,
    paging: dict[str, PageRequest] | None = None,
) -> FollowUp:
    """The coordinator's follow-up list: open agreements overdue or due this week, and those
    kept in the last four weeks, in the current plans the user coordinates. Each list is
    one page (most overdue, next due, latest kept first) with its total; the three totals
    come from one aggregate over the same filtered rows, so the page runs one query for the
    totals and one per list whatever the data."""
    today = today or timezone.localdate()
    paging = paging or {}
    week_start, week_end = _week_of(today)
    mine = _coordinated_agreements(user)
    overdue_q, due_q = _overdue_and_due(today, week_end)
    kept_q = Q(
        status=Agreement.Status.KEPT,
        resolved_on__gte=today - datetime.timedelta(days=KEPT_WINDOW_DAYS),
    )
    totals = mine.aggregate(
        overdue=Count("pk", filter=overdue_q),
        week=Count("pk", filter=due_q),
        kept=Count("pk", filter=kept_q),
    )

    def one_page(name: str, condition: Q, *order: str) -> Pager[Agreement]:
        rows = mine.filter(condition).select_related("plan__citizen", "goal").order_by(*order)
        return paginate(rows, paging.get(name) or PageRequest(prefix=name), count=totals[name])

    log_list(
        user=user,
        purpose=gettext_lazy("Follow-up on agreements"),
        criterion=_("Agreements in plans I coordinate"),
        object_type="plans.agreement",
    )
    return FollowUp(
        due_this_week=one_page("week", due_q, "due_on", "id"),
        overdue=one_page("overdue", overdue_q, "due_on", "id"),
        kept=one_page("kept", kept_q, "-resolved_on", "-id"),
        week_start=week_start,
        week_end=week_end,
    )


def goal_scale(*, plan_id: int, goal_id: int) -> str:
    """The scale a rating form offers; the gate has checked and logged the page."""
    scale = Goal.objects.filter(pk=goal_id, plan_id=plan_id).values_list("scale", flat=True).first()
    if scale is None:
        raise Http404
    return scale
