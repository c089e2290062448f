"""Counts the SQL queries of each request and measures its cost, in response headers.

A database execute wrapper counts every statement the request sends, as the server really
runs them (DEBUG is off, so ``connection.queries`` is not kept), and adds up the time each
statement takes from send to result (PostgreSQL's work plus the local round trip).
``time.thread_time`` around the request is the worker's own CPU time for it: unlike wall
time, it does not grow when other requests share the cores, so it stays comparable across
runs on a noisy machine. The two together are the CPU budget of docs/performance.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

HEADER = "X-Bench-Queries"
CPU_HEADER = "X-Bench-CPU-ms"
DB_HEADER = "X-Bench-DB-ms"


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0
        database = 0.0

        def counter(execute: Callable[..., Any], *args: Any) -> Any:
            nonlocal count, database
            count += 1
            started = time.perf_counter()
            try:
                return execute(*args)
            finally:
                database += time.perf_counter() - started

        connection = connections["default"]
        cpu_started = time.thread_time()
        with connection.execute_wrapper(counter):
            # Django renders a TemplateResponse and saves the session inside this call.
            response = self.get_response(request)
        cpu = time.thread_time() - cpu_started
        response[HEADER] = str(count)
        response[CPU_HEADER] = f"{cpu * 1000:.2f}"
        response[DB_HEADER] = f"{database * 1000:.2f}"
        return response
