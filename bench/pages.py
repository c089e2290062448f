"""The pages the benchmark measures. Adding a page is one entry in ``PAGES``.

A page has a name (the key in ``bench/results/latest.json``), the seeded staff user who
opens it, and a function that, given that user, returns the path to load (it may look up a
citizen or a plan the user is allowed to see). A POST page (the citizen search: a CPR never
travels in a URL, so search is a form post) also gives the form data; the harness adds the
CSRF token. Searches are by name, never by CPR.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from bench.record import REFERENCE
from roret.accounts.models import User
from roret.people.access import citizens_visible_to
from roret.people.models import Citizen
from roret.plans.models import Goal, Plan


@dataclass(frozen=True)
class Page:
    name: str
    username: str
    path: Callable[[User], str]
    method: str = "GET"
    data: Callable[[User], dict[str, str]] = field(default=lambda user: {})


def _first_visible_citizen(user: User) -> Citizen:
    citizen = citizens_visible_to(user).order_by("id").first()
    if citizen is None:
        raise LookupError(f"{user.username} sees no citizen")
    return citizen


def citizen_overview(user: User) -> str:
    return reverse("people:citizen_detail", args=[_first_visible_citizen(user).pk])


def citizen_search_data(user: User) -> dict[str, str]:
    # A surname, as staff type it: at L it matches many citizens and the page shows the first.
    return {"query": _first_visible_citizen(user).last_name}


def current_plan(user: User) -> str:
    visible = citizens_visible_to(user).values("pk")
    plan = (
        Plan.objects.filter(citizen__in=visible, is_current=True, coordinator=user)
        .order_by("id")
        .first()
    ) or Plan.objects.filter(citizen__in=visible, is_current=True).order_by("id").first()
    if plan is None:
        raise LookupError(f"{user.username} sees no plan")
    return reverse("plans:plan_detail", args=[plan.pk])


def goal_edit(user: User) -> str:
    plan_url = current_plan(user)
    plan_id = int(plan_url.rstrip("/").rsplit("/", 1)[-1])
    goal = Goal.objects.filter(plan_id=plan_id).order_by("id").first()
    if goal is None:
        raise LookupError(f"{user.username}'s plan has no goal")
    return reverse("plans:goal_edit", args=[plan_id, goal.pk])


def appointment_edit(user: User) -> str:
    from roret.journal.models import Appointment

    visible = citizens_visible_to(user).values("pk")
    meeting = (
        Appointment.objects.filter(
            citizen__in=visible, department__in=user.departments.all(), cancelled_at__isnull=True
        )
        .order_by("id")
        .first()
    )
    if meeting is None:
        raise LookupError(f"{user.username} has booked no meeting")
    return reverse("journal:appointment_edit", args=[meeting.pk])


def course_attendance(user: User) -> str:
    from roret.offers.models import CourseSession

    session = (
        CourseSession.objects.filter(
            course_run__offer__department__in=user.departments.all(),
            course_run__participants__isnull=False,
        )
        .order_by("-date", "id")
        .first()
    )
    if session is None:
        raise LookupError(f"{user.username} runs no course session with participants")
    return reverse("offers:attendance", args=[session.pk])


def frikort_holder(user: User) -> str:
    from roret.employment.models import Frikort

    visible = citizens_visible_to(user).values("pk")
    card = (
        Frikort.objects.filter(citizen__in=visible, earnings__isnull=False).order_by("id").first()
    )
    if card is None:
        raise LookupError(f"{user.username} sees no frikort holder")
    return reverse("employment:citizen", args=[card.citizen_id])


def named(url_name: str, query: str = "") -> Callable[[User], str]:
    return lambda user: reverse(url_name) + (f"?{query}" if query else "")


def citizen_access_log(user: User) -> str:
    return reverse("people:citizen_access_log", args=[_first_visible_citizen(user).pk])


PAGES: list[Page] = [
    Page("home of a caseworker", "sagsbehandler", named("home")),
    Page("home of a team leader", "teamleder", named("home")),
    Page("home of a coordinator", "koordinator", named("home")),
    Page("home of a manager", "leder", named("home")),
    Page("citizen overview", "sagsbehandler", citizen_overview),
    Page(
        "citizen search",
        "sagsbehandler",
        named("people:citizen_search"),
        method="POST",
        data=citizen_search_data,
    ),
    Page("application queue", "sagsbehandler", named("casework:my_queue")),
    Page("team application queue", "sagsbehandler", named("casework:team_queue")),
    # A later page of a filtered list: the same count and one page of rows, further in.
    Page(
        "team application queue, page 3 of all",
        "sagsbehandler",
        named("casework:team_queue", "status=all&page=3"),
    ),
    Page("citizen access log", "sagsbehandler", citizen_access_log),
    Page("referrals sent", "jobcenter", named("offers:referrals_sent")),
    Page("outreach referral inbox", "sagsbehandler", named("outreach:referral_inbox")),
    Page("plan page", "koordinator", current_plan),
    Page("goal edit form", "koordinator", goal_edit),
    Page("follow-up view", "koordinator", named("plans:follow_up")),
    Page("meeting edit form", "koordinator", appointment_edit),
    Page("processing-time report", "leder", named("casework:report")),
    Page("intake queue", "bostotte", named("offers:intake")),
    Page("course attendance", "bostotte", course_attendance),
    Page("offer outcome report", "leder", named("offers:report")),
    Page("frikort of a citizen", "jobcenter", frikort_holder),
    Page("frikort checks and warnings", "jobcenter", named("employment:overview")),
    Page("frikort and KLAP report", "leder", named("employment:report")),
    Page("outreach worker page", "opsoger", named("outreach:contact_list")),
    Page("fast track awaiting approval", "teamleder", named("casework:fast_track_pending")),
    Page("outreach area overview", "leder", named("outreach:area_overview")),
    Page("outreach report", "leder", named("outreach:report")),
]

# Measured with the pages, never part of the product: see bench/views.py.
REFERENCE_PAGE = Page(REFERENCE, "sagsbehandler", named("bench_reference"))
