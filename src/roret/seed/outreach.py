"""Phase: outreach in the housing areas over two years. Every outreach worker gets an area
and a capacity, follows 10–20 persons or families a year (caseload entries with their
need-to-know links, ``outreach.caseload``) and meets them; meets anonymous persons, of whom
some are identified later (their contacts then belong to the citizen); the M-ACT team
follows citizens together. Applications that casework seeded as raised by an outreach worker
with fast track get the request and the contact they came from, so the report's comparison
has data.

Volume grows with the number of outreach workers, not with the number of citizens.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from roret.accounts.models import Role
from roret.casework.models import Application, FastTrackRequest
from roret.outreach.models import (
    AnonymousPerson,
    ApplicationReferral,
    CaseloadEntry,
    Contact,
    OutreachWorker,
    Topic,
)
from roret.outreach.services import CASELOAD_LINK
from roret.people.models import CitizenLink
from roret.seed.bulk import Row, insert
from roret.seed.context import CitizenRecord, SeedContext, StaffRecord
from roret.seed.problems import MENTAL, SUBSTANCE

YEARS = 2
FOLLOWED_PER_YEAR = (6, 12)
ANONYMOUS_PER_YEAR = (4, 9)
IDENTIFIED_SHARE = 0.4
M_ACT_SHARE = 0.3
ALIASES = [
    "Kasketten", "Cyklen", "Hunden", "Den grønne jakke", "Bænken", "Kiosken", "Skateren",
    "Rygsækken", "Guitaren", "Tegneren", "Fiskeren", "Sangeren",
]  # fmt: skip
DESCRIPTIONS = [
    "Mand omkring 40, ofte ved indkøbscentret",
    "Kvinde i 30'erne, sover til tider i opgangen",
    "Ung mand, kommer på værestedet om morgenen",
    "Ældre mand med hund, sidder på bænken ved legepladsen",
    "Kvinde omkring 50, samler flasker",
    "",
]
NEXT_STEPS = [
    "Mødes igen i næste uge",
    "Følge med til jobcentret",
    "Hjælp til at søge boligstøtte",
    "Ringe til boligselskabet om restancen",
    "Bestille tid hos lægen",
    "",
]
PLACES = [p for p, _label in Contact.Place.choices]


def seed_outreach(ctx: SeedContext) -> None:
    team_area = {team.pk: area for area in ctx.areas for team in [ctx.team(f"outreach:{area.pk}")]}
    workers = [s for s in ctx.staff if Role.OUTREACH_WORKER in s.role_codes and s.department_ids]
    if not workers or not ctx.areas:
        return
    by_area: dict[int, list[CitizenRecord]] = defaultdict(list)
    living = [c for c in ctx.citizens if c.date_of_death is None]
    for citizen in living:
        if citizen.area_id is not None:
            by_area[citizen.area_id].append(citizen)
    start = ctx.years_ago(YEARS)
    rows = _Rows()
    with ctx.progress(len(workers) + 2, "Opsøgende arbejde", unit="workers") as bar:
        profiles: list[Row] = []
        # Seeding on top (--force) reuses the demo users, who keep their area and capacity.
        placed = set(OutreachWorker.objects.values_list("user_id", flat=True))
        for worker in workers:
            area = next((team_area[t] for t in worker.team_ids if t in team_area), None)
            area = area or ctx.rng.choice(ctx.areas)
            capacity = ctx.rng.choice([10, 12, 15, 18, 20])
            if worker.pk not in placed:
                profiles.append({"user_id": worker.pk, "area_id": area.pk, "capacity": capacity})
            beat = _Beat(worker, area.pk, by_area.get(area.pk) or living, start)
            _followed(ctx, rows, beat)
            _anonymous(ctx, rows, beat)
            bar.update()
        insert(OutreachWorker, profiles)
        ctx.created["outreach.OutreachWorker"] += len(profiles)
        _m_act(ctx, rows, living, start)
        bar.update()
        rows.write(ctx)
        _referrals(ctx)
        bar.update()


@dataclass(frozen=True)
class _Beat:
    """One outreach worker in one area: the citizens met there, over the years seeded."""

    worker: StaffRecord
    area_id: int
    citizens: list[CitizenRecord]
    start: datetime.date

    def entry(
        self, citizen_id: int, starts_on: datetime.date, ends_on: datetime.date | None
    ) -> Row:
        """The worker's caseload entry for a citizen followed from ``starts_on``."""
        return {
            "worker_id": self.worker.pk,
            "team_id": None,
            "department_id": self.worker.department_ids[0],
            "area_id": self.area_id,
            "citizen_id": citizen_id,
            "household_id": None,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "created_by_id": self.worker.pk,
        }


