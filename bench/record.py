"""The result file of the benchmark (``bench/results/latest.json``) and how it is written.

Keys, as issue #8 fixes them::

    {"machine": {...},
     "pages": {"<page>": {"S": {"rps", "p50_ms", "p95_ms", "p99_ms", "errors", "queries",
                                "cpu_ms", "db_ms"},
                          "L": {...}}},
     "seed_L_s": ..., "report_L_s": ...}

plus, per page and size, ``ratio_to_reference`` (the page's requests/s over the bare
reference page's, same size and run) and ``requests``; and at the top level the server's
peak memory per size, the report time per size, the seconds of load per page and the run's
wall time.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The bare reference page's name in the results (bench/views.py).
REFERENCE = "reference"
PAGE_KEYS = ("rps", "p50_ms", "p95_ms", "p99_ms", "errors", "queries", "cpu_ms", "db_ms")


@dataclass
class PageResult:
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    queries: int | None
    requests: int = 0
    # The worker's CPU and the database time per request (medians, ms): the budget's units.
    cpu_ms: float | None = None
    db_ms: float | None = None


@dataclass
class Results:
    machine: dict[str, Any]
    pages: dict[str, dict[str, PageResult]] = field(default_factory=dict)
    seed_L_s: float | None = None  # the key the issue names
    report_L_s: float | None = None
    peak_memory_mb: dict[str, float] = field(default_factory=dict)
    report_s: dict[str, float | None] = field(default_factory=dict)
    seconds_per_page: float = 0.0
    wall_s: float = 0.0


def as_json(results: Results) -> dict[str, Any]:
    pages: dict[str, dict[str, dict[str, Any]]] = {}
    for name, by_size in results.pages.items():
        pages[name] = {}
        for size, result in by_size.items():
            row = asdict(result)
            reference = results.pages.get(REFERENCE, {}).get(size)
            if reference is not None and reference.rps > 0 and name != REFERENCE:
                row["ratio_to_reference"] = round(result.rps / reference.rps, 2)
            pages[name][size] = row
    return {
        "machine": results.machine,
        "pages": pages,
        "seed_L_s": None if results.seed_L_s is None else round(results.seed_L_s, 1),
        "report_L_s": None if results.report_L_s is None else round(results.report_L_s, 3),
        "peak_memory_mb": results.peak_memory_mb,
        "report_s": {k: None if v is None else round(v, 3) for k, v in results.report_s.items()},
        "seconds_per_page": results.seconds_per_page,
        "wall_s": results.wall_s,
    }


def write_results(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(as_json(results), indent=2, ensure_ascii=False) + "\n")
    tmp.replace(path)


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git_commit(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def _postgresql_version(url: str) -> str:
    from bench.run import _admin_connect

    try:
        with _admin_connect(url) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except Exception:  # the version is only informational
        return "unknown"
    return str(row[0]) if row else "unknown"


def machine_facts(url: str, root: Path) -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "cpu": _cpu_model(),
        "postgresql": _postgresql_version(url),
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(root),
    }
