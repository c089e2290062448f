"""The seeded database holds no CPR number in clear: dump all of it and search the dump."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.db import connection

from roret.people.models import Citizen
from roret.seed.runner import run_seed


def _dump_database() -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    assert connection.vendor == "postgresql"
    db = connection.settings_dict
    pg_dump = shutil.which("pg_dump") or "/usr/bin/pg_dump"
    command = [pg_dump, "--no-owner", "--data-only", "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    env = {"PGPASSWORD": str(db.get("PASSWORD") or ""), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)  # noqa: S603 - fixed arguments
    return result.stdout


# Committed data is needed for pg_dump to see it (tests/reference_data.py restores the
# migrations' data after the flush).
@pytest.mark.django_db(transaction=True)
def test_database_dump_contains_no_cpr_in_clear() -> None:
    run_seed(size="S", seed=5, show_progress=False)
    numbers = [citizen.cpr for citizen in Citizen.objects.all()]
    assert len(numbers) == 300
    dump = _dump_database()
    assert "Skovparken" in dump  # the dump does contain the seeded rows
    leaked = sum(1 for number in numbers if number in dump or f"{number[:6]}-{number[6:]}" in dump)
    # A count, not the numbers: a failing test must not print them.
    assert leaked == 0
