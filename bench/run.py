"""``make bench`` / ``make bench-smoke``: seed, serve with gunicorn, load each page, record.

For each size it (1) drops and creates its own PostgreSQL database, migrates and seeds it
(``roret seed --size``), (2) for L times the seed and the monthly processing-time report
in-process, (3) logs the benchmark users in (bench/sessions.py), (4) starts gunicorn with the
production settings plus the bench's query counter (bench/settings.py), (5) for each page of
``bench/pages.py`` and the bare reference page: checks one request (status 200), reads the
query count from the response header of a second, warms up, then runs locust headless with
8 users for a fixed time, after measuring the worker's CPU and database time per request on
30 requests in a row (bench/middleware.py), and (6) reads the server's peak memory from
/proc. The results go to a JSON file with the keys of docs/performance.md.

The databases are named after ``DATABASE_URL`` when it is set (its database name plus
``_s``/``_l``), else ``roret_bench_s``/``roret_bench_l`` on 127.0.0.1; they are dropped
at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench.middleware import CPU_HEADER, DB_HEADER, HEADER
from bench.record import REFERENCE, PageResult, Results, machine_facts, write_results

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "var"
BIN = Path(sys.executable).parent
DEFAULT_BASE_URL = "postgres://postgres@127.0.0.1:5432/roret_bench"
USERS = 8
WARMUP_REQUESTS = 16
# Requests one after another, on an otherwise idle server, for the CPU per request.
COST_REQUESTS = 30


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def database_url(base: str, size: str) -> str:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "roret_bench"
    return urlunsplit(parts._replace(path=f"/{name}_{size.lower()}"))


def _admin_connect(url: str) -> Any:
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


DROP = "DROP DATABASE IF EXISTS {} WITH (FORCE)"


def recreate_database(url: str) -> None:
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _admin_connect(url) as conn:
        conn.execute(sql.SQL(DROP).format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _admin_connect(url) as conn:
        conn.execute(sql.SQL(DROP).format(sql.Identifier(name)))


def vacuum_analyze(url: str) -> None:
    """Statistics and visibility map for the freshly loaded tables.

    A bulk-loaded database has no planner statistics until autovacuum gets round to it, and
    PostgreSQL then plans the queues and searches for empty tables; a running municipality's
    database has been analysed long since. Not part of the seed's time.
    """
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def server_environment(url: str) -> dict[str, str]:
    """Production settings (DEBUG off) with keys generated once in bench/var/."""
    from roret.core.keys import generate_key_file

    VAR.mkdir(parents=True, exist_ok=True)
    key_file = VAR / "keys.json"
    if not key_file.exists():
        generate_key_file(key_file)
    secret_file = VAR / "secret_key"
    if not secret_file.exists():
        import secrets

        secret_file.write_text(secrets.token_urlsafe(50))
        secret_file.chmod(0o600)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RORET_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        RORET_DEBUG="0",
        # Plain http on 127.0.0.1: no TLS redirect, cookies without the Secure flag.
        RORET_HTTPS="0",
        RORET_SECRET_KEY=secret_file.read_text().strip(),
        RORET_KEY_FILE=str(key_file),
        RORET_VAR_DIR=str(VAR),
        RORET_STATIC_ROOT=str(VAR / "static"),
        RORET_LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
    )
    # A database option under measurement (docs/performance.md) passes through.
    if "RORET_DB_SERVER_SIDE_BINDING" in os.environ:
        env["RORET_DB_SERVER_SIDE_BINDING"] = os.environ["RORET_DB_SERVER_SIDE_BINDING"]
    return env


def roret(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "roret"), *args], env=env, cwd=ROOT, check=True)


def prepare_database(env: dict[str, str], size: str) -> float:
    """Migrate and seed; returns the seconds the seed took."""
    roret(env, "migrate", "--no-input", "-v", "0")
    started = time.perf_counter()
    roret(env, "seed", "--synthetic-database", "--size", size)
    return time.perf_counter() - started


REPORT_TIMER = """
import time, django
django.setup()
from roret.accounts.models import User
from roret.casework.selectors import processing_report
user = User.objects.get(username="leder")
processing_report(user=user)
best = None
for _ in range(3):
    started = time.perf_counter()
    processing_report(user=user)
    elapsed = time.perf_counter() - started
    best = elapsed if best is None else min(best, elapsed)
