"""The key staff pages run the same number of queries at seed size S and at size M, and at M
need-to-know through the links index gives exactly the citizens its definition names.

Each module's own tests grow its data a little; this test uses the real generator, so the
pages meet the volume and variety of a municipality ("Queue and report pages run the same
number of queries at seed size S and M").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.pages import appointment_edit
from roret.accounts.models import User
from roret.casework.models import Application
from roret.offers.models import CourseSession
from roret.people.access import citizens_visible_to
from roret.people.models import CONSENT_LINK, CitizenLink, Consent
from roret.plans.models import Agreement, Goal, Plan
from roret.seed.runner import run_seed
from tests.factories import login_staff

Page = tuple[str, str, Callable[[User], str]]


def _visible_citizen_url(user: User) -> str:
    citizen = citizens_visible_to(user).order_by("id").first()
    assert citizen is not None
    return reverse("people:citizen_detail", args=[citizen.pk])


def _access_log_url(user: User) -> str:
    citizen = citizens_visible_to(user).order_by("id").first()
    assert citizen is not None
    return reverse("people:citizen_access_log", args=[citizen.pk])


def _plan_url(user: User) -> str:
    visible = citizens_visible_to(user).values("pk")
    plan = Plan.objects.filter(citizen__in=visible, is_current=True).order_by("id").first()
    assert plan is not None
    return reverse("plans:plan_detail", args=[plan.pk])


def _goal_edit_url(user: User) -> str:
    visible = citizens_visible_to(user).values("pk")
    goal = (
        Goal.objects.filter(plan__citizen__in=visible, plan__is_current=True).order_by("id").first()
    )
    assert goal is not None
    return reverse("plans:goal_edit", args=[goal.plan_id, goal.pk])


def _attendance_url(user: User) -> str:
    session = (
        CourseSession.objects.filter(
            course_run__offer__department__in=user.departments.all(),
            course_run__participants__isnull=False,
        )
        .order_by("-date", "id")
        .first()
    )
    assert session is not None
    return reverse("offers:attendance", args=[session.pk])


def _frikort_holder_url(user: User) -> str:
    from roret.employment.models import Frikort

    visible = citizens_visible_to(user).values("pk")
    card = (
        Frikort.objects.filter(citizen__in=visible, earnings__isnull=False).order_by("id").first()
    )
    assert card is not None
    return reverse("employment:citizen", args=[card.citizen_id])


HOME_USERS = ("sagsbehandler", "teamleder", "koordinator", "opsoger", "bostotte", "leder")
PAGES: list[Page] = [
    *[
        (f"home of {username}", username, lambda user: reverse("home"))
        for username in (
            "sagsbehandler",
            "teamleder",
            "koordinator",
            "opsoger",
            "bostotte",
            "leder",
        )
    ],
    ("citizen overview", "sagsbehandler", _visible_citizen_url),
    ("my applications", "sagsbehandler", lambda user: reverse("casework:my_queue")),
    ("team applications", "sagsbehandler", lambda user: reverse("casework:team_queue")),
    ("fast track awaiting approval", "teamleder", lambda u: reverse("casework:fast_track_pending")),
    (
        "team applications, page 2 of all",
        "sagsbehandler",
        lambda user: reverse("casework:team_queue") + "?status=all&page=2",
    ),
    ("citizen access log", "sagsbehandler", _access_log_url),
    ("referrals sent", "jobcenter", lambda user: reverse("offers:referrals_sent")),
    ("outreach referral inbox", "sagsbehandler", lambda user: reverse("outreach:referral_inbox")),
    ("processing-time report", "leder", lambda user: reverse("casework:report")),
    ("plan page", "koordinator", _plan_url),
    ("goal edit form", "koordinator", _goal_edit_url),
    ("follow-up", "koordinator", lambda user: reverse("plans:follow_up")),
    ("meeting edit form", "koordinator", appointment_edit),
    ("offer intake queue", "bostotte", lambda user: reverse("offers:intake")),
    ("course attendance", "bostotte", _attendance_url),
    ("offer outcome report", "leder", lambda user: reverse("offers:report")),
    ("frikort and jobs of a citizen", "jobcenter", _frikort_holder_url),
    ("frikort checks and warnings", "jobcenter", lambda user: reverse("employment:overview")),
    ("frikort and KLAP report", "leder", lambda user: reverse("employment:report")),
    ("outreach area overview", "leder", lambda user: reverse("outreach:area_overview")),
    ("outreach worker page", "opsoger", lambda user: reverse("outreach:contact_list")),
    ("outreach report", "leder", lambda user: reverse("outreach:report")),
]


# The report pages' exact counts: the reports aggregate in SQL and read their ended months
# kept (roret.core.kept), whatever the volume.
REPORT_QUERIES = {
    "processing-time report": 10,
    "offer outcome report": 14,
    "frikort and KLAP report": 9,
    "outreach report": 15,
}


# The exact query count of each page at both sizes (the session, the user with their
# memberships, the page's own reads and its access-log entry).
PINNED: dict[str, int] = {
    "home of sagsbehandler": 7,
    "home of teamleder": 11,
    "home of koordinator": 7,
    "home of opsoger": 9,
    "home of bostotte": 8,
    "home of leder": 8,
    "citizen overview": 17,
    "my applications": 9,
    "team applications": 11,
    "fast track awaiting approval": 7,
    "team applications, page 2 of all": 11,
    "citizen access log": 8,
    "referrals sent": 8,
    "outreach referral inbox": 10,
    "processing-time report": 10,
    "plan page": 16,
    "goal edit form": 9,
    "follow-up": 11,
    "meeting edit form": 13,
    "offer intake queue": 14,
    "course attendance": 10,
    "offer outcome report": 14,
    "frikort and jobs of a citizen": 11,
    "frikort checks and warnings": 10,
    "frikort and KLAP report": 9,
    "outreach area overview": 10,
    "outreach worker page": 12,
    "outreach report": 15,
}


def _query_counts() -> dict[str, int]:
    counts = {}
    for name, username, url_for in PAGES:
        user = User.objects.get(username=username)
        client = login_staff(Client(), user)
        url = url_for(user)
        # A report's first read after the data was loaded keeps its ended months; the
        # counts are those of every read after it.
        assert client.get(url).status_code == 200, name
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries.captured_queries)
    return counts


def _visible_by_definition(user: User, day: datetime.date) -> set[int]:
    """Need-to-know as it was defined before links carried consents, computed in Python over
    every row: a case link (not a consent's) to one of the user's departments or teams valid
    on ``day``, or a consent to one of the user's departments valid on it and not revoked by
    then (a consent revoked later was in force that day)."""
    departments, teams = set(user.department_ids), set(user.team_ids)
    seen = {
        link.citizen_id
        for link in CitizenLink.objects.exclude(source_type=CONSENT_LINK)
        if (link.department_id in departments or link.team_id in teams)
        and link.starts_on <= day
        and (link.ends_on is None or link.ends_on >= day)
    }
    seen |= {
        consent.citizen_id
        for consent in Consent.objects.all()
        if consent.department_id in departments
        and (consent.revoked_at is None or timezone.localdate(consent.revoked_at) > day)
        and consent.valid_from <= day
        and (consent.valid_to is None or consent.valid_to >= day)
    }
    return seen


def _assert_need_to_know_matches_its_definition() -> None:
    today = timezone.localdate()
    for username in ("sagsbehandler", "koordinator", "bostotte", "jobcenter", "opsoger"):
        user = User.objects.get(username=username)
        for day in (today, today - datetime.timedelta(days=400)):
            through_index = set(citizens_visible_to(user, day=day).values_list("pk", flat=True))
            assert through_index == _visible_by_definition(user, day), (username, day)
            if day == today:
                assert through_index, username


def _volume() -> tuple[int, int, int]:
    caseworker = User.objects.get(username="sagsbehandler")
    coordinator = User.objects.get(username="koordinator")
    return (
        citizens_visible_to(caseworker).count(),
        Application.objects.filter(team__in=caseworker.teams.all()).count(),
        Agreement.objects.filter(plan__coordinator=coordinator).count(),
    )


@pytest.mark.django_db
def test_key_pages_run_the_same_number_of_queries_at_size_s_and_m() -> None:
    run_seed(size="S", seed=11, show_progress=False)
    at_s, volume_s = _query_counts(), _volume()
    # --force adds a size-M population on top, with the same demo users and organisation.
    run_seed(size="M", seed=12, force=True, show_progress=False)
    at_m, volume_m = _query_counts(), _volume()
    assert {name: at_s[name] for name in REPORT_QUERIES} == REPORT_QUERIES
    # The pages really have more to show...
    assert all(m > s for m, s in zip(volume_m, volume_s, strict=True)), (volume_s, volume_m)
    # ...with the same number of queries.
    assert at_m == at_s
    # ...and exactly as many as pinned, so a constant regression fails too.
    assert at_s == PINNED
    # And who sees whom is what the definition says, for several roles, today and earlier.
    _assert_need_to_know_matches_its_definition()
