"""Security headers and the production deploy check."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

SOURCE = Path(__file__).resolve().parents[2] / "src" / "roret"
TEMPLATES = sorted(SOURCE.glob("*/templates/**/*.html"))


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client: Client) -> None:
    response = client.get("/login/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_template_has_inline_script(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    inline_scripts = [
        tag for tag in re.findall(r"<script\b[^>]*>", text, re.IGNORECASE) if "src=" not in tag
    ]
    handlers = re.findall(r"\son[a-z]+\s*=", text, re.IGNORECASE)
    assert inline_scripts == [], "scripts are loaded from static files (the CSP forbids inline)"
    assert handlers == [], "event handler attributes are inline scripts"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RORET_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "roret.settings",
            "RORET_SECRET_KEY": secrets.token_urlsafe(64),
            "RORET_VAR_DIR": str(tmp_path),
            "RORET_ALLOWED_HOSTS": "roret.kommune.example",
        }
    )
    env.update(extra)
    return env


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "roret", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deploy_check_passes_with_production_settings(tmp_path: Path) -> None:
    result = _deploy_check(_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_refuses_the_demo_setting(tmp_path: Path) -> None:
    result = _deploy_check(_production_env(tmp_path, RORET_DEMO="1"))
    assert result.returncode != 0
    assert "roret.accounts.E001" in result.stderr


def test_production_settings_use_https_hsts_and_secure_cookies(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter with a fixed script
        [sys.executable, "-c", "import django; django.setup(); " + script],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True"]
