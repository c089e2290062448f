"""``roret seed`` and ``roret demo`` (without serving)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings

from roret.people.models import Citizen
from roret.seed.management.commands import demo
from roret.seed.staff import DEMO_PASSWORD, DEMO_USERS

TEN_DIGITS = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


@pytest.mark.django_db
def test_seed_command_prints_counts_without_cpr() -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "seed",
        "--synthetic-database",
        "--size",
        "s",
        "--citizens",
        "25",
        "--seed",
        "2",
        stdout=out,
        stderr=err,
    )
    text = out.getvalue()
    assert "people.Citizen" in text
    assert "people.CitizenLink" in text
    assert Citizen.objects.count() == 25
    assert "sagsbehandler" in text
    assert not TEN_DIGITS.search(text + err.getvalue())


@pytest.mark.django_db
def test_seed_command_refuses_a_seeded_database_without_force() -> None:
    call_command("seed", "--synthetic-database", "--citizens", "5", verbosity=0)
    with pytest.raises(CommandError, match="--force"):
        call_command("seed", "--synthetic-database", "--citizens", "5", verbosity=0)
    call_command("seed", "--synthetic-database", "--citizens", "5", "--force", verbosity=0)
    assert Citizen.objects.count() == 10


@pytest.mark.django_db
def test_seed_outside_the_demo_needs_the_synthetic_database_confirmation() -> None:
    with pytest.raises(CommandError, match="--synthetic-database"):
        call_command("seed", "--citizens", "5", verbosity=0)
    assert Citizen.objects.count() == 0


@pytest.mark.django_db
def test_demo_refuses_outside_demo_mode(settings: Settings) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo"):
        call_command("demo", "--no-serve", stdout=StringIO())
    assert not Citizen.objects.exists()


@pytest.mark.django_db
def test_demo_seeds_once_prints_logins_and_serves(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEMO_MODE = True
    served: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    real_call_command = demo.call_command

    def fake_call_command(name: str, *args: Any, **kwargs: Any) -> None:
        if name == "runserver":
            served.append((args, kwargs))
            return
        real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo, "call_command", fake_call_command)

    first = StringIO()
    call_command("demo", "--port", "8765", stdout=first, verbosity=0)
    assert Citizen.objects.count() == 300
    text = first.getvalue()
    assert DEMO_PASSWORD in text
    assert all(spec.username in text for spec in DEMO_USERS)
    assert "http://127.0.0.1:8765/" in text
    assert served == [(("127.0.0.1:8765",), {"use_reloader": False})]
    assert not TEN_DIGITS.search(text)

    second = StringIO()
    call_command("demo", "--no-serve", stdout=second, verbosity=0)
    assert Citizen.objects.count() == 300
    assert "allerede" in second.getvalue()
    assert len(served) == 1


_DEMO_PROBE = """
import json, os
from roret import cli
cli._prepare_demo_environment()
os.environ["DJANGO_SETTINGS_MODULE"] = "roret.settings"
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
call_command("collectstatic", interactive=False, verbosity=0)
setup_test_environment()
response = Client().get("/findes-ikke/")
stylesheet = Client().get("/static/vendor/dkfds/css/dkfds.min.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "demo": settings.DEMO_MODE,
    "status": response.status_code,
    "body": response.content.decode(),
    "static": stylesheet.status_code,
}))
"""


def test_the_demo_runs_as_production_does_and_answers_a_danish_404(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RORET_", "DJANGO_", "DATABASE_URL"))
    }
    env["RORET_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", _DEMO_PROBE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["debug"] is False and result["demo"] is True
    assert result["status"] == 404
    # WhiteNoise serves the static files, as in production.
    assert result["static"] == 200
    body = result["body"]
    assert "Siden blev ikke fundet" in body, body[:300]
    assert "URLconf" not in body and "urlpatterns" not in body and "Using the URLconf" not in body
    # The secret key is generated once and kept.
    assert (tmp_path / "secret_key").read_text().strip()