class _Rows:
    """Rows collected for all workers, written in a few bulk inserts."""

    def __init__(self) -> None:
        self.entries: list[Row] = []
        self.entry_contacts: list[list[Row]] = []  # contacts of each entry
        self.persons: list[Row] = []
        self.person_contacts: list[list[Row]] = []

    def write(self, ctx: SeedContext) -> None:
        entry_ids = insert(CaseloadEntry, self.entries, need_ids=True)
        links = [
            {
                "citizen_id": row["citizen_id"],
                "department_id": row["department_id"],
                "team_id": row["team_id"],
                "source_type": CASELOAD_LINK,
                "source_id": str(pk),
                "starts_on": row["starts_on"],
                "ends_on": row["ends_on"],
            }
            for pk, row in zip(entry_ids, self.entries, strict=True)
        ]
        insert(CitizenLink, links)
        ctx.link_departments(links)
        person_ids = insert(AnonymousPerson, self.persons, need_ids=True)
        contacts = [c for group in self.entry_contacts for c in group]
        for pk, group in zip(person_ids, self.person_contacts, strict=True):
            contacts.extend({**contact, "anonymous_person_id": pk} for contact in group)
        insert(Contact, contacts)
        ctx.created["outreach.CaseloadEntry"] += len(entry_ids)
        ctx.created["people.CitizenLink"] += len(links)
        ctx.created["outreach.AnonymousPerson"] += len(person_ids)
        ctx.created["outreach.Contact"] += len(contacts)


def _contact(
    ctx: SeedContext,
    staff: StaffRecord,
    area_id: int,
    day: datetime.date,
    citizen_id: int | None,
) -> Row:
    rng = ctx.rng
    return {
        "occurred_on": day,
        "area_id": area_id,
        "place": rng.choice(PLACES),
        "staff_id": staff.pk,
        "department_id": staff.department_ids[0],
        "citizen_id": citizen_id,
        "anonymous_person_id": None,
        "household_id": None,
        "topics": rng.sample(Topic.values, rng.randint(1, 3)),
        "next_step": rng.choice(NEXT_STEPS),
    }


