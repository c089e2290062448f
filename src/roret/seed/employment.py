"""Phase: social frikort holders with earnings over the last years (some near or over the
year's tax-free amount), KLAP jobs, flexjobs, sheltered employment (§ 103) and volunteer
work. Each active frikort and job shows in the citizen's plan as an intervention in the work
life area run by the job centre, with its need-to-know link (as the employment services do);
a citizen without a plan gets one coordinated by a job centre caseworker.

Eligibility checks are spread so that some are overdue and some due within the reminder
window. Every year the seed writes earnings in gets a frikort amount: a year the migrations
do not know (the current one, before the administrator has entered its published amount)
gets the latest known amount, marked as synthetic in its regulation note, so the warnings of
the current year work in the demo.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from roret.employment.models import (
    Earning,
    Frikort,
    FrikortCap,
    Job,
    latest_check_due,
    month_end,
    month_start,
)
from roret.employment.services import earning_years_rebuild
from roret.people.models import CitizenLink
from roret.plans.models import Goal, Intervention, Plan
from roret.seed.bulk import BATCH, Row, insert
from roret.seed.context import CitizenRecord, SeedContext, StaffRecord, chunked

FRIKORT_SHARE = 0.07
# (kind, share of the candidates, team key)
OTHER_JOBS = [
    (Job.Kind.KLAP, 0.03, "resource"),
    (Job.Kind.FLEXJOB, 0.02, "resource"),
    (Job.Kind.SHELTERED, 0.02, "jobcentre"),
    (Job.Kind.VOLUNTEER, 0.03, "jobcentre"),
]
# How much of the year's amount a holder earns in a full year: (weight, low, high).
EARNING_LEVELS = [(50, 0.15, 0.6), (25, 0.6, 0.79), (15, 0.8, 0.95), (10, 1.05, 1.2)]
LEVEL_ROTATION = [(low, high) for weight, low, high in EARNING_LEVELS for _ in range(weight // 5)]
EMPLOYERS = [
    ("Svendborg Cykler ApS", "13585628"),
    ("Havnecaféen I/S", "10000009"),
    ("Genbrugsbutikken Tåsinge", "10150817"),
    ("Brugsen Thurø", "10403782"),
    ("Skovsbo Gartneri", "11111114"),
    ("Svendborg Vandrerhjem", "12345674"),
]
VOLUNTEER_PLACES = ["Kirkens Korshær", "Folkekøkkenet", "Værestedet Fyrtårnet"]
DEACTIVATION_REASONS = [
    "Ikke længere i målgruppen",
    "Flyttet fra kommunen",
    "Borgeren ønskede det",
]
# The share of months with earnings; monthly amounts are scaled up by it so that a holder's
# level is what a full year adds up to (and the top level really passes the cap).
MONTHS_WITH_EARNINGS = 0.85


def _caseworkers(ctx: SeedContext) -> list[StaffRecord]:
    department = ctx.department("jobcentre").pk
    return [s for s in ctx.staff if department in s.department_ids and "caseworker" in s.role_codes]


def seed_employment(ctx: SeedContext) -> None:
    caseworkers = _caseworkers(ctx)
    if not caseworkers:
        return
    caps = _caps_for_seeded_years(ctx)
    plans = dict(Plan.objects.filter(is_current=True).values_list("citizen_id", "id"))
    candidates = [c for c in ctx.citizens if c.problems and c.date_of_death is None]
    with ctx.progress(len(candidates), "Frikort og job", unit="citizens") as bar:
        for batch in chunked(candidates, BATCH // 4):
            _write(ctx, batch, caseworkers, caps, plans)
            bar.update(len(batch))


# Cards and earnings go back at most this many years before the current one.
SEEDED_YEARS = 6
SYNTHETIC_CAP_NOTE = (
    "Syntetisk beløb fra demodata (seneste kendte beløb). Erstat det med det offentliggjorte "
    "beløb for året."
)


def _caps_for_seeded_years(ctx: SeedContext) -> dict[int, Decimal]:
    caps = dict(FrikortCap.objects.values_list("year", "amount"))
    for year in range(ctx.today.year - SEEDED_YEARS, ctx.today.year + 1):
        if year not in caps:
            amount = _cap(caps, year)
            FrikortCap.objects.create(year=year, amount=amount, regulation_note=SYNTHETIC_CAP_NOTE)
            caps[year] = amount
            ctx.created["employment.FrikortCap"] += 1
    return caps


def _cap(caps: dict[int, Decimal], year: int) -> Decimal:
    if year in caps:
        return caps[year]
    known = [y for y in caps if y <= year] or list(caps) or [0]
    return caps.get(max(known), Decimal("42766.00"))


def _write(
    ctx: SeedContext,
    citizens: list[CitizenRecord],
    caseworkers: list[StaffRecord],
    caps: dict[int, Decimal],
    plans: dict[int, int],
) -> None:
    rng, today = ctx.rng, ctx.today
    centre = ctx.department("jobcentre").pk
    cards: list[Row] = []
    card_owner: list[CitizenRecord] = []
    jobs: list[Row] = []
    job_owner: list[CitizenRecord] = []
    job_card: list[int | None] = []  # index into cards for the frikort jobs
    for citizen in citizens:
        worker = rng.choice(caseworkers)
        if rng.random() < FRIKORT_SHARE:
            earliest = max(citizen.registered_on, ctx.years_ago(3))
            decided = ctx.date_between(earliest, today - datetime.timedelta(days=20))
            checked = ctx.date_between(decided, today)
            latest = latest_check_due(checked)
            due = ctx.date_between(min(checked + datetime.timedelta(days=30), latest), latest)
            deactivated = (
                ctx.date_between(decided + datetime.timedelta(days=60), today)
                if rng.random() < 0.15 and decided + datetime.timedelta(days=60) < today
                else None
            )
            cards.append(
                {
                    "citizen_id": citizen.pk,
                    "department_id": centre,
                    "decided_on": decided,
                    "decided_by_id": worker.pk,
                    "last_checked_on": checked,
                    "next_check_due": due,
                    "deactivated_on": deactivated,
                    "deactivation_reason": rng.choice(DEACTIVATION_REASONS) if deactivated else "",
                }
            )
            card_owner.append(citizen)
            for index in range(1 if rng.random() < 0.75 else 2):
                name, cvr = rng.choice(EMPLOYERS)
                starts = ctx.date_between(
                    decided, min(decided + datetime.timedelta(days=90), today)
                )
                jobs.append(
                    _job(
                        citizen,
                        centre,
                        worker,
                        Job.Kind.ORDINARY_FRIKORT if index == 0 else Job.Kind.KLAP,
                        name,
                        cvr,
                        starts,
                        deactivated if deactivated and rng.random() < 0.7 else None,
                        Decimal(rng.choice(["4.0", "6.0", "8.0", "10.0", "12.5"])),
                    )
                )
                job_owner.append(citizen)
                job_card.append(len(cards) - 1)
        for kind, share, _team in OTHER_JOBS:
            if rng.random() < share:
                starts = ctx.date_between(max(citizen.registered_on, ctx.years_ago(4)), today)
                ends = (
                    ctx.date_between(starts, today + datetime.timedelta(days=180))
                    if rng.random() < 0.3
                    else None
                )
                if kind == Job.Kind.VOLUNTEER:
                    name, cvr = rng.choice(VOLUNTEER_PLACES), ""
                else:
                    name, cvr = rng.choice(EMPLOYERS)
                hours = Decimal(rng.choice(["5.0", "10.0", "15.0", "20.0", "25.0"]))
                jobs.append(_job(citizen, centre, worker, kind, name, cvr, starts, ends, hours))
                job_owner.append(citizen)
                job_card.append(None)

    card_ids = insert(Frikort, cards, need_ids=True)
    ctx.created["employment.Frikort"] += len(cards)
    job_ids = insert(Job, jobs, need_ids=True)
    ctx.created["employment.Job"] += len(jobs)

    earnings: list[Row] = []
    level_of: dict[int, float] = {}
    for job_id, job, card_index in zip(job_ids, jobs, job_card, strict=True):
        if card_index is None:
            continue
        card = cards[card_index]
        if card_index not in level_of:
            # Levels in a fixed rotation, not drawn: every seed of some size then has holders
            # near and over the cap.
            low, high = LEVEL_ROTATION[len(level_of) % len(LEVEL_ROTATION)]
            level_of[card_index] = rng.uniform(low, high)
        share = level_of[card_index] / (2 if job["kind"] == Job.Kind.KLAP else 1)
        earnings.extend(_earnings(ctx, card_ids[card_index], card, job_id, job, share, caps))
    insert(Earning, earnings)
    ctx.created["employment.Earning"] += len(earnings)
    earning_years_rebuild()

    _mirror(ctx, caseworkers, plans, card_ids, cards, card_owner, job_ids, jobs, job_owner)


def _job(
    citizen: CitizenRecord,
    centre: int,
    worker: StaffRecord,
    kind: str,
    name: str,
    cvr: str,
    starts: datetime.date,
    ends: datetime.date | None,
    hours: Decimal,
) -> Row:
    if ends is not None and ends < starts:
        ends = starts
    return {
        "citizen_id": citizen.pk,
        "department_id": centre,
        "kind": kind,
        "employer_name": name,
        "employer_cvr": cvr,
        "starts_on": starts,
        "ends_on": ends,
        "hours_per_week": hours,
        "created_by_id": worker.pk,
    }


def _earnings(
    ctx: SeedContext,
    card_id: int,
    card: Row,
    job_id: int,
    job: Row,
    share: float,
    caps: dict[int, Decimal],
) -> list[Row]:
    rng = ctx.rng
    rows: list[Row] = []
    months: list[datetime.date] = []
    month = month_start(max(card["decided_on"], job["starts_on"]))
    last = month_start(ctx.today)
    while month <= last:
        if card["deactivated_on"] is not None and month >= card["deactivated_on"]:
            break
        if job["ends_on"] is not None and job["ends_on"] < month:
            break
        if month_end(month) >= job["starts_on"]:
            months.append(month)
        month = month_end(month) + datetime.timedelta(days=1)
    # A holder's level is reached over the months the card and job cover in each year, so a
    # card decided in the autumn still shows someone close to the cap by December. The year's
    # total is exact (spread unevenly over the months with earnings), so a holder drawn over
    # the cap really is over it, whichever months the draw left out.
    covered = Counter(m.year for m in months)
    by_year: dict[int, list[datetime.date]] = {}
    for month in months:
        if rng.random() < MONTHS_WITH_EARNINGS:
            by_year.setdefault(month.year, []).append(month)
    for year, paid in sorted(by_year.items()):
        total = float(_cap(caps, year)) * share * covered[year] / max(covered[year], 4)
        weights = [rng.uniform(0.8, 1.2) for _ in paid]
        for month, weight in zip(paid, weights, strict=True):
            rows.append(
                {
                    "frikort_id": card_id,
                    "job_id": job_id,
                    "month": month,
                    "amount": Decimal(f"{max(total * weight / sum(weights), 50):.2f}"),
                    "registered_by_id": card["decided_by_id"],
                }
            )
    return rows


def _mirror(
    ctx: SeedContext,
    caseworkers: list[StaffRecord],
    plans: dict[int, int],
    card_ids: list[int],
    cards: list[Row],
    card_owner: list[CitizenRecord],
    job_ids: list[int],
    jobs: list[Row],
    job_owner: list[CitizenRecord],
) -> None:
    rng, today = ctx.rng, ctx.today
    centre = ctx.department("jobcentre").pk
    teams = {key: ctx.team(key).pk for key in ("jobcentre", "resource")}
    owners = [c.pk for c in card_owner] + [c.pk for c in job_owner]
    new_plans: list[Row] = []
    for citizen_id in dict.fromkeys(owners):
        if citizen_id not in plans:
            new_plans.append(
                {
                    "citizen_id": citizen_id,
                    "coordinator_id": rng.choice(caseworkers).pk,
                    "department_id": centre,
                    "summary": "",
                    "is_current": True,
                    "created_at": timezone.now(),
                }
            )
    for row, pk in zip(new_plans, insert(Plan, new_plans, need_ids=True), strict=True):
        plans[row["citizen_id"]] = pk
    ctx.created["plans.Plan"] += len(new_plans)

    interventions: list[Row] = []
    for pk, card, citizen in zip(card_ids, cards, card_owner, strict=True):
        ended = card["deactivated_on"] is not None
        interventions.append(
            _intervention(
                plans[citizen.pk],
                "Socialt frikort",
                teams["jobcentre"],
                card["decided_on"],
                card["deactivated_on"],
                Intervention.Status.ENDED if ended else Intervention.Status.ACTIVE,
                card["deactivation_reason"],
                Frikort.LINK_SOURCE_TYPE,
                pk,
                card["decided_by_id"],
                centre,
            )
        )
    labels = dict(Job.Kind.choices)
    for pk, job, citizen in zip(job_ids, jobs, job_owner, strict=True):
        if job["ends_on"] is not None and job["ends_on"] < today:
            status = Intervention.Status.ENDED
        else:
            status = Intervention.Status.ACTIVE
        team = teams["resource"] if job["kind"] in (Job.Kind.KLAP, Job.Kind.FLEXJOB) else None
        interventions.append(
            _intervention(
                plans[citizen.pk],
                f"{labels[job['kind']]}: {job['employer_name']}",
                team or teams["jobcentre"],
                job["starts_on"],
                job["ends_on"],
                status,
                "Jobbet er ophørt",
                Job.LINK_SOURCE_TYPE,
                pk,
                job["created_by_id"],
                centre,
            )
        )
    intervention_ids = insert(Intervention, interventions, need_ids=True)
    ctx.created["plans.Intervention"] += len(interventions)
    citizen_of = {plan_id: citizen_id for citizen_id, plan_id in plans.items()}
    links = [
        {
            "citizen_id": citizen_of[row["plan_id"]],
            "department_id": row["department_id"],
            "team_id": row["team_id"],
            "source_type": Intervention.LINK_SOURCE_TYPE,
            "source_id": str(pk),
            "starts_on": min(row["starts_on"], today),
            "ends_on": row["ends_on"] if row["status"] == Intervention.Status.ENDED else None,
        }
        for pk, row in zip(intervention_ids, interventions, strict=True)
    ]
    insert(CitizenLink, links)
    ctx.created["people.CitizenLink"] += len(links)
    ctx.link_departments(links)


def _intervention(
    plan_id: int,
    description: str,
    team_id: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    status: str,
    end_reason: str,
    source_type: str,
    source_id: int,
    created_by_id: int,
    centre: int,
) -> Row:
    return {
        "plan_id": plan_id,
        "description": description[:300],
        "department_id": centre,
        "team_id": team_id,
        "partner_id": None,
        "legal_basis_id": None,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "status": status,
        "end_reason": end_reason if status == Intervention.Status.ENDED else "",
        "life_area": Goal.LifeArea.WORK,
        "source_type": source_type,
        "source_id": str(source_id),
        "created_by_id": created_by_id,
    }
