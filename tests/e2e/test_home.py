"""Issue 17: "Mit overblik" shows each role the day's work, each block leading to its full
list, and the team leader approves a fast-track request from the home page."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.accounts.models import User
from roret.casework.models import Application, FastTrackRequest
from roret.organisation.models import Team
from roret.people.models import Citizen
from tests.casework.factories import application, pending_request
from tests.factories import DepartmentFactory, TeamFactory, UserFactory
from tests.offers.factories import course_run, offer, referral
from tests.outreach.factories import contact
from tests.people.factories import CitizenFactory, link
from tests.plans.factories import agreement, plan_for

from .conftest import assert_no_axe_violations
from .helpers import browser_login, open_menu

PASSWORD = "korrekt-hest-batteri-42"
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _citizen(team: Team, first: str, last: str) -> Citizen:
    citizen = CitizenFactory.create(first_name=first, last_name=last)
    link(citizen, team.department, team=team)
    return citizen


def _caseworker(team: Team, user: User) -> None:
    application(
        team, citizen=_citizen(team, "Karina", "Mølgaard"), caseworker=user, deadline=TODAY - DAY
    )


def _coordinator(team: Team, user: User) -> None:
    plan = plan_for(_citizen(team, "Bent", "Søgaard"), department=team.department, coordinator=user)
    agreement(plan, due_on=TODAY - 2 * DAY, description="Ringe til boligselskabet")


def _outreach_worker(team: Team, user: User) -> None:
    contact(user, citizen=_citizen(team, "Lone", "Thybo"), occurred_on=TODAY)


def _provider_staff(team: Team, user: User) -> None:
    ours = offer(team.department, name="Hverdagsøkonomi")
    referral(ours, citizen=CitizenFactory.create(first_name="Ole", last_name="Krag"))
    course_run(ours, sessions=1)


def _manager(team: Team, user: User) -> None:
    application(team, received_on=TODAY)


# role, data, the block's heading, the link's text, where it leads
CASES: list[tuple[str, Callable[[Team, User], None], str, str, str, str]] = [
    (
        "caseworker",
        _caseworker,
        "Mine åbne ansøgninger",
        "Karina Mølgaard",
        "Se alle (1)",
        "casework:my_queue",
    ),
    (
        "coordinator",
        _coordinator,
        "Aftaler til opfølgning",
        "Bent Søgaard",
        "Se alle (1)",
        "plans:follow_up",
    ),
    (
        "outreach_worker",
        _outreach_worker,
        "Mine seneste kontakter",
        "Lone Thybo",
        "Se alle (1)",
        "outreach:contact_list",
    ),
    (
        "provider_staff",
        _provider_staff,
        "Henvisninger, der venter på svar",
        "Ole Krag",
        "Se alle (1)",
        "offers:intake",
    ),
    (
        "manager",
        _manager,
        "Ansøgninger denne måned",
        "Modtaget",
        "Se rapporten om sagsbehandlingstider",
        "casework:report",
    ),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("role", "make", "heading", "shown", "link", "target"), CASES)
def test_each_roles_home_shows_its_block_which_leads_to_the_list(
    live_server: LiveServer,
    page: Page,
    axe: Axe,
    role: str,
    make: Callable[[Team, User], None],
    heading: str,
    shown: str,
    link: str,
    target: str,
) -> None:
    team = TeamFactory.create(department=DepartmentFactory.create(name="Socialafdelingen"))
    user = UserFactory.create(
        roles=[role], departments=[team.department], teams=[team], password=PASSWORD
    )
    make(team, user)
    browser_login(page, live_server.url, user, PASSWORD)
    block = page.locator("main section").filter(
        has=page.get_by_role("heading", level=2, name=heading)
    )
    expect(block).to_be_visible()
    expect(block).to_contain_text(shown)
    assert_no_axe_violations(axe, page)
    block.get_by_role("link", name=link).click()
    expect(page).to_have_url(live_server.url + reverse(target))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(axe, page)


@pytest.mark.django_db(transaction=True)
def test_the_team_leader_approves_fast_track_from_the_home_page(
    live_server: LiveServer, page: Page, axe: Axe
) -> None:
    team = TeamFactory.create(department=DepartmentFactory.create(name="Socialafdelingen"))
    leader = UserFactory.create(
        roles=["team_leader"], departments=[team.department], teams=[team], password=PASSWORD
    )
    waiting = application(team, citizen=_citizen(team, "Karina", "Mølgaard"))
    request = pending_request(waiting)
    other = pending_request(application(team, citizen=_citizen(team, "Bent", "Søgaard")))
    application(team, citizen=_citizen(team, "Lone", "Thybo"), deadline=TODAY - DAY)

    browser_login(page, live_server.url, leader, PASSWORD)
    pending = page.locator("main section").filter(
        has=page.get_by_role("heading", level=2, name="Grøn bølge til godkendelse")
    )
    expect(pending.locator("tbody tr")).to_have_count(2)
    overdue = page.locator("main section").filter(
        has=page.get_by_role("heading", level=2, name="Mine teams ansøgninger over fristen")
    )
    expect(overdue).to_contain_text("Lone Thybo")
    assert_no_axe_violations(axe, page)

    pending.get_by_role("button", name="Godkend grøn bølge for Karina Mølgaard").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_text("Grøn bølge er godkendt.")).to_be_visible()
    expect(pending.locator("tbody tr")).to_have_count(1)
    expect(pending).not_to_contain_text("Karina Mølgaard")
    waiting.refresh_from_db()
    request.refresh_from_db()
    assert waiting.fast_track and request.status == FastTrackRequest.Status.APPROVED

    # The list is one click from the block and in the menu; a decision there returns there.
    pending.get_by_role("link", name="Se alle (1)").click()
    expect(page).to_have_url(live_server.url + reverse("casework:fast_track_pending"))
    page.go_back()
    open_menu(page, "Grøn bølge til godkendelse")
    expect(page).to_have_url(live_server.url + reverse("casework:fast_track_pending"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Grøn bølge til godkendelse")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Afvis grøn bølge for Bent Søgaard").click()
    expect(page).to_have_url(live_server.url + reverse("casework:fast_track_pending"))
    expect(page.get_by_text("Ingen anmodninger om grøn bølge venter på afgørelse.")).to_be_visible()
    other.refresh_from_db()
    assert other.status == FastTrackRequest.Status.REJECTED
    assert not Application.objects.get(pk=other.application_id).fast_track
