"""Phase: the offer catalogue of a typical municipality with rates, three years of referrals
and enrolments (each mirrored as an intervention in the citizen's plan, with its
``plans.intervention`` link, as ``offers.services`` does), §82a course runs with modules,
sessions and attendance, a few referrals awaiting an answer for the demo, and open-counselling
tallies.

The catalogue is looked up by name, so seeding on top (``--force``) adds enrolments to the
same offers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from roret.casework.models import LegalBasis
from roret.core.deadlines import add_months
from roret.offers.models import (
    Attendance,
    CounsellingTally,
    CourseModule,
    CourseRun,
    CourseSession,
    Enrolment,
    Offer,
    Participant,
    Rate,
    Referral,
)
from roret.organisation.models import Department
from roret.people.models import CitizenLink
from roret.plans.models import Intervention, Plan
from roret.seed.bulk import Row, insert
from roret.seed.context import CitizenRecord, SeedContext, StaffRecord
from roret.seed.problems import NO_JOB

K = Department.Kind


@dataclass(frozen=True)
class OfferSpec:
    name: str
    paragraph: str
    department: str  # Department.Kind, or "" for a partner's offer
    team: str  # team key, or ""
    partner: str  # partner key, or ""
    capacity: int  # places at size M; scaled with the population
    max_months: int | None
    target_group: str
    description: str
    share: float  # of the citizens with problems enrolled over three years
    days: tuple[int, int]  # how long an enrolment lasts
    rate: tuple[str, str]  # amount, unit


COURSE = "Hverdagsliv i fællesskab"
COUNSELLING = "Åben rådgivning"
OFFERS: list[OfferSpec] = [
    OfferSpec(
        COURSE,
        "82a",
        K.SOCIAL_PROVIDER,
        "",
        "",
        28,
        6,
        "Borgere, der har svært ved at få hverdagen til at hænge sammen",
        "Gruppeforløb på 14 uger med moduler om hverdagsøkonomi, relationer og socialt liv, "
        "med vejledning efter hver gang.",
        0.25,
        (60, 120),
        ("450.00", "day"),
    ),
    OfferSpec(
        COUNSELLING,
        "82a",
        K.SOCIAL_PROVIDER,
        "",
        "",
        0,
        None,
        "Alle voksne, uden visitation",
        "Anonym rådgivning om økonomi, breve og boligspørgsmål tirsdag og torsdag.",
        0.0,
        (0, 0),
        ("0.00", "day"),
    ),
    OfferSpec(
        "Individuel tidsbegrænset støtte",
        "82b",
        K.SOCIAL_PROVIDER,
        "housing_support",
        "",
        30,
        6,
        "Borgere, der kan komme videre med kortvarig støtte",
        "Op til seks måneders socialpædagogisk støtte i hjemmet.",
        0.12,
        (60, 230),
        ("7200.00", "month"),
    ),
    OfferSpec(
        "Bostøtte",
        "85",
        K.SOCIAL_PROVIDER,
        "housing_support",
        "",
        150,
        None,
        "Borgere i egen bolig med behov for socialpædagogisk støtte",
        "Socialpædagogisk bistand i eget hjem efter § 85.",
        0.18,
        (180, 1100),
        ("9800.00", "month"),
    ),
    OfferSpec(
        "Støtte- og kontaktperson (SKP)",
        "99",
        K.SOCIAL_PROVIDER,
        "m_act",
        "",
        40,
        None,
        "Hjemløse og borgere med sindslidelse eller misbrug",
        "Opsøgende kontakt, også anonymt.",
        0.06,
        (90, 600),
        ("5200.00", "month"),
    ),
    OfferSpec(
        "Værkstedet (beskyttet beskæftigelse)",
        "103",
        K.SOCIAL_PROVIDER,
        "",
        "",
        30,
        None,
        "Borgere, der ikke kan arbejde på ordinære vilkår",
        "Værksted med træ, cykler og kantine.",
        0.04,
        (180, 900),
        ("610.00", "day"),
    ),
    OfferSpec(
        "Væresteder og samvær",
        "104",
        K.SOCIAL_PROVIDER,
        "",
        "",
        45,
        None,
        "Borgere med behov for fællesskab og struktur i hverdagen",
        "Aktivitets- og samværstilbud med fællesspisning.",
        0.06,
        (90, 700),
        ("380.00", "day"),
    ),
    OfferSpec(
        "Forsorgshjemmet Lygten",
        "110",
        K.SOCIAL_PROVIDER,
        "",
        "",
        30,
        None,
        "Hjemløse borgere (selvhenvendelse)",
        "Midlertidigt ophold med støtte, efterværn og udslusning.",
        0.04,
        (14, 240),
        ("1450.00", "day"),
    ),
    OfferSpec(
        "Midlertidigt botilbud Kompasset",
        "107",
        "",
        "",
        "provider_2",
        16,
        None,
        "Borgere med betydeligt nedsat psykisk funktionsevne",
        "Midlertidigt botilbud drevet af en privat leverandør.",
        0.0,
        (120, 700),
        ("2350.00", "day"),
    ),
    OfferSpec(
        "Botilbuddet Engly",
        "108",
        K.SOCIAL_PROVIDER,
        "",
        "",
        24,
        None,
        "Borgere med varigt og betydeligt nedsat funktionsevne",
        "Kommunens længerevarende botilbud med 24 lejligheder.",
        0.01,
        (365, 1100),
        ("2750.00", "day"),
    ),
    OfferSpec(
        "Varmestuen Lygtemanden",
        "104",
        "",
        "",
        "volunteer_2",
        0,
        None,
        "Alle, uden visitation",
        "Drop-in med kaffe, bad og tøjvask, drevet af frivillige.",
        0.0,
        (0, 0),
        ("0.00", "day"),
    ),
]
MODULES = [
    "Hverdagsøkonomi",
    "Breve, apps og myndigheder",
    "Psykosociale relationer",
    "Socialt liv og fritid",
    "Krop og trivsel",
]
END_REASONS = [
    ("completed", 40),
    ("other_measure", 25),
    ("dropped_out", 20),
    ("moved_away", 7),
    ("other", 8),
]
NEXT_MEASURES = ["85", "104", "103", "99", "82b"]
DECLINE_REASONS = ["Holdet er fuldt", "Borgeren ønsker ikke tilbuddet", "Et andet tilbud passer"]
REASON_DA = {
    "completed": "Afsluttet – klarer sig selv",
    "other_measure": "Overgået til anden indsats",
    "dropped_out": "Faldet fra",
    "moved_away": "Fraflyttet",
    "other": "Andet",
}
YEARS = 3
RUN_DAYS = 98  # 14 weeks
RUN_EVERY = 120


def seed_offers(ctx: SeedContext) -> None:
    bases = dict(LegalBasis.objects.filter(law="SEL").values_list("paragraph", "pk"))
    offers = _catalogue(ctx, bases)
    candidates = [c for c in ctx.citizens if c.problems and c.date_of_death is None]
    specs = [spec for spec in OFFERS if spec.share > 0]
    with ctx.progress(len(specs) + 2, "Tilbud", unit="offers") as bar:
        referrers = _referrers(ctx)
        enrolled: dict[str, list[tuple[int, Row]]] = {}
        for spec in specs:
            enrolled[spec.name] = _enrolments(
                ctx, bases, spec, offers[spec.name], candidates, referrers
            )
            bar.update()
        _courses(ctx, offers[COURSE], enrolled.get(COURSE, []))
        bar.update()
        _counselling(ctx, offers[COUNSELLING])
        bar.update()


def _catalogue(ctx: SeedContext, bases: dict[str, int]) -> dict[str, Offer]:
    scale = max(1.0, ctx.citizen_count / 3000)
    start = ctx.today - datetime.timedelta(days=round(YEARS * 365.25) + 30)
    result = {}
    for spec in OFFERS:
        department = ctx.departments[spec.department] if spec.department else None
        offer, made = Offer.objects.get_or_create(
            name=spec.name,
            defaults={
                "description": spec.description,
                "legal_basis_id": bases[spec.paragraph],
                "department": department,
                "team": ctx.teams[spec.team] if spec.team else None,
                "partner": ctx.partners[spec.partner] if spec.partner else None,
                "target_group": spec.target_group,
                "capacity": round(spec.capacity * scale),
                "max_duration_months": spec.max_months,
                "requires_decision": spec.paragraph not in {"82a", "99", "110"},
                "contact": "Visitationen, tlf. 62 23 30 00",
                "active_from": start,
            },
        )
        if made:
            ctx.created["offers.Offer"] += 1
            amount, unit = spec.rate
            Rate.objects.create(offer=offer, amount=Decimal(amount), unit=unit, valid_from=start)
            ctx.created["offers.Rate"] += 1
        result[spec.name] = offer
    return result


def _referrers(ctx: SeedContext) -> dict[str, list[StaffRecord]]:
    """Caseworkers of the job centre and of the social authority, demo users first."""
    result: dict[str, list[StaffRecord]] = {}
    for kind in (K.JOBCENTRE, K.SOCIAL_AUTHORITY):
        department_id = ctx.departments[kind].pk
        result[kind] = [
            s
            for s in ctx.staff_in(department_id)
            if "caseworker" in s.role_codes or "team_leader" in s.role_codes
        ]
    return result


def _provider_staff(ctx: SeedContext, department_id: int) -> list[StaffRecord]:
    staff = [s for s in ctx.staff_in(department_id) if "provider_staff" in s.role_codes]
    return staff or ctx.staff_in(department_id)


def _enrolments(
    ctx: SeedContext,
    bases: dict[str, int],
    spec: OfferSpec,
    offer: Offer,
    candidates: list[CitizenRecord],
    referrers: dict[str, list[StaffRecord]],
) -> list[tuple[int, Row]]:
    rng, today = ctx.rng, ctx.today
    chosen = [c for c in candidates if rng.random() < spec.share]
    if not chosen:
        return []
    providers = _provider_staff(ctx, offer.department_id) if offer.department_id else []
    fallback = providers or ctx.staff
    # Long-running support began before the three years too, so the §85 trend starts level
    # instead of rising from nothing.
    first_day = ctx.years_ago(YEARS + (2 if spec.days[1] > 365 else 0))
    referrals: list[Row] = []
    rows: list[dict[str, Any]] = []
    pending: list[CitizenRecord] = []
    for citizen in chosen:
        kind = K.JOBCENTRE if NO_JOB in citizen.problems else K.SOCIAL_AUTHORITY
        people = referrers[kind] or referrers[K.SOCIAL_AUTHORITY] or fallback
        referrer = rng.choice(people)
        starts_on = ctx.date_between(max(first_day, citizen.registered_on), today)
        referred_on = starts_on - datetime.timedelta(days=rng.randint(3, 30))
        if rng.random() < 0.12:
            referrals.append(
                _referral(ctx, citizen, offer, referrer, referred_on, "declined", fallback)
            )
        if rng.random() < 0.04 and offer.department_id:
            pending.append(citizen)
        referrals.append(
            _referral(ctx, citizen, offer, referrer, referred_on, "accepted", fallback)
        )
        ends_on: datetime.date | None = starts_on + datetime.timedelta(days=rng.randint(*spec.days))
        reason, next_basis = "", None
        if ends_on is None or ends_on >= today:
            ends_on = None
        else:
            reason = rng.choices([r for r, _w in END_REASONS], [w for _r, w in END_REASONS])[0]
            if reason == "other_measure":
                next_basis = bases[rng.choice([p for p in NEXT_MEASURES if p != spec.paragraph])]
        rows.append(
            {
                "citizen_id": citizen.pk,
                "offer_id": offer.pk,
                "starts_on": starts_on,
                "planned_end_on": starts_on + datetime.timedelta(days=sum(spec.days) // 2),
                "max_end_on": add_months(starts_on, spec.max_months) if spec.max_months else None,
                "ends_on": ends_on,
                "end_reason": reason,
                "next_legal_basis_id": next_basis,
                "created_by_id": rng.choice(fallback).pk,
            }
        )
    referral_ids = insert(Referral, referrals, need_ids=True)
    accepted = [
        pk for pk, r in zip(referral_ids, referrals, strict=True) if r["status"] == "accepted"
    ]
    for row, referral_id in zip(rows, accepted, strict=True):
        row["referral_id"] = referral_id
    enrolment_ids = insert(Enrolment, rows, need_ids=True)
    ctx.created["offers.Referral"] += len(referrals)
    ctx.created["offers.Enrolment"] += len(rows)
    _pending(ctx, offer, pending, referrers)
    _mirror(ctx, offer, list(zip(enrolment_ids, rows, strict=True)), fallback)
    return list(zip(enrolment_ids, rows, strict=True))


def _referral(
    ctx: SeedContext,
    citizen: CitizenRecord,
    offer: Offer,
    referrer: StaffRecord,
    referred_on: datetime.date,
    status: str,
    deciders: list[StaffRecord],
) -> Row:
    rng = ctx.rng
    return {
        "citizen_id": citizen.pk,
        "offer_id": offer.pk,
        "reason": rng.choice(
            [
                "Har brug for hjælp til at skabe overblik over økonomien",
                "Ønsker at komme ud blandt andre",
                "Har svært ved at åbne post og svare myndigheder",
                "Har brug for støtte til at fastholde boligen",
            ]
        ),
        "referred_by_id": referrer.pk,
        "referring_department_id": referrer.department_ids[0],
        "referred_on": referred_on,
        "status": status,
        "decided_by_id": rng.choice(deciders).pk,
        "decided_on": referred_on + datetime.timedelta(days=rng.randint(1, 5)),
        "decline_reason": rng.choice(DECLINE_REASONS) if status == "declined" else "",
    }


def _pending(
    ctx: SeedContext,
    offer: Offer,
    citizens: list[CitizenRecord],
    referrers: dict[str, list[StaffRecord]],
) -> None:
    """Referrals awaiting the provider's answer, most from the demo job-centre user, each with
    its ``offers.referral`` link so the provider can see the citizen."""
    demo = ctx.demo_users.get("jobcenter")
    people = referrers[K.JOBCENTRE] or referrers[K.SOCIAL_AUTHORITY]
    if not people:
        return
    rows: list[Row] = []
    for citizen in citizens:
        referrer = ctx.rng.choice(people)
        rows.append(
            {
                "citizen_id": citizen.pk,
                "offer_id": offer.pk,
                "reason": "Henvist fra Jobcenteret: har brug for struktur i hverdagen",
                "referred_by_id": demo.pk if demo is not None else referrer.pk,
                "referring_department_id": ctx.departments[K.JOBCENTRE].pk,
                "referred_on": ctx.today - datetime.timedelta(days=ctx.rng.randint(0, 20)),
                "status": "pending",
            }
        )
    ids = insert(Referral, rows, need_ids=True)
    ctx.created["offers.Referral"] += len(rows)
    links = [
        {
            "citizen_id": row["citizen_id"],
            "department_id": offer.department_id,
            "team_id": offer.team_id,
            "source_type": Referral.LINK_SOURCE_TYPE,
            "source_id": str(pk),
            "starts_on": row["referred_on"],
            "ends_on": None,
        }
        for pk, row in zip(ids, rows, strict=True)
    ]
    insert(CitizenLink, links)
    ctx.created["people.CitizenLink"] += len(links)


def _mirror(
    ctx: SeedContext,
    offer: Offer,
    enrolments: list[tuple[int, Row]],
    coordinators: list[StaffRecord],
) -> None:
    """One intervention per enrolment in the citizen's current plan (a plan coordinated by
    the provider when the citizen has none), and its department link while it runs."""
    citizen_ids = {row["citizen_id"] for _pk, row in enrolments}
    plans = dict(
        Plan.objects.filter(is_current=True, citizen_id__in=citizen_ids).values_list(
            "citizen_id", "pk"
        )
    )
    missing = sorted(citizen_ids - plans.keys())
    now = timezone.now()
    new_plans: list[Row] = []
    for citizen_id in missing:
        coordinator = ctx.rng.choice(coordinators)
        new_plans.append(
            {
                "citizen_id": citizen_id,
                "coordinator_id": coordinator.pk,
                "department_id": offer.department_id or coordinator.department_ids[0],
                "summary": "",
                "is_current": True,
                "created_at": now,
            }
        )
    plans.update(zip(missing, insert(Plan, new_plans, need_ids=True), strict=True))
    ctx.created["plans.Plan"] += len(new_plans)
    interventions: list[Row] = []
    for pk, row in enrolments:
        ended = row["ends_on"] is not None
        reason = REASON_DA[row["end_reason"]] if ended else ""
        interventions.append(
            {
                "plan_id": plans[row["citizen_id"]],
                "description": offer.name,
                "department_id": offer.department_id,
                "team_id": offer.team_id,
                "partner_id": offer.partner_id,
                "legal_basis_id": offer.legal_basis_id,
                "life_area": "",
                "starts_on": row["starts_on"],
                "ends_on": row["ends_on"],
                "status": Intervention.Status.ENDED if ended else Intervention.Status.ACTIVE,
                "end_reason": reason,
                "source_type": Enrolment.MIRROR_SOURCE_TYPE,
                "source_id": str(pk),
                "created_by_id": row["created_by_id"],
            }
        )
    ids = insert(Intervention, interventions, need_ids=True)
    ctx.created["plans.Intervention"] += len(interventions)
    if not offer.department_id:
        return
    links = [
        {
            "citizen_id": enrolment_row["citizen_id"],
            "department_id": offer.department_id,
            "team_id": offer.team_id,
            "source_type": Intervention.LINK_SOURCE_TYPE,
            "source_id": str(pk),
            "starts_on": enrolment_row["starts_on"],
            "ends_on": enrolment_row["ends_on"],
        }
        for pk, (_e, enrolment_row) in zip(ids, enrolments, strict=True)
    ]
    insert(CitizenLink, links)
    ctx.created["people.CitizenLink"] += len(links)
    ctx.link_departments(links)


def _courses(ctx: SeedContext, offer: Offer, enrolments: list[tuple[int, Row]]) -> None:
    """Course runs every four months over three years and the next one, enough in parallel
    for the participants, weekly sessions, and attendance for the sessions held so far."""
    rng, today = ctx.rng, ctx.today
    facilitators = _provider_staff(ctx, offer.department_id) if offer.department_id else []
    volunteers = [p for key, p in ctx.partners.items() if key.startswith("volunteer")]
    periods: list[datetime.date] = []
    day = ctx.years_ago(YEARS)
    while day <= today + datetime.timedelta(days=60):
        periods.append(day)
        day += datetime.timedelta(days=RUN_EVERY)
    parallel = max(1, round(len(enrolments) / (len(periods) * 12)))
    run_rows: list[Row] = []
    for start in periods:
        for index in range(parallel):
            run_rows.append(
                {
                    "offer_id": offer.pk,
                    "name": f"Hold {start:%m/%Y}" + (f" {chr(65 + index)}" if parallel > 1 else ""),
                    "starts_on": start,
                    "ends_on": start + datetime.timedelta(days=RUN_DAYS - 1),
                    "place": "Aktivitetshuset, Vestergade 12",
                }
            )
    run_ids = insert(CourseRun, run_rows, need_ids=True)
    ctx.created["offers.CourseRun"] += len(run_rows)
    module_rows = [
        {"course_run_id": run_id, "order": order, "theme": theme}
        for run_id in run_ids
        for order, theme in enumerate(MODULES, start=1)
    ]
    module_ids = insert(CourseModule, module_rows, need_ids=True)
    modules_of = {
        run_id: module_ids[i * len(MODULES) : (i + 1) * len(MODULES)]
        for i, run_id in enumerate(run_ids)
    }
    session_rows: list[Row] = []
    for run_id, run in zip(run_ids, run_rows, strict=True):
        for week in range(14):
            session_rows.append(
                {
                    "course_run_id": run_id,
                    "module_id": modules_of[run_id][min(week // 3, len(MODULES) - 1)],
                    "date": run["starts_on"] + datetime.timedelta(days=7 * week),
                    "starts_at": datetime.time(10, 0),
                    "ends_at": datetime.time(12, 0),
                    "place": run["place"],
                    "guidance_note": rng.choice(
                        ["", "", "Hjalp med at ringe til banken", "Gennemgik e-Boks sammen"]
                    )
                    if run["starts_on"] + datetime.timedelta(days=7 * week) <= today
                    else "",
                }
            )
    session_ids = insert(CourseSession, session_rows, need_ids=True)
    ctx.created["offers.CourseSession"] += len(session_rows)
    insert(
        CourseSession.facilitators.through,
        [
            {"coursesession_id": pk, "user_id": rng.choice(facilitators).pk}
            for pk in session_ids
            if facilitators
        ],
    )
    insert(
        CourseSession.volunteer_partners.through,
        [
            {"coursesession_id": pk, "partner_id": rng.choice(volunteers).pk}
            for pk in session_ids
            if volunteers and rng.random() < 0.4
        ],
    )
    sessions_of: dict[int, list[tuple[int, datetime.date]]] = {}
    for pk, row in zip(session_ids, session_rows, strict=True):
        sessions_of.setdefault(row["course_run_id"], []).append((pk, row["date"]))

    participants: list[Row] = []
    spans: list[tuple[int, datetime.date, datetime.date | None]] = []
    for enrolment_id, row in enrolments:
        # The run that starts closest to the enrolment's start.
        nearest = min(periods, key=lambda start: abs((start - row["starts_on"]).days))
        period_index = periods.index(nearest)
        run_index = period_index * parallel + rng.randrange(parallel)
        run_id = run_ids[run_index]
        participants.append({"course_run_id": run_id, "enrolment_id": enrolment_id})
        spans.append((run_id, row["starts_on"], row["ends_on"]))
    participant_ids = insert(Participant, participants, need_ids=True)
    attendance: list[Row] = []
    statuses = ["present"] * 15 + ["absent"] * 3 + ["cancelled"] * 2
    for participant_id, (run_id, _starts_on, ends_on) in zip(participant_ids, spans, strict=True):
        for session_id, date in sessions_of[run_id]:
            if date > today or (ends_on is not None and date > ends_on):
                continue
            attendance.append(
                {
                    "session_id": session_id,
                    "participant_id": participant_id,
                    "status": rng.choice(statuses),
                }
            )
    insert(Attendance, attendance)
    ctx.created["offers.Attendance"] += len(attendance)


def _counselling(ctx: SeedContext, offer: Offer) -> None:
    """Tuesday and Thursday counselling over the last year; only counts per topic."""
    if CounsellingTally.objects.filter(offer=offer).exists():
        return
    rng = ctx.rng
    topics = [value for value, _label in CounsellingTally.Topic.choices]
    rows: list[Row] = []
    day = ctx.today - datetime.timedelta(days=365)
    while day <= ctx.today:
        if day.weekday() in (1, 3):
            for topic in topics:
                count = rng.choice([0, 0, 1, 1, 2, 3, 5])
                if count:
                    rows.append(
                        {"offer_id": offer.pk, "held_on": day, "topic": topic, "count": count}
                    )
        day += datetime.timedelta(days=1)
    insert(CounsellingTally, rows)
    ctx.created["offers.CounsellingTally"] += len(rows)
