"""``roret demo``: migrate, seed a small synthetic municipality once, print the logins, serve.

``roret`` (src/roret/cli.py) prepares the environment before Django starts: SQLite under
var/, demo mode on (debug off, as in production), generated keys. The command refuses to
run without demo mode, so it can never seed or serve a production database by mistake.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from roret.seed.runner import DEFAULT_SEED, database_has_citizens, run_seed
from roret.seed.staff import DEMO_PASSWORD, demo_login_lines


class Command(BaseCommand):
    help = (
        "Start the demo: migrate the demo database, seed a small synthetic municipality if it "
        "has no citizens, print the demo logins and serve on http://127.0.0.1:8000/."
    )
    # runserver checks the project itself; checking twice only slows the start.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1", help="Address to serve on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on.")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database and stop (tests, CI)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "roret demo runs only in demo mode (RORET_DEMO=1, set by the `roret demo` "
                "command itself); it would otherwise seed and serve this database."
            )
        call_command("migrate", verbosity=0, interactive=False)
        if database_has_citizens():
            self.stdout.write("Demodatabasen har allerede borgere; der oprettes ikke nye.")
        else:
            self.stdout.write("Opretter en syntetisk kommune (størrelse S) …")
            report = run_seed(size="S", seed=DEFAULT_SEED, show_progress=options["verbosity"] > 0)
            self.stdout.write(report.table())

        url = f"http://{options['addr']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(
            "Roret kører med en opdigtet kommune: alle borgere, CPR-numre og medarbejdere er "
            "syntetiske, og hver medarbejder ser kun de borgere, som deres afdeling eller team "
            "har en grund til at se."
        )
        self.stdout.write(f"Log ind på {url} med et af brugernavnene og adgangskoden:")
        self.stdout.write("")
        self.stdout.write(f"  Adgangskode: {DEMO_PASSWORD}")
        self.stdout.write("\n".join(demo_login_lines()))
        self.stdout.write("")
        if options["no_serve"]:
            return
        # Debug is off, as in production: WhiteNoise serves the collected static files.
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("runserver", f"{options['addr']}:{options['port']}", use_reloader=False)
