"""Counts the SQL queries of each request and returns the number in a response header.

A database execute wrapper counts every statement the request sends, as the server really
runs them (DEBUG is off, so ``connection.queries`` is not kept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute: Callable[..., Any], *args: Any) -> Any:
            nonlocal count
            count += 1
            return execute(*args)

        connection = connections["default"]
        with connection.execute_wrapper(counter):
            # Django renders a TemplateResponse and saves the session inside this call.
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
