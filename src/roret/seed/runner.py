"""The synthetic municipality generator: runs the seed phases in order.

How it is built
---------------
A seed run is a list of *phases* (``PHASES``). A phase is a plain function
``phase(ctx: SeedContext) -> None`` that writes one part of the municipality and stores in
``ctx`` what later phases need: primary keys and small records (``CitizenRecord``,
``StaffRecord``), never querysets, so that size L (100,000 citizens) fits in memory. The
context carries the size, one ``random.Random`` and one Faker ``da_DK`` instance, both seeded
from ``--seed``; a phase draws only from these, in a fixed order, so the same seed gives the
same municipality (dates are relative to the day of the run).

Adding a phase (e.g. when casework, plans or offers arrive)
-----------------------------------------------------------
1. Write ``src/roret/seed/<module>.py`` with ``seed_<module>(ctx: SeedContext) -> None``.
   The seed app sits at the top of the import layers, so it may import every app's models.
2. Read what you need from ``ctx`` (``ctx.citizens``, ``ctx.staff``, ``ctx.teams``,
   ``ctx.departments``, ``ctx.linked_departments``). Build model instances and write them
   in batches with ``roret.seed.bulk.insert`` (COPY on PostgreSQL, ``bulk_create``
   elsewhere; ``need_ids=True`` when later rows point at them). Wrap the work in
   ``with ctx.progress(total, "Label") as bar`` and count rows in ``ctx.created["app.Model"]``;
   add the model to ``COUNTED_MODELS`` for the summary table.
3. Append the phase to ``PHASES`` after the phases it reads from. Appending keeps earlier
   phases' random draws, so existing seeds keep producing the same citizens.
4. When the module registers its own need-to-know links (``CitizenLink``), give them its own
   ``source_type`` and let fewer citizens rely on the ``seed.caseload`` links.

The whole run is one transaction: a failed seed leaves nothing behind.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from dataclasses import dataclass, field
from typing import IO

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from faker import Faker

from roret.core import kept
from roret.people.models import Citizen
from roret.seed.audit import seed_access_log
from roret.seed.casework import seed_casework
from roret.seed.citizens import seed_citizens
from roret.seed.context import SIZES, Phase, SeedContext
from roret.seed.dropin import seed_dropin
from roret.seed.employment import seed_employment
from roret.seed.journal import seed_journal
from roret.seed.links import seed_citizen_links
from roret.seed.network import seed_network_and_consents
from roret.seed.offers import seed_offers
from roret.seed.organisation import seed_organisation
from roret.seed.outreach import seed_outreach
from roret.seed.plans import seed_plans
from roret.seed.problems import seed_problem_areas
from roret.seed.staff import seed_staff

PHASES: list[tuple[str, Phase]] = [
    ("organisation", seed_organisation),
    ("staff", seed_staff),
    ("citizens", seed_citizens),
    ("problem_areas", seed_problem_areas),
    ("citizen_links", seed_citizen_links),
    ("network_and_consents", seed_network_and_consents),
    ("dropin", seed_dropin),
    ("casework", seed_casework),
    ("plans", seed_plans),
    ("journal", seed_journal),
    ("offers", seed_offers),
    ("employment", seed_employment),
    ("outreach", seed_outreach),
    ("access_log", seed_access_log),
]

COUNTED_MODELS = [
    "organisation.Municipality",
    "organisation.Department",
    "organisation.Team",
    "organisation.Area",
    "organisation.Partner",
    "accounts.User",
    "people.Citizen",
    "people.Household",
    "people.HouseholdMember",
    "people.Relation",
    "people.ProblemArea",
    "people.NetworkParty",
    "people.Consent",
    "people.CitizenLink",
    "dropin.Site",
    "dropin.Count",
    "casework.Application",
    "casework.FastTrackRequest",
    "plans.Plan",
    "plans.Goal",
    "plans.Rating",
    "plans.Intervention",
    "plans.Agreement",
    "journal.Note",
    "journal.Appointment",
    "offers.Offer",
    "offers.Rate",
    "offers.Referral",
    "offers.Enrolment",
    "offers.CourseRun",
    "offers.CourseSession",
    "offers.Attendance",
    "offers.CounsellingTally",
    "employment.Frikort",
    "employment.Job",
    "employment.Earning",
    "outreach.OutreachWorker",
    "outreach.CaseloadEntry",
    "outreach.AnonymousPerson",
    "outreach.Contact",
    "outreach.ApplicationReferral",
    "audit.AccessLogEntry",
]

DEFAULT_SEED = 1


class SeedRefused(Exception):
    """The database already has citizens and the caller did not ask to seed on top."""


@dataclass
class SeedReport:
    created: dict[str, int]
    totals: dict[str, int]
    seconds_per_phase: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def table(self) -> str:
        width = max(len(label) for label in COUNTED_MODELS)
        lines = [f"{'Model':<{width}}  {'oprettet':>10}  {'i alt':>10}"]
        lines.append("-" * len(lines[0]))
        for label in COUNTED_MODELS:
            created, total = _number(self.created.get(label, 0)), _number(self.totals[label])
            lines.append(f"{label:<{width}}  {created:>10}  {total:>10}")
        lines.append("")
        lines.append(
            "Tid: "
            + ", ".join(f"{name} {secs:.1f}s" for name, secs in self.seconds_per_phase.items())
            + f"; i alt {self.seconds:.1f}s"
        )
        return "\n".join(lines)


def _number(value: int) -> str:
    # Danish thousands separator.
    return f"{value:,}".replace(",", ".")


def database_has_citizens() -> bool:
    return Citizen.objects.exists()


def run_seed(
    *,
    size: str = "S",
    seed: int = DEFAULT_SEED,
    citizens: int | None = None,
    force: bool = False,
    show_progress: bool = True,
    progress_file: IO[str] | None = None,
    today: datetime.date | None = None,
    phases: list[tuple[str, Phase]] | None = None,
) -> SeedReport:
    if database_has_citizens() and not force:
        raise SeedRefused(
            "The database already has citizens; use --force to add a synthetic municipality "
            "on top of them."
        )
    chosen = SIZES[size]
    faker = Faker("da_DK")
    faker.seed_instance(seed)
    ctx = SeedContext(
        size=chosen,
        citizen_count=chosen.citizens if citizens is None else citizens,
        seed=seed,
        today=today or timezone.localdate(),
        rng=random.Random(seed),
        faker=faker,
        show_progress=show_progress,
        progress_file=progress_file or sys.stderr,
    )
    started = time.perf_counter()
    timings: dict[str, float] = {}
    with transaction.atomic():
        if force:
            ctx.existing_cpr_indexes = set(Citizen.objects.values_list("cpr_index", flat=True))
        for name, phase in phases or PHASES:
            phase_started = time.perf_counter()
            phase(ctx)
            timings[name] = time.perf_counter() - phase_started
        # The history was written around the services: no report's kept month still holds.
        kept.forget_all()
    return SeedReport(
        created=dict(ctx.created),
        totals=model_counts(),
        seconds_per_phase=timings,
        seconds=time.perf_counter() - started,
    )


def model_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED_MODELS}