print(best)
"""


def time_report(env: dict[str, str]) -> float:
    """The monthly processing-time report over the whole database, in-process (best of 3)."""
    out = subprocess.run(
        [sys.executable, "-c", REPORT_TIMER],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def resolve_targets(env: dict[str, str]) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.prepare"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    targets: list[dict[str, Any]] = json.loads(out.stdout)
    return targets


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def workers() -> int:
    # gunicorn's advice, 2 × cores + 1 sync workers: one request per worker, and while one
    # waits for PostgreSQL another uses the core (docs/performance.md).
    return 2 * (os.cpu_count() or 1) + 1


@contextmanager
def gunicorn(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "bench.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers()),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def peak_memory_mb(pid: int) -> float:
    """Sum of VmHWM (peak resident memory) of the gunicorn master and its workers."""
    pids = [pid]
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            pids.append(int(status.parent.name))
    total_kb = 0
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return round(total_kb / 1024, 1)


def request_once(base: str, target: dict[str, Any]) -> tuple[int, int | None]:
    """One request of the page: its status and query count."""
    cookie = "; ".join(f"{k}={v}" for k, v in target["cookies"].items())
    body = None
    headers = {"Cookie": cookie}
    if target["method"] == "POST":
        body = urlencode(target["data"]).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(
        base + target["path"], data=body, headers=headers, method=target["method"]
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            queries = response.headers.get(HEADER)
            response.read()
            return response.status, int(queries) if queries else None
    except urllib.error.HTTPError as error:
        return error.code, None


def request_cost(base: str, target: dict[str, Any]) -> tuple[float, float]:
    """The median worker CPU and database time (ms) of ``COST_REQUESTS`` requests made one
    after another, from the bench middleware's headers."""
    cpu: list[float] = []
    database: list[float] = []
    cookie = "; ".join(f"{k}={v}" for k, v in target["cookies"].items())
    for _ in range(COST_REQUESTS):
        body = urlencode(target["data"]).encode() if target["method"] == "POST" else None
        headers = {"Cookie": cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            base + target["path"], data=body, headers=headers, method=target["method"]
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            cpu.append(float(response.headers.get(CPU_HEADER) or 0))
            database.append(float(response.headers.get(DB_HEADER) or 0))
    return round(statistics.median(cpu), 2), round(statistics.median(database), 2)


def run_locust(base: str, target: dict[str, Any], seconds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "stats.json"
        env = dict(os.environ, BENCH_TARGET=json.dumps(target))
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                base,
                "--users",
                str(USERS),
                "--spawn-rate",
                str(USERS),
                "--run-time",
                f"{seconds}s",
                "--json-file",
                str(stats_file.with_suffix("")),
                "--skip-log",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return summarise(json.loads(stats_file.read_text()))


def percentile(histogram: dict[str, int], share: float) -> float:
    """The response time (ms) below which ``share`` of the requests fall."""
    total = sum(histogram.values())
    if total == 0:
        return 0.0
    wanted = share * total
    seen = 0
    for value, count in sorted((float(k), c) for k, c in histogram.items()):
        seen += count
        if seen >= wanted:
            return value
    return max(float(k) for k in histogram)


def summarise(entries: list[dict[str, Any]]) -> dict[str, float]:
    """Requests/s, errors and percentiles from locust's final statistics (``--json-file``).

    Locust keeps each response time rounded (to 1 ms below 100 ms, to 10 ms below 1 s), so
    the percentiles have that resolution.
    """
    histogram: dict[str, int] = {}
    requests = errors = 0
    start, end = float("inf"), 0.0
    for entry in entries:
        requests += int(entry["num_requests"])
        errors += int(entry["num_failures"])
        for value, count in entry["response_times"].items():
            histogram[value] = histogram.get(value, 0) + int(count)
        start = min(start, float(entry["start_time"]))
        end = max(end, float(entry["last_request_timestamp"] or 0))
    elapsed = end - start if end > start else 0.0
    return {
        "requests": float(requests),
        "errors": float(errors),
        "rps": requests / elapsed if elapsed else 0.0,
        "p50_ms": percentile(histogram, 0.50),
        "p95_ms": percentile(histogram, 0.95),
        "p99_ms": percentile(histogram, 0.99),
    }


def measure_size(
    size: str, base_url: str, seconds: int, *, keep: bool, reuse: bool
) -> tuple[dict[str, PageResult], float | None, float | None, float]:
    url = database_url(base_url, size)
    env = server_environment(url)
    seed_s: float | None = None
    if reuse:
        log(f"{size}: reusing the database {urlsplit(url).path.lstrip('/')}")
        roret(env, "migrate", "--no-input", "-v", "0")
    else:
        log(f"{size}: creating the database {urlsplit(url).path.lstrip('/')}")
        recreate_database(url)
        seed_s = prepare_database(env, size)
        log(f"{size}: seeded in {seed_s:.0f} s")
    vacuum_analyze(url)
    report_s = time_report(env)
    log(f"{size}: monthly processing-time report in-process {report_s:.3f} s")
    targets = resolve_targets(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    results: dict[str, PageResult] = {}
    try:
        with gunicorn(env, port) as server:
            counts: dict[str, int | None] = {}
            for target in targets:
                status, _ = request_once(base, target)
                if status != 200:
                    raise RuntimeError(f"{target['name']} answered {status}")
                # Counted on the second request: a report's first read after the seed keeps
                # its ended months (roret.core.kept), which every later read finds kept.
                _, counts[target["name"]] = request_once(base, target)
            known = [n for name, n in counts.items() if n is not None and name != REFERENCE]
            median = round(statistics.median(known)) if known else 10
            for target in targets:
                if target["name"] == REFERENCE:
                    # The session, user and device look-ups come on top of the page's own.
                    overhead = counts[REFERENCE] or 0
                    extra = max(0, median - overhead)
                    target["path"] = f"{target['path']}?queries={extra}"
                    _, counts[REFERENCE] = request_once(base, target)
                for _ in range(WARMUP_REQUESTS):
                    request_once(base, target)
                cpu_ms, db_ms = request_cost(base, target)
                stats = run_locust(base, target, seconds)
                results[target["name"]] = PageResult(
                    rps=round(stats["rps"], 1),
                    p50_ms=stats["p50_ms"],
                    p95_ms=stats["p95_ms"],
                    p99_ms=stats["p99_ms"],
                    errors=int(stats["errors"]),
                    queries=counts[target["name"]],
                    requests=int(stats["requests"]),
                    cpu_ms=cpu_ms,
                    db_ms=db_ms,
                )
                log(f"{size}: {target['name']}: {results[target['name']]}")
            memory = peak_memory_mb(server.pid)
    finally:
        if not keep:
            drop_database(url)
    return results, seed_s, report_s, memory


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", nargs="+", default=["S", "L"], choices=["S", "M", "L"])
    parser.add_argument("--seconds", type=int, default=25, help="load time per page")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="use the kept, already seeded databases"
    )
    args = parser.parse_args(argv)
    base_url = os.environ.get("DATABASE_URL") or DEFAULT_BASE_URL
    if not base_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The benchmark runs on PostgreSQL: DATABASE_URL must be postgres://…")
    started = time.perf_counter()
    results = Results(machine=machine_facts(database_url(base_url, args.sizes[0]), ROOT))
    for size in args.sizes:
        pages, seed_s, report_s, memory = measure_size(
            size, base_url, args.seconds, keep=args.keep, reuse=args.reuse
        )
        for name, result in pages.items():
            results.pages.setdefault(name, {})[size] = result
        results.peak_memory_mb[size] = memory
        results.report_s[size] = report_s
        if size == "L":
            results.seed_L_s = seed_s
            results.report_L_s = report_s
    results.seconds_per_page = args.seconds
    results.wall_s = round(time.perf_counter() - started, 1)
    write_results(results, args.out)
    log(f"wrote {args.out} in {results.wall_s:.0f} s")


if __name__ == "__main__":
    main()
