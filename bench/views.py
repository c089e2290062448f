"""The bare reference page: the floor against which each page's throughput is compared.

It goes through the same middleware as every page (session, login, second factor, CSRF,
CSP) and runs a fixed number of small indexed queries, the median of the measured pages'
counts (``?queries=N``), but renders no template and touches no citizen.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from roret.organisation.models import Department

MAX_QUERIES = 200


@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    try:
        queries = max(0, min(int(request.GET.get("queries", "0")), MAX_QUERIES))
    except ValueError:
        queries = 0
    # The session and the user are read by the middleware already; each query here is one
    # primary-key look-up, the cheapest kind a page does.
    names = [
        Department.objects.filter(pk=index).values_list("name", flat=True).first()
        for index in range(1, queries + 1)
    ]
    body = f"<!doctype html><html lang=da><title>Reference</title><p>{len(names)}</p></html>"
    return HttpResponse(body)
