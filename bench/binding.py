"""Does server-side parameter binding save PostgreSQL planning time? A measurement.

``python -m bench.binding`` loads each benchmark page many times in one process over one
persistent connection, first with Django's default client-side binding, then with
``server_side_binding`` (psycopg then prepares a statement it has run five times on the
connection, and PostgreSQL may keep a generic plan instead of planning each execution). Per
page it reports the worker's CPU per request (``time.thread_time``) and the PostgreSQL
backend's CPU per request, read from ``/proc`` for the connection's server process — CPU
time, not wall time, so the figures hold on a busy machine. PostgreSQL must run on this
machine. It uses a database seeded by ``bench.run --keep`` (``DATABASE_URL``, default
``roret_bench_s``) and writes nothing but sessions.

Results and the decision: docs/performance.md ("Server-side binding").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _backend_cpu_s(pid: int) -> float:
    # Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _load(client: Any, page: Any, path: str, data: dict[str, str]) -> None:
    response = client.post(path, data) if page.method == "POST" else client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{page.name}: status {response.status_code}")


def _measure(pages: list[Any], requests: int, *, server_side: bool) -> dict[str, dict[str, float]]:
    from django.db import connection
    from django.test import Client

    from bench.sessions import verified_session
    from roret.accounts.models import User

    connection.close()
    connection.settings_dict["OPTIONS"]["server_side_binding"] = server_side
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    results: dict[str, dict[str, float]] = {}
    for page in pages:
        user = User.objects.get(username=page.username)
        client = Client(HTTP_HOST="127.0.0.1")
        login = verified_session(user)
        client.cookies[login.session_cookie] = login.session_key
        path, data = page.path(user), page.data(user)
        for _ in range(10):  # past psycopg's prepare threshold (5) for every statement
            _load(client, page, path, data)
        python_ms: list[float] = []
        backend_started = _backend_cpu_s(pid)
        for _ in range(requests):
            started = time.thread_time()
            _load(client, page, path, data)
            python_ms.append((time.thread_time() - started) * 1000)
        backend_ms = (_backend_cpu_s(pid) - backend_started) * 1000 / requests
        results[page.name] = {
            "python_cpu_ms": round(statistics.median(python_ms), 2),
            "postgresql_cpu_ms": round(backend_ms, 2),
        }
        print(f"  {page.name}: {results[page.name]}", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="measured requests per page")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/roret_bench_s")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("RORET_DEBUG", "0")
    os.environ.setdefault("RORET_HTTPS", "0")
    os.environ.setdefault("RORET_LOG_LEVEL", "WARNING")
    from bench.run import VAR

    os.environ.setdefault("RORET_SECRET_KEY", (VAR / "secret_key").read_text().strip())
    os.environ.setdefault("RORET_KEY_FILE", str(VAR / "keys.json"))
    import django

    django.setup()
    from bench.pages import PAGES

    # Alternating rounds; the first warms the process (templates, catalogues, URL
    # resolver), so only the later rounds are compared.
    outcome: dict[str, dict[str, dict[str, float]]] = {}
    for server_side in (False, True, False, True):
        label = "server_side" if server_side else "client_side"
        print(f"{label}:", file=sys.stderr)
        outcome[label] = _measure(PAGES, args.requests, server_side=server_side)
    if args.out:
        args.out.write_text(json.dumps(outcome, indent=2) + "\n")
    print("| page | Python ms (client / server) | PostgreSQL ms (client / server) |")
    print("|---|---:|---:|")
    for name, client_figures in outcome["client_side"].items():
        server_figures = outcome["server_side"][name]
        print(
            f"| {name} | {client_figures['python_cpu_ms']} / {server_figures['python_cpu_ms']} "
            f"| {client_figures['postgresql_cpu_ms']} / {server_figures['postgresql_cpu_ms']} |"
        )


if __name__ == "__main__":
    main()
