"""Access-matrix entries for the drop-in pages (format: tests/access_matrix.py).

Provider staff of the owning department count and correct; its managers and team leaders
read the statistics; another department's staff get 404.
"""

from __future__ import annotations

import uuid

from roret.dropin.models import Category
from tests.access_matrix import PAGE, Route, Scope

from .factories import site_with_categories

COUNTERS = {"provider_staff"}
READERS = {"manager", "team_leader"}


def site(scope: Scope) -> dict[str, object]:
    return {"pk": site_with_categories(scope.department).pk}


def _tap(scope: Scope) -> dict[str, object]:
    # The kwargs builder runs first: its site is the newest in the department.
    category = Category.objects.filter(site__department=scope.department).latest("pk")
    return {"category": category.pk, "token": str(uuid.uuid4()), "delta": "1"}


ROUTES = [
    Route("dropin:site_list", PAGE, roles=COUNTERS | READERS),
    Route("dropin:counter", PAGE, roles=COUNTERS, kwargs=site, department_scoped=True),
    Route(
        "dropin:tap",
        PAGE,
        roles=COUNTERS,
        kwargs=site,
        method="post",
        data=_tap,
        ok=(302,),
        department_scoped=True,
    ),
    Route("dropin:corrections", PAGE, roles=COUNTERS, kwargs=site, department_scoped=True),
    Route("dropin:statistics", PAGE, roles=READERS, kwargs=site, department_scoped=True),
    Route("dropin:statistics_xlsx", PAGE, roles=READERS, kwargs=site, department_scoped=True),
    Route("dropin:statistics_pdf", PAGE, roles=READERS, kwargs=site, department_scoped=True),
    Route("dropin:staffing", PAGE, roles=READERS, kwargs=site, department_scoped=True),
]
