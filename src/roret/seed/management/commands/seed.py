"""``roret seed``: fill the database with a synthetic municipality (see docs/seed.md)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roret.seed.context import SIZES
from roret.seed.runner import DEFAULT_SEED, SeedRefused, run_seed
from roret.seed.staff import DEMO_PASSWORD, demo_login_lines


class Command(BaseCommand):
    help = (
        "Create a synthetic municipality: organisation, staff, citizens with synthetic CPR "
        "numbers, families, problem areas, network, consents and need-to-know links. "
        "Sizes: "
        + "; ".join(f"{s.name} = {s.citizens:,} citizens ({s.description})" for s in SIZES.values())
        + ". Refuses a database that already has citizens unless --force."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="S", type=str.upper)
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="The same seed gives the same data."
        )
        parser.add_argument(
            "--citizens", type=int, default=None, help="Override the size's number of citizens."
        )
        parser.add_argument(
            "--synthetic-database",
            action="store_true",
            help="Confirm that this database is for tests or benchmarks. Needed outside the "
            "demo, because every seeded staff user gets the published demo password.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database has citizens: adds a further synthetic "
            "population (organisation and demo users are reused, nothing is deleted).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE and not options["synthetic_database"]:
            raise CommandError(
                "Seed kun en database til demo, test eller benchmark: alle medarbejdere får "
                "den offentlige demoadgangskode. Bekræft med --synthetic-database."
            )
        if options["citizens"] is not None and options["citizens"] < 1:
            raise CommandError("--citizens must be at least 1.")
        show_progress = options["verbosity"] > 0
        try:
            report = run_seed(
                size=options["size"],
                seed=options["seed"],
                citizens=options["citizens"],
                force=options["force"],
                show_progress=show_progress,
            )
        except SeedRefused as exc:
            raise CommandError(str(exc)) from exc
        if show_progress:
            self.stdout.write(report.table())
            self.stdout.write("")
            self.stdout.write(f"Demobrugere (adgangskode: {DEMO_PASSWORD}):")
            self.stdout.write("\n".join(demo_login_lines()))
