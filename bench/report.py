"""Renders ``bench/results/latest.json`` as the tables of docs/performance.md.

``python -m bench.report`` replaces the part of docs/performance.md between the
``<!-- bench:results -->`` and ``<!-- /bench:results -->`` markers (``make bench`` runs it);
``--print`` only prints the tables. Each figure is checked against the issue's targets and
marked "miss" where it misses one; the reasons are written by hand below the tables.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.record import REFERENCE

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- bench:results -->", "<!-- /bench:results -->"

P95_TARGET_MS = 100.0
GROWTH_TARGET = 1.25
RATIO_TARGET = 0.6
REPORT_TARGET_S = 1.0
SEED_TARGET_S = 600.0


def _cell(value: Any, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        value = f"{value:g}"
    return f"{value}{unit}"


def page_misses(page: str, by_size: dict[str, dict[str, Any]]) -> list[str]:
    """The targets one page misses, in words."""
    misses: list[str] = []
    large, small = by_size.get("L"), by_size.get("S")
    if large is None:
        return misses
    if large["p95_ms"] > P95_TARGET_MS:
        misses.append(f"p95 {large['p95_ms']:g} ms > {P95_TARGET_MS:g} ms at L")
    if large["errors"]:
        misses.append(f"{large['errors']} errors at L")
    if small is not None and small["p95_ms"] and large["p95_ms"] / small["p95_ms"] > GROWTH_TARGET:
        misses.append(f"p95 L/S {large['p95_ms'] / small['p95_ms']:.2f} > {GROWTH_TARGET:g}")
    if small is not None and small["queries"] != large["queries"]:
        misses.append(f"queries {small['queries']} at S, {large['queries']} at L")
    ratio = large.get("ratio_to_reference")
    if page != REFERENCE and ratio is not None and ratio < RATIO_TARGET:
        misses.append(f"throughput {ratio:.0%} of the reference < {RATIO_TARGET:.0%}")
    return misses


def render(results: dict[str, Any]) -> str:
    machine = results["machine"]
    sizes = [s for s in ("S", "M", "L") if any(s in p for p in results["pages"].values())]
    lines = [
        f"Run of {machine.get('date', '?')} at commit `{str(machine.get('git_commit', '?'))[:10]}`"
        f" on {machine.get('cores', '?')} cores ({machine.get('cpu', '?')}), "
        f"{machine.get('memory_gb', '?')} GB memory, PostgreSQL {machine.get('postgresql', '?')}, "
        f"Python {machine.get('python', '?')}; {results.get('seconds_per_page', '?')} s of load "
        "per page with 8 concurrent clients.",
        "",
        "| page | size | req/s | p50 ms | p95 ms | p99 ms | errors | queries | CPU ms | DB ms "
        "| × reference |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, by_size in results["pages"].items():
        for size in sizes:
            row = by_size.get(size)
            if row is None:
                continue
            lines.append(
                f"| {page} | {size} | {_cell(row['rps'])} | {_cell(row['p50_ms'])} | "
                f"{_cell(row['p95_ms'])} | {_cell(row['p99_ms'])} | {row['errors']} | "
                f"{_cell(row['queries'])} | {_cell(row.get('cpu_ms'))} | "
                f"{_cell(row.get('db_ms'))} | {_cell(row.get('ratio_to_reference'))} |"
            )
    seed, report = results.get("seed_L_s"), results.get("report_L_s")
    memory = results.get("peak_memory_mb", {})
    lines += [
        "",
        "| figure | measured | target |",
        "|---|---:|---:|",
        f"| seeding L | {_cell(seed, ' s')} | ≤ {SEED_TARGET_S:g} s |",
        f"| monthly processing-time report over L (in-process) | {_cell(report, ' s')} "
        f"| ≤ {REPORT_TARGET_S:g} s |",
    ]
    for size, mb in memory.items():
        lines.append(f"| server peak memory at {size} (gunicorn master + workers) | {mb} MB | – |")
    misses = [
        f"- {page}: " + "; ".join(found)
        for page, by_size in results["pages"].items()
        if page != REFERENCE and (found := page_misses(page, by_size))
    ]
    if seed is not None and seed > SEED_TARGET_S:
        misses.append(f"- seeding L: {seed:g} s > {SEED_TARGET_S:g} s")
    if report is not None and report > REPORT_TARGET_S:
        misses.append(f"- monthly report over L: {report:g} s > {REPORT_TARGET_S:g} s")
    lines += ["", "Targets missed in this run:" if misses else "No target missed in this run.", ""]
    lines += misses
    return "\n".join(lines).rstrip() + "\n"


def update_document(document: Path, tables: str) -> None:
    text = document.read_text()
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{document} has no {BEGIN} … {END} markers")
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    document.write_text(f"{head}{BEGIN}\n{tables}{END}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=Path, default=ROOT / "bench/results/latest.json")
    parser.add_argument("--document", type=Path, default=ROOT / "docs/performance.md")
    parser.add_argument("--print", action="store_true", help="print instead of updating")
    args = parser.parse_args()
    tables = render(json.loads(args.results.read_text()))
    if args.print:
        print(tables)
    else:
        update_document(args.document, tables)


if __name__ == "__main__":
    main()
