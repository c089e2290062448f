"""``roret employment refresh``: run daily by the scheduler.

Output is English: it is read by operators, not by citizens or caseworkers.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from roret.employment.services import job_mirrors_refresh


class Command(BaseCommand):
    help = "Start and end the plan's job interventions (and job centre links) on their dates."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("refresh", help="Carry out job start and end dates in the plans.")

    def handle(self, *args: Any, **options: Any) -> None:
        changed = job_mirrors_refresh()
        self.stdout.write(f"{changed} job interventions brought up to date.")
