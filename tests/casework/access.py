"""Access-matrix entries for casework (format: tests/access_matrix.py).

Applications follow the citizen's need-to-know; handling them needs the caseworker or team
leader role, asking for fast track the outreach worker or coordinator role, approving it the
team leader role; the report is for management; the published processing times are public.
"""

from __future__ import annotations

from typing import Any

from tests.access_matrix import PAGE, PUBLIC, Builder, Route, Scope
from tests.people.factories import CitizenFactory, link

from .factories import application, pending_request

HANDLERS = {"caseworker", "team_leader"}
REQUESTERS = {"outreach_worker", "coordinator"}
READERS = HANDLERS | REQUESTERS
MANAGEMENT = {"manager", "team_leader"}


def citizen(scope: Scope) -> dict[str, object]:
    linked = CitizenFactory.create()
    link(linked, scope.department, team=scope.team)
    return {"pk": linked.pk}


def app(scope: Scope) -> dict[str, object]:
    return {"pk": application(scope.team).pk}


def app_with_request(scope: Scope) -> dict[str, object]:
    made = application(scope.team)
    return {"pk": made.pk, "request_pk": pending_request(made).pk}


def _scoped(name: str, roles: set[str], kwargs: Builder = app, **extra: Any) -> Route:
    return Route(name, PAGE, roles=roles, kwargs=kwargs, department_scoped=True, **extra)


ROUTES = [
    Route("casework:my_queue", PAGE, roles=READERS),
    Route("casework:team_queue", PAGE, roles=READERS),
    Route("casework:fast_track_pending", PAGE, roles={"team_leader"}),
    _scoped("casework:citizen_applications", READERS, kwargs=citizen),
    _scoped("casework:application_create", HANDLERS, kwargs=citizen),
    _scoped("casework:application_detail", READERS),
    _scoped("casework:application_assess", HANDLERS, method="post", ok=(302,)),
    _scoped("casework:application_decide", HANDLERS),
    _scoped("casework:application_notice", HANDLERS),
    _scoped("casework:fast_track_request", REQUESTERS),
    _scoped(
        "casework:fast_track_decide",
        {"team_leader"},
        kwargs=app_with_request,
        method="post",
        data=lambda scope: {"decision": "approve"},
        ok=(302,),
    ),
    Route("casework:report", PAGE, roles=MANAGEMENT),
    Route("casework:report_xlsx", PAGE, roles=MANAGEMENT),
    Route("casework:report_pdf", PAGE, roles=MANAGEMENT),
    Route("processing_times", PUBLIC),
]
