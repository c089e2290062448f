"""Access-matrix entries for the employment pages (format: tests/access_matrix.py).

The citizen's frikort, jobs and earnings need a managing role and need-to-know; the yearly
report is an aggregate for management."""

from __future__ import annotations

import datetime

from django.utils import timezone

from roret.people.models import Citizen
from tests.access_matrix import PAGE, Route, Scope
from tests.people.factories import CitizenFactory, link

from .factories import frikort, job

MANAGE = {"caseworker", "coordinator", "team_leader"}
REPORT = {"manager", "team_leader"}


def _citizen(scope: Scope) -> Citizen:
    citizen = CitizenFactory.create()
    link(citizen, scope.department, team=scope.team)
    return citizen


def citizen(scope: Scope) -> dict[str, object]:
    return {"citizen_pk": _citizen(scope).pk}


def card(scope: Scope) -> dict[str, object]:
    made = frikort(_citizen(scope), decided_on=timezone.localdate() - datetime.timedelta(days=90))
    return {"pk": made.pk}


def a_job(scope: Scope) -> dict[str, object]:
    made = job(_citizen(scope), starts_on=timezone.localdate() - datetime.timedelta(days=90))
    return {"pk": made.pk}


ROUTES = [
    Route("employment:overview", PAGE, roles=MANAGE),
    Route("employment:citizen", PAGE, roles=MANAGE, kwargs=citizen, department_scoped=True),
    Route("employment:frikort_decide", PAGE, roles=MANAGE, kwargs=citizen, department_scoped=True),
    Route("employment:job_add", PAGE, roles=MANAGE, kwargs=citizen, department_scoped=True),
    Route("employment:frikort_check", PAGE, roles=MANAGE, kwargs=card, department_scoped=True),
    Route("employment:frikort_deactivate", PAGE, roles=MANAGE, kwargs=card, department_scoped=True),
    Route("employment:earning_add", PAGE, roles=MANAGE, kwargs=card, department_scoped=True),
    Route("employment:job_end", PAGE, roles=MANAGE, kwargs=a_job, department_scoped=True),
    Route("employment:report", PAGE, roles=REPORT),
    Route("employment:report_xlsx", PAGE, roles=REPORT),
    Route("employment:report_pdf", PAGE, roles=REPORT),
]
