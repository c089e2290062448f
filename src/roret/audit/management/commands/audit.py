"""``roret audit seal|verify|purge``: run by the scheduler and by operators.

Output is English: it is read by operators, not by citizens or caseworkers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roret.audit.selectors import verify_chain
from roret.audit.services import ChainBrokenError, purge_expired_access_log, seal_pending


def _margin(parser: CommandParser, help_text: str) -> None:
    """Sealing and verifying share the margin that keeps in-flight entries out of both."""
    parser.add_argument("--margin-seconds", type=float, help=help_text)


class Command(BaseCommand):
    help = "Seal the access log in its hash chain, verify the chain, or purge expired entries."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        seal = commands.add_parser(
            "seal", help="Add entries older than the margin to the hash chain."
        )
        _margin(seal, "Seal only entries this old (default: RORET_AUDIT_SEAL_MARGIN_SECONDS or 5).")
        seal.add_argument(
            "--full",
            action="store_true",
            help="Look through the whole log for unsealed entries, not just the recent part.",
        )
        verify = commands.add_parser(
            "verify", help="Recompute the chain; exit 1 and name the first tampered entry."
        )
        _margin(verify, "Entries younger than this are not reported as unsealed.")
        purge = commands.add_parser(
            "purge", help="Delete entries past their retention period (logged)."
        )
        purge.add_argument(
            "--dry-run", action="store_true", help="Report what would be deleted; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        margin = options.get("margin_seconds")
        margin_delta = None if margin is None else timedelta(seconds=margin)
        subcommand = options["subcommand"]
        if subcommand == "seal":
            self._seal(margin_delta, full=options["full"])
        elif subcommand == "verify":
            self._verify(margin_delta)
        else:
            self._purge(dry_run=options["dry_run"])

    def _seal(self, margin: timedelta | None, *, full: bool) -> None:
        result = seal_pending(margin=margin, full=full)
        if result.sealed:
            self.stdout.write(
                f"sealed {result.sealed} entries at positions {result.first_position} to "
                f"{result.last_position}; head hash {result.head_hash}"
            )
        else:
            self.stdout.write(f"nothing to seal; head hash {result.head_hash}")

    def _verify(self, margin: timedelta | None) -> None:
        result = verify_chain(margin=margin)
        if result.unsealed:
            self.stdout.write(
                f"unsealed: {result.unsealed} entries older than the margin have no chain "
                "link yet (run `roret audit seal --full`)"
            )
        if not result.ok:
            raise CommandError(result.message, returncode=1)
        self.stdout.write(result.message)

    def _purge(self, *, dry_run: bool) -> None:
        try:
            result = purge_expired_access_log(dry_run=dry_run)
        except ChainBrokenError as error:
            raise CommandError(str(error), returncode=1) from error
        if result.cutoff is None:
            self.stdout.write("no retention rule for the access log: nothing deleted")
            return
        verb = "would delete" if dry_run else "deleted"
        span = (
            f" (chain positions {result.first_position} to {result.last_position})"
            if result.deleted
            else ""
        )
        self.stdout.write(
            f"{verb} {result.deleted} entries logged before "
            f"{result.cutoff.isoformat(timespec='seconds')}{span}"
        )
