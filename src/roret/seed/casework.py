"""Phase: applications over the last ten years, with realistic processing times.

Most applications are decided around their standard (a long right tail: about a fifth late),
some are fast-tracked by Team grøn bølge and decided quickly, a few are withdrawn or opened on
the municipality's own initiative (no deadline), and the most recent are still open, some of
them past their deadline. Each application links its team to the citizen
(``casework.application``) until a year after the decision, as the service does.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from roret.accounts.models import Role
from roret.casework.models import Application, FastTrackRequest, LegalBasis, ProcessingStandard
from roret.casework.services import APPLICATION_LINK, LINK_AFTER_DECISION
from roret.core.deadlines import Unit
from roret.organisation.models import Department
from roret.people.models import CitizenLink
from roret.seed.bulk import BATCH, Row, insert
from roret.seed.context import CitizenRecord, SeedContext, chunked

# Ten years, as a municipality's case system holds them: reports and queues must stay quick
# with the whole history in the table, not only the recent part.
YEARS = 10
APPLICATIONS_PER_CITIZEN_YEAR = 0.27
# (paragraph, weight): bostøtte dominates, as in the municipalities' own reports.
BASES = [
    ("85", 34),
    ("82b", 8),
    ("83", 7),
    ("85a", 5),
    ("97", 5),
    ("101", 10),
    ("104", 7),
    ("107", 8),
    ("108", 4),
    ("110", 8),
    ("103", 4),
]
CHANNELS = [
    (Application.Channel.SELF, 50),
    (Application.Channel.RELATIVE, 12),
    (Application.Channel.OUTREACH, 23),
    (Application.Channel.OTHER_DEPARTMENT, 15),
]
APPLIED_FOR = {
    "85": "Bostøtte i eget hjem, 3 timer om ugen",
    "82b": "Individuel støtte til økonomi og struktur i hverdagen",
    "83": "Praktisk hjælp til rengøring",
    "85a": "Bostøtte efter Housing First (CTI)",
    "97": "Ledsagelse til læge og jobcenter",
    "101": "Dagbehandling for stofmisbrug",
    "104": "Plads på aktivitets- og samværstilbud",
    "107": "Midlertidigt botilbud efter udskrivning",
    "108": "Længerevarende botilbud",
    "110": "Ophold på forsorgshjem",
    "103": "Beskyttet beskæftigelse på værksted",
}
DECISIONS = {
    Application.Status.GRANTED: "Bevilget som ansøgt.",
    Application.Status.PARTLY_GRANTED: "Delvist bevilget: støtte i et mindre omfang end ansøgt.",
    Application.Status.REFUSED: "Afslag: behovet kan dækkes af andre tilbud.",
}
_UNIT_DAYS = {
    Unit.CALENDAR_DAYS: 1.0,
    Unit.WEEKS: 7.0,
    Unit.MONTHS: 30.4,
    Unit.WORKING_DAYS: 1.45,
    Unit.IMMEDIATELY: 1.0,
}


def seed_casework(ctx: SeedContext) -> None:
    bases = {b.paragraph: b for b in LegalBasis.objects.filter(law="SEL")}
    standards: dict[int, list[ProcessingStandard]] = defaultdict(list)
    for standard in ProcessingStandard.objects.order_by("valid_from"):
        standards[standard.legal_basis_id].append(standard)
    living = [c for c in ctx.citizens if c.date_of_death is None]
    total = round(len(ctx.citizens) * APPLICATIONS_PER_CITIZEN_YEAR * YEARS)
    if not living or not total:
        return
    plan = _Plan(ctx, bases, standards)
    if not plan.bases or not plan.leaders:
        # An emptied catalogue (a flushed test database) or no team leader: nothing to decide.
        return
    with ctx.progress(total, "Ansøgninger") as bar:
        for batch in chunked(range(total), BATCH):
            rows = [plan.application(ctx.rng.choice(living)) for _ in batch]
            ids = insert(Application, [row for row, _extra in rows], need_ids=True)
            requests, links = [], []
            for pk, (row, fast) in zip(ids, rows, strict=True):
                links.append(plan.link(pk, row))
                if fast:
                    requests.append(plan.fast_track_request(pk, row))
            insert(FastTrackRequest, requests)
            insert(CitizenLink, links)
            ctx.created["casework.Application"] += len(ids)
            ctx.created["casework.FastTrackRequest"] += len(requests)
            ctx.created["people.CitizenLink"] += len(links)
            bar.update(len(batch))


# At least one application in this many with a deadline is decided late.
LATE_EVERY = 6


class _Plan:
    def __init__(
        self,
        ctx: SeedContext,
        bases: dict[str, LegalBasis],
        standards: dict[int, list[ProcessingStandard]],
    ) -> None:
        self.ctx = ctx
        self.with_deadline = 0
        self.bases = [(bases[p], w) for p, w in BASES if p in bases]
        self.standards = standards
        self.department: Department = ctx.department(Department.Kind.SOCIAL_AUTHORITY)
        self.adults = ctx.team("adults")
        self.fast_track = ctx.team("fast_track")
        self.requesters = [
            s.pk
            for s in ctx.staff
            if Role.OUTREACH_WORKER in s.role_codes or Role.COORDINATOR in s.role_codes
        ]
        self.caseworkers = {
            team.pk: [
                s.pk
                for s in ctx.staff
                if team.pk in s.team_ids
                and (Role.CASEWORKER in s.role_codes or Role.TEAM_LEADER in s.role_codes)
            ]
            for team in (self.adults, self.fast_track)
        }
        self.leaders = [
            s.pk
            for s in ctx.staff
            if Role.TEAM_LEADER in s.role_codes and self.department.pk in s.department_ids
        ]

    def _weighted(self, options: Sequence[tuple[Any, int]]) -> Any:
        values, weights = zip(*options, strict=True)
        return self.ctx.rng.choices(values, weights=weights)[0]

    def _standard(self, basis: LegalBasis, day: datetime.date) -> ProcessingStandard | None:
        valid = [
            s
            for s in self.standards.get(basis.pk, [])
            if s.valid_from <= day and (s.valid_to is None or s.valid_to >= day)
        ]
        return valid[-1] if valid else None

    def application(self, citizen: CitizenRecord) -> tuple[Row, bool]:
        ctx, rng = self.ctx, self.ctx.rng
        start = max(ctx.years_ago(YEARS), citizen.registered_on)
        received = ctx.date_between(start, ctx.today)
        basis: LegalBasis = self._weighted(self.bases)
        own_initiative = rng.random() < 0.03
        standard = None if own_initiative else self._standard(basis, received)
        deadline = standard.deadline_for(received) if standard else None
        fast = not own_initiative and rng.random() < 0.1
        team = self.fast_track if fast else self.adults
        caseworker = rng.choice(self.caseworkers[team.pk] or self.leaders or [None])
        standard_days = (
            max(1.0, standard.amount * _UNIT_DAYS[Unit(standard.unit)]) if standard else 30.0
        )
        # Log-normal around 70 % of the standard: most in time, a long tail of late ones.
        days = round(standard_days * 0.7 * math.exp(rng.gauss(0, 0.45)) * (0.5 if fast else 1))
        decided = received + datetime.timedelta(days=max(0, days))
        if deadline is not None:
            # Every LATE_EVERY-th application with a deadline is decided after it, whatever the
            # draw: the long tail is then in every seed, however small, on any day.
            self.with_deadline += 1
            if self.with_deadline % LATE_EVERY == 0:
                decided = max(decided, deadline + datetime.timedelta(days=rng.randrange(1, 30)))
        row: dict[str, Any] = {
            "citizen_id": citizen.pk,
            "legal_basis_id": basis.pk,
            "received_on": received,
            "channel": self._weighted(CHANNELS),
            "applied_for": APPLIED_FOR.get(basis.paragraph, basis.title),
            "own_initiative": own_initiative,
            "department_id": self.department.pk,
            "team_id": team.pk,
            "caseworker_id": caseworker,
            "standard_id": standard.pk if standard else None,
            "deadline": deadline,
            "fast_track": fast,
            "created_by_id": caseworker or self.leaders[0],
        }
        if decided <= ctx.today:
            if rng.random() < 0.04:
                row |= {"status": Application.Status.WITHDRAWN, "decided_on": decided}
            else:
                status: Application.Status = self._weighted(
                    [
                        (Application.Status.GRANTED, 70),
                        (Application.Status.PARTLY_GRANTED, 15),
                        (Application.Status.REFUSED, 15),
                    ]
                )
                row |= {"status": status, "decided_on": decided, "decision_text": DECISIONS[status]}
        else:
            row["status"] = self._weighted(
                [(Application.Status.RECEIVED, 40), (Application.Status.ASSESSING, 60)]
            )
            if deadline and deadline < ctx.today and rng.random() < 0.6:
                row["notice_sent_on"] = deadline - datetime.timedelta(days=rng.randrange(1, 5))
                row["expected_decision_on"] = deadline + datetime.timedelta(days=14)
        return row, fast

    def fast_track_request(self, pk: int, row: Row) -> Row:
        requested = datetime.datetime.combine(
            row["received_on"], datetime.time(10), tzinfo=datetime.UTC
        )
        return {
            "application_id": pk,
            "reason": "Kendt af det opsøgende team; har ikke tidligere fået hjælp.",
            "requested_by_id": self.ctx.rng.choice(self.requesters or self.leaders),
            "requested_at": requested,
            "status": FastTrackRequest.Status.APPROVED,
            "decided_by_id": self.ctx.rng.choice(self.leaders),
            "decided_at": requested + datetime.timedelta(hours=3),
        }

    def link(self, pk: int, row: Row) -> Row:
        decided = row.get("decided_on")
        return {
            "citizen_id": row["citizen_id"],
            "department_id": row["department_id"],
            "team_id": row["team_id"],
            "source_type": APPLICATION_LINK,
            "source_id": str(pk),
            "starts_on": row["received_on"],
            "ends_on": decided + LINK_AFTER_DECISION if decided else None,
        }
