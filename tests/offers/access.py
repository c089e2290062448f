"""Access-matrix entries for the offer pages (format: tests/access_matrix.py).

Referring needs a referring role; the provider's pages need the provider role and membership
of the offer's department; the outcome report needs a leading role."""

from __future__ import annotations

from tests.access_matrix import PAGE, Route, Scope

from .factories import course_run, enrolment, offer, participant, referral

REFER = {"caseworker", "coordinator", "team_leader", "outreach_worker"}
PROVIDE = {"provider_staff", "team_leader"}
OUTCOMES = {"manager", "team_leader"}


def pending_referral(scope: Scope) -> dict[str, object]:
    return {"pk": referral(offer(scope.department)).pk}


def running_enrolment(scope: Scope) -> dict[str, object]:
    return {"pk": enrolment(offer(scope.department)).pk}


def run(scope: Scope) -> dict[str, object]:
    return {"pk": course_run(offer(scope.department)).pk}


def session(scope: Scope) -> dict[str, object]:
    made = course_run(offer(scope.department))
    participant(made)
    first = made.sessions.first()
    assert first is not None
    return {"pk": first.pk}


ROUTES = [
    Route("offers:catalogue", PAGE),
    Route("offers:referral_create", PAGE, roles=REFER),
    Route("offers:referrals_sent", PAGE, roles=REFER),
    Route("offers:intake", PAGE, roles=PROVIDE),
    Route(
        "offers:referral_accept",
        PAGE,
        roles=PROVIDE,
        kwargs=pending_referral,
        department_scoped=True,
    ),
    Route(
        "offers:referral_decline",
        PAGE,
        roles=PROVIDE,
        kwargs=pending_referral,
        department_scoped=True,
    ),
    Route(
        "offers:enrolment_end",
        PAGE,
        roles=PROVIDE,
        kwargs=running_enrolment,
        department_scoped=True,
    ),
    Route("offers:course_run", PAGE, roles=PROVIDE, kwargs=run, department_scoped=True),
    Route("offers:course_run_create", PAGE, roles=PROVIDE),
    Route("offers:session_create", PAGE, roles=PROVIDE, kwargs=run, department_scoped=True),
    Route(
        "offers:participant_add",
        PAGE,
        roles=PROVIDE,
        kwargs=run,
        method="post",
        data=lambda scope: {"enrolment": ""},
        # A POST without a running enrolment is refused with a message on the run's page.
        ok=(302,),
        department_scoped=True,
    ),
    Route("offers:attendance", PAGE, roles=PROVIDE, kwargs=session, department_scoped=True),
    Route("offers:counselling", PAGE, roles=PROVIDE),
    Route("offers:report", PAGE, roles=OUTCOMES),
    Route("offers:report_xlsx", PAGE, roles=OUTCOMES),
    Route("offers:report_pdf", PAGE, roles=OUTCOMES),
]
