"""Phase: coordinated plans for about 30 % of the living citizens with problems: goals in
the citizen's words with rating histories, interventions across departments (with their
need-to-know links, ``plans.intervention``), and agreements with outcomes, so that the
kept-on-own measure and the follow-up list have data in the demo.

Every plan's first intervention is the coordination itself, by the coordinators' team, so the
coordinator's department can see the citizen it coordinates for.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from roret.casework.models import LegalBasis
from roret.people.models import CitizenLink
from roret.plans.models import Agreement, Goal, Intervention, Plan, Rating
from roret.seed.bulk import BATCH, Row, insert
from roret.seed.context import CitizenRecord, SeedContext, StaffRecord, chunked
from roret.seed.problems import HOMELESSNESS, MENTAL, NO_JOB, SUBSTANCE

PLAN_SHARE = 0.3

# (life area, scale, the citizen's words, professional wording)
GOALS: list[tuple[str, str, str, str]] = [
    ("housing", "ladder", "Jeg vil have min egen lejlighed", "Etablering i egen bolig"),
    ("housing", "gas", "Jeg vil kunne blive boende", "Fastholdelse af bolig"),
    ("work", "ladder", "Jeg vil have et arbejde igen", "Tilknytning til arbejdsmarkedet"),
    ("work", "gas", "Jeg vil i praktik", "Virksomhedspraktik"),
    ("economy", "gas", "Jeg vil kunne betale min husleje", "Budget og gældsafvikling"),
    ("health", "support_need", "Jeg vil passe min medicin", "Stabil medicinering"),
    ("addiction", "ladder", "Jeg vil drikke mindre", "Reduktion af alkoholforbrug"),
    ("relations", "gas", "Jeg vil se min datter", "Genetablering af kontakt til familie"),
    ("leisure", "ladder", "Jeg vil ud blandt andre", "Deltagelse i fællesskaber"),
]
# (team key, what is done, SEL paragraph or "")
INTERVENTIONS: dict[str, list[tuple[str, str, str]]] = {
    "housing_support": [("housing_support", "Bostøtte to gange om ugen", "85")],
    "jobcentre": [("jobcentre", "Mentor i virksomhedspraktik", "")],
    "substance": [("substance", "Alkoholbehandling", "101")],
    "m_act": [("m_act", "M-ACT-forløb", "85")],
    "cti": [("cti", "CTI-forløb, fase 1", "85a")],
    "allocation": [("allocation", "Boliganvisning", "")],
}
AGREEMENTS = [
    "Ringe til boligselskabet",
    "Møde op til samtale i Jobcenteret",
    "Åbne posten sammen med bostøtten",
    "Bestille tid hos lægen",
    "Lave et budget for næste måned",
    "Tage med til fællesspisning",
]


def _coordinators(ctx: SeedContext) -> list[StaffRecord]:
    team_id = ctx.team("coordinators").pk
    chosen = [s for s in ctx.staff if "coordinator" in s.role_codes and s.department_ids]
    in_team = [s for s in chosen if team_id in s.team_ids]
    return in_team or chosen


def seed_plans(ctx: SeedContext) -> None:
    coordinators = _coordinators(ctx)
    if not coordinators:
        return
    bases = dict(LegalBasis.objects.filter(law="SEL").values_list("paragraph", "pk"))
    candidates = [c for c in ctx.citizens if c.problems and c.date_of_death is None]
    with ctx.progress(len(candidates), "Planer", unit="citizens") as bar:
        for batch in chunked(candidates, BATCH // 4):
            chosen = [c for c in batch if ctx.rng.random() < PLAN_SHARE]
            _write(ctx, chosen, coordinators, bases)
            bar.update(len(batch))


def _write(
    ctx: SeedContext,
    citizens: list[CitizenRecord],
    coordinators: list[StaffRecord],
    bases: dict[str, int],
) -> None:
    rng, today = ctx.rng, ctx.today
    now = timezone.now()
    plans: list[Row] = []
    owners: list[StaffRecord] = []
    for citizen in citizens:
        coordinator = rng.choice(coordinators)
        owners.append(coordinator)
        plans.append(
            {
                "citizen_id": citizen.pk,
                "coordinator_id": coordinator.pk,
                "department_id": coordinator.department_ids[0],
                "summary": "",
                "is_current": True,
                "created_at": now,
            }
        )
    plan_ids = insert(Plan, plans, need_ids=True)
    ctx.created["plans.Plan"] += len(plans)

    goals: list[Row] = []
    goal_owner: list[int] = []
    for plan_id in plan_ids:
        for area, scale, words, professional in rng.sample(GOALS, rng.randint(1, 3)):
            goals.append(
                {
                    "plan_id": plan_id,
                    "citizen_wording": words,
                    "professional_wording": professional if rng.random() < 0.6 else "",
                    "life_area": area,
                    "scale": scale,
                    "is_active": True,
                    "created_at": now,
                }
            )
            goal_owner.append(plan_id)
    goal_ids = insert(Goal, goals, need_ids=True)
    ctx.created["plans.Goal"] += len(goals)
    goals_of_plan: dict[int, list[int]] = {}
    for goal_id, plan_id in zip(goal_ids, goal_owner, strict=True):
        goals_of_plan.setdefault(plan_id, []).append(goal_id)

    coordinator_of = dict(zip(plan_ids, owners, strict=True))
    ratings: list[Row] = []
    for goal_id, goal, plan_id in zip(goal_ids, goals, goal_owner, strict=True):
        ratings.extend(_ratings(ctx, goal_id, goal["scale"], coordinator_of[plan_id].pk))
    insert(Rating, ratings)
    ctx.created["plans.Rating"] += len(ratings)

    interventions: list[Row] = []
    intervention_goals: list[list[int]] = []
    intervention_citizens: list[int] = []
    for plan_id, citizen in zip(plan_ids, citizens, strict=True):
        for row, goal_ids_of in _interventions(ctx, citizen, plan_id, goals_of_plan, bases):
            interventions.append(row)
            intervention_goals.append(goal_ids_of)
            intervention_citizens.append(citizen.pk)
    intervention_ids = insert(Intervention, interventions, need_ids=True)
    ctx.created["plans.Intervention"] += len(interventions)
    through = Intervention.goals.through
    insert(
        through,
        [
            {"intervention_id": pk, "goal_id": goal_id}
            for pk, chosen in zip(intervention_ids, intervention_goals, strict=True)
            for goal_id in chosen
        ],
    )
    links = [
        {
            "citizen_id": citizen_id,
            "department_id": row["department_id"],
            "team_id": row["team_id"],
            "source_type": Intervention.LINK_SOURCE_TYPE,
            "source_id": str(pk),
            "starts_on": row["starts_on"],
            "ends_on": row["ends_on"],
        }
        for pk, row, citizen_id in zip(
            intervention_ids, interventions, intervention_citizens, strict=True
        )
        if row["status"] != Intervention.Status.PLANNED
    ]
    insert(CitizenLink, links)
    ctx.created["people.CitizenLink"] += len(links)
    ctx.link_departments(links)

    agreements: list[Row] = []
    for plan_id in plan_ids:
        for _ in range(rng.randint(1, 5)):
            agreements.append(_agreement(ctx, plan_id, today))
    insert(Agreement, agreements)
    ctx.created["plans.Agreement"] += len(agreements)


def _ratings(ctx: SeedContext, goal_id: int, scale: str, staff_id: int) -> list[Row]:
    rng = ctx.rng
    low, high = Goal.SCALE_RANGES[scale]
    value = rng.randint(low, (low + high) // 2)
    rows: list[Row] = []
    count = rng.randint(0, 4)
    for index in range(count):
        rated_on = ctx.today - datetime.timedelta(days=30 * (count - index) + rng.randint(0, 20))
        step = rng.choice([-1, 0, 1, 1])
        value = max(low, min(high, value + step))
        not_assessed = scale == Goal.Scale.SUPPORT_NEED and rng.random() < 0.1
        rows.append(
            {
                "goal_id": goal_id,
                "value": None if not_assessed else value,
                "rated_by": Rating.RatedBy.CITIZEN if rng.random() < 0.6 else Rating.RatedBy.STAFF,
                "rated_on": rated_on,
                "note": "",
                "recorded_by_id": staff_id,
            }
        )
    return rows


def _interventions(
    ctx: SeedContext,
    citizen: CitizenRecord,
    plan_id: int,
    goals_of_plan: dict[int, list[int]],
    bases: dict[str, int],
) -> list[tuple[dict[str, Any], list[int]]]:
    rng = ctx.rng
    problems = set(citizen.problems)
    keys = ["coordinators"]
    if problems & {MENTAL, HOMELESSNESS}:
        keys.append("housing_support")
    if NO_JOB in problems:
        keys.append("jobcentre")
    if SUBSTANCE in problems:
        keys.append("substance")
    if HOMELESSNESS in problems:
        keys.append(rng.choice(["cti", "allocation"]))
    goal_ids = goals_of_plan.get(plan_id, [])
    rows = []
    for key in keys:
        team = ctx.team(key)
        description, paragraph = "Koordinering af planen", ""
        if key in INTERVENTIONS:
            _team, description, paragraph = INTERVENTIONS[key][0]
        starts_on = ctx.today - datetime.timedelta(days=rng.randint(0, 400))
        draw = rng.random()
        status = (
            "active"
            if key == "coordinators" or draw < 0.7
            else ("ended" if draw < 0.9 else "planned")
        )
        ends_on = (
            min(ctx.today, starts_on + datetime.timedelta(days=rng.randint(30, 180)))
            if status == "ended"
            else None
        )
        if status == "planned":
            starts_on = ctx.today + datetime.timedelta(days=rng.randint(1, 30))
        row: dict[str, Any] = {
            "plan_id": plan_id,
            "description": description,
            "department_id": team.department_id,
            "team_id": team.pk,
            "partner_id": None,
            "legal_basis_id": bases.get(paragraph) if paragraph else None,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "status": status,
            "end_reason": "Målet er nået" if status == "ended" else "",
            "source_type": "",
            "source_id": "",
            "created_by_id": None,
        }
        chosen = rng.sample(goal_ids, min(len(goal_ids), rng.randint(0, 2)))
        rows.append((row, chosen))
    return rows


def _agreement(ctx: SeedContext, plan_id: int, today: datetime.date) -> Row:
    rng = ctx.rng
    due_on = today + datetime.timedelta(days=rng.randint(-120, 21))
    responsible = rng.choice(["citizen", "citizen", "citizen", "staff", "partner", "relative"])
    status, resolved_on, own = "open", None, False
    if due_on < today and rng.random() < 0.85:
        status = rng.choice(["kept", "kept", "kept", "not_kept", "cancelled"])
        resolved_on = min(today, due_on + datetime.timedelta(days=rng.randint(0, 5)))
        # Responsibility passes to the citizen over time: older agreements kept with help.
        own = (
            status == "kept"
            and responsible == "citizen"
            and rng.random() < 0.3 + (120 + (due_on - today).days) / 240
        )
    return {
        "plan_id": plan_id,
        "goal_id": None,
        "description": rng.choice(AGREEMENTS),
        "responsible": responsible,
        "responsible_name": "" if responsible == "citizen" else rng.choice(["Lis", "Ole", "Mor"]),
        "due_on": due_on,
        "status": status,
        "kept_on_own": own,
        "resolved_on": resolved_on,
        "created_by_id": None,
        "created_at": timezone.now(),
    }
