"""The ``roret`` command: Django's manage.py with Roret's own subcommands.

``roret demo`` is handled here, before Django reads its settings, because the demo chooses
its own settings: SQLite under var/, relaxed two-factor (announced on every page), generated
keys. Everything else is as in production: debug off, static files through WhiteNoise, the
Danish error pages.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def _demo_secret_key(var_dir: Path) -> str:
    """The demo's own secret key, made once and kept in var/ so sessions survive a restart."""
    path = var_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _prepare_demo_environment() -> None:
    var_dir = Path(os.environ.get("RORET_VAR_DIR", Path.cwd() / "var")).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("RORET_VAR_DIR", str(var_dir))
    os.environ.setdefault("RORET_DEMO", "1")
    os.environ.setdefault("RORET_SECRET_KEY", _demo_secret_key(var_dir))
    os.environ.setdefault("RORET_HTTPS", "0")
    os.environ.setdefault("RORET_MUNICIPALITY_NAME", "Demo Kommune")
    # The demo always runs on its own SQLite file, even if DATABASE_URL is set for tests.
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'roret.sqlite3'}"
    key_file = var_dir / "keys.json"
    if not key_file.exists():
        from roret.core.keys import generate_key_file

        generate_key_file(key_file)
    os.environ.setdefault("RORET_KEY_FILE", str(key_file))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        _prepare_demo_environment()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roret.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