def _visits(ctx: SeedContext, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    count = ctx.rng.randint(1, 8)
    return sorted(ctx.date_between(first, last) for _ in range(count))


def _followed(ctx: SeedContext, rows: _Rows, beat: _Beat) -> None:
    rng = ctx.rng
    count = rng.randint(*FOLLOWED_PER_YEAR) * YEARS
    for citizen in rng.sample(beat.citizens, min(count, len(beat.citizens))):
        starts_on = ctx.date_between(max(beat.start, citizen.registered_on), ctx.today)
        ended = rng.random() < 0.5 and (ctx.today - starts_on).days > 60
        ends_on = (
            ctx.date_between(starts_on + datetime.timedelta(days=30), ctx.today) if ended else None
        )
        rows.entries.append(beat.entry(citizen.pk, starts_on, ends_on))
        rows.entry_contacts.append(
            [
                _contact(ctx, beat.worker, beat.area_id, day, citizen.pk)
                for day in _visits(ctx, starts_on, ends_on or ctx.today)
            ]
        )


def _anonymous(ctx: SeedContext, rows: _Rows, beat: _Beat) -> None:
    rng = ctx.rng
    now = timezone.now()
    for _ in range(rng.randint(*ANONYMOUS_PER_YEAR) * YEARS):
        first = ctx.date_between(beat.start, ctx.today)
        days = _visits(ctx, first, min(ctx.today, first + datetime.timedelta(days=120)))
        citizen = rng.choice(beat.citizens) if rng.random() < IDENTIFIED_SHARE else None
        identified_on = ctx.date_between(days[-1], ctx.today) if citizen else None
        rows.persons.append(
            {
                "alias": rng.choice(ALIASES),
                "description": rng.choice(DESCRIPTIONS),
                "area_id": beat.area_id,
                "first_met_on": days[0],
                "department_id": beat.worker.department_ids[0],
                "created_by_id": beat.worker.pk,
                "created_at": now,
                "citizen_id": citizen.pk if citizen else None,
                "identified_on": identified_on,
            }
        )
        rows.person_contacts.append(
            [
                _contact(ctx, beat.worker, beat.area_id, day, citizen.pk if citizen else None)
                for day in days
            ]
        )
        if citizen is not None and identified_on is not None:
            # Identifying starts the follow-up from the first meeting (as the service does).
            rows.entries.append(beat.entry(citizen.pk, days[0], None))
            rows.entry_contacts.append([])


def _m_act(
    ctx: SeedContext, rows: _Rows, living: list[CitizenRecord], start: datetime.date
) -> None:
    team = ctx.team("m_act")
    members = [s for s in ctx.staff if team.pk in s.team_ids and s.department_ids]
    if not members:
        return
    rng = ctx.rng
    candidates = [c for c in living if {MENTAL, SUBSTANCE} & set(c.problems)]
    count = min(len(candidates), max(5, round(len(members) * 8)))
    for citizen in rng.sample(candidates, count):
        area_id = citizen.area_id or rng.choice(ctx.areas).pk
        starts_on = ctx.date_between(max(start, citizen.registered_on), ctx.today)
        rows.entries.append(
            {
                "worker_id": None,
                "team_id": team.pk,
                "department_id": team.department_id,
                "area_id": area_id,
                "citizen_id": citizen.pk,
                "household_id": None,
                "starts_on": starts_on,
                "ends_on": None,
                "created_by_id": members[0].pk,
            }
        )
        rows.entry_contacts.append(
            [
                _contact(ctx, rng.choice(members), area_id, day, citizen.pk)
                for day in _visits(ctx, starts_on, ctx.today)
            ]
        )


def _referrals(ctx: SeedContext) -> None:
    """The outreach worker's request behind each fast-track application from outreach."""
    workers = {
        s.pk: s for s in ctx.staff if Role.OUTREACH_WORKER in s.role_codes and s.department_ids
    }
    requests = (
        FastTrackRequest.objects.filter(
            application__channel=Application.Channel.OUTREACH,
            application__outreach_referral__isnull=True,
            requested_by_id__in=list(workers),
        )
        .values_list(
            "application_id",
            "requested_by_id",
            "reason",
            "application__citizen_id",
            "application__legal_basis_id",
            "application__received_on",
            "application__team_id",
            "application__applied_for",
        )
        .order_by("application_id")
    )
    rows = list(requests)
    if not rows:
        return
    contacts = [
        _contact(ctx, workers[staff_id], ctx.rng.choice(ctx.areas).pk, received_on, citizen_id)
        for _app, staff_id, _reason, citizen_id, _basis, received_on, _team, _text in rows
    ]
    contact_ids = insert(Contact, contacts, need_ids=True)
    referrals = [
        {
            "contact_id": contact_id,
            "citizen_id": citizen_id,
            "legal_basis_id": basis_id,
            "applied_for": text,
            "reason": reason,
            "team_id": team_id,
            "requested_by_id": staff_id,
            "requested_on": received_on,
            "application_id": application_id,
        }
        for contact_id, (
            application_id, staff_id, reason, citizen_id, basis_id, received_on, team_id, text
        ) in zip(contact_ids, rows, strict=True)
    ]  # fmt: skip
    insert(ApplicationReferral, referrals)
    ctx.created["outreach.Contact"] += len(contacts)
    ctx.created["outreach.ApplicationReferral"] += len(referrals)
