"""The benchmark harness's pieces, cheaply: the page list resolves and loads against a small
seeded database with the harness's own sessions, the query-count header is true, and the
results file and its summary have the issue's shape. No timings are asserted: speed is
measured by ``make bench``, never in tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench import report
from bench.middleware import CPU_HEADER, DB_HEADER, HEADER
from bench.pages import PAGES, REFERENCE_PAGE
from bench.prepare import resolve
from bench.record import PAGE_KEYS, REFERENCE, PageResult, Results, as_json, write_results
from bench.run import database_url, percentile, summarise
from bench.settings import MIDDLEWARE as BENCH_MIDDLEWARE
from roret.seed.runner import run_seed
from tests.factories import UserFactory, login_staff

bench_urls = override_settings(ROOT_URLCONF="bench.urls", MIDDLEWARE=BENCH_MIDDLEWARE)


def _client_for(target_cookies: dict[str, str]) -> Client:
    client = Client()
    for name, value in target_cookies.items():
        client.cookies[name] = value
    return client


@pytest.mark.django_db
@bench_urls
def test_every_page_resolves_and_loads_with_the_harness_sessions() -> None:
    run_seed(size="S", citizens=60, seed=7, show_progress=False)
    targets = resolve([*PAGES, REFERENCE_PAGE])
    assert [t.name for t in targets] == [p.name for p in PAGES] + [REFERENCE]
    for target in targets:
        client = _client_for(target.cookies)
        if target.method == "POST":
            response = client.post(target.path, target.data)
        else:
            response = client.get(target.path)
        # A 302 would be the login or second-factor step: the session must be a full login.
        assert response.status_code == 200, (target.name, response.status_code)
        assert int(response[HEADER]) > 0
    search = next(t for t in targets if t.method == "POST")
    assert search.cookies["csrftoken"] == search.data["csrfmiddlewaretoken"]
    # Searches are by name: no digits, so never a CPR.
    assert not any(ch.isdigit() for ch in search.data["query"])


@pytest.mark.django_db
@bench_urls
def test_the_header_counts_every_query_of_the_request() -> None:
    user = UserFactory.create()
    client = login_staff(Client(), user)
    with CaptureQueriesContext(connection) as plain:
        response = client.get("/bench/reference/")
    base = int(response[HEADER])
    assert base == len(plain.captured_queries)
    with CaptureQueriesContext(connection) as more:
        response = client.get("/bench/reference/?queries=7")
    assert int(response[HEADER]) == base + 7 == len(more.captured_queries)


@pytest.mark.django_db
@bench_urls
def test_the_headers_carry_the_cpu_and_database_time_of_the_request() -> None:
    client = login_staff(Client(), UserFactory.create())
    response = client.get("/bench/reference/?queries=7")
    cpu, database = float(response[CPU_HEADER]), float(response[DB_HEADER])
    # Both are times of this request: positive, and the database part is not all of it.
    assert cpu > 0 and database > 0
    assert response[CPU_HEADER].count(".") == 1 and len(response[CPU_HEADER].split(".")[1]) == 2


@pytest.mark.django_db
@bench_urls
def test_the_reference_page_needs_a_login() -> None:
    response = Client().get("/bench/reference/")
    assert response.status_code == 302


def test_the_results_file_has_the_issues_keys(tmp_path: Path) -> None:
    results = Results(machine={"cores": 2})
    for size, rps in (("S", 100.0), ("L", 80.0)):
        results.pages.setdefault("plan page", {})[size] = PageResult(rps, 20, 40, 60, 0, 19)
        results.pages.setdefault(REFERENCE, {})[size] = PageResult(200.0, 10, 20, 30, 0, 19)
    results.pages["plan page"]["L"].cpu_ms, results.pages["plan page"]["L"].db_ms = 14.5, 3.25
    results.seed_L_s, results.report_L_s = 321.04, 0.1234
    path = tmp_path / "latest.json"
    write_results(results, path)
    data = json.loads(path.read_text())
    assert {"machine", "pages", "seed_L_s", "report_L_s"} <= data.keys()
    for size in ("S", "L"):
        assert set(PAGE_KEYS) <= data["pages"]["plan page"][size].keys()
    assert data["pages"]["plan page"]["L"]["ratio_to_reference"] == 0.4
    assert (
        data["pages"]["plan page"]["L"]["cpu_ms"],
        data["pages"]["plan page"]["L"]["db_ms"],
    ) == (
        14.5,
        3.25,
    )
    assert "ratio_to_reference" not in data["pages"][REFERENCE]["L"]
    assert data["seed_L_s"] == 321.0 and data["report_L_s"] == 0.123
    assert as_json(results) == data


def test_locust_statistics_are_summarised() -> None:
    entries = [
        {
            "num_requests": 100,
            "num_failures": 2,
            "start_time": 1000.0,
            "last_request_timestamp": 1010.0,
            "response_times": {"10": 50, "20": 45, "90": 4, "300": 1},
        }
    ]
    stats = summarise(entries)
    assert stats["rps"] == 10.0
    assert stats["errors"] == 2
    assert (stats["p50_ms"], stats["p95_ms"], stats["p99_ms"]) == (10.0, 20.0, 90.0)
    assert percentile({}, 0.5) == 0.0


def test_the_summary_names_misses() -> None:
    row = {"rps": 50.0, "p50_ms": 50, "p95_ms": 90, "p99_ms": 120, "errors": 0, "queries": 9}
    slow = {**row, "p95_ms": 150, "queries": 10, "ratio_to_reference": 0.5}
    assert report.page_misses("plan page", {"S": row, "L": {**row, "ratio_to_reference": 1}}) == []
    misses = report.page_misses("plan page", {"S": row, "L": slow})
    assert len(misses) == 4
    results = {"machine": {}, "pages": {"plan page": {"S": row, "L": slow}}, "seed_L_s": 700.0}
    text = report.render(results)
    assert "| plan page | L | 50 | 50 | 150 |" in text
    assert "seeding L: 700 s" in text


def test_the_summary_replaces_only_its_part_of_the_document(tmp_path: Path) -> None:
    document = tmp_path / "performance.md"
    document.write_text(f"before\n{report.BEGIN}\nold\n{report.END}\nafter\n")
    report.update_document(document, "new\n")
    assert document.read_text() == f"before\n{report.BEGIN}\nnew\n{report.END}\nafter\n"


def test_database_names_follow_the_base_url() -> None:
    assert database_url("postgres://postgres@127.0.0.1:5432/roret_bench", "L") == (
        "postgres://postgres@127.0.0.1:5432/roret_bench_l"
    )
    assert database_url("postgres://u:p@db:6543/x", "S") == "postgres://u:p@db:6543/x_s"
