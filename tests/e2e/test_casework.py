"""Issue: fast track (grøn bølge) from the outreach worker to the caseworker's queue."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.casework.models import Application
from tests.casework.factories import application
from tests.factories import DepartmentFactory, TeamFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .conftest import assert_no_axe_violations
from .helpers import browser_login

PASSWORD = "korrekt-hest-batteri-42"


@pytest.mark.django_db(transaction=True)
def test_fast_track_from_request_to_decision(
    live_server: LiveServer, page: Page, browser: Browser, axe: Axe
) -> None:
    today = timezone.localdate()
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    provider = DepartmentFactory.create(name="Socialafdeling udfører")
    adults = TeamFactory.create(department=social, name="Voksenteamet")
    outreach_team = TeamFactory.create(department=provider, name="Opsøgende team")
    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[social], teams=[adults], password=PASSWORD
    )
    leader = UserFactory.create(
        roles=["team_leader"], departments=[social], teams=[adults], password=PASSWORD
    )
    outreach = UserFactory.create(
        roles=["outreach_worker"],
        departments=[provider],
        teams=[outreach_team],
        password=PASSWORD,
    )
    citizen = CitizenFactory.create(first_name="Karina", last_name="Mølgaard")
    link(citizen, social, team=adults)
    link(citizen, provider, team=outreach_team)
    earlier = application(
        adults, caseworker=caseworker, deadline=today + datetime.timedelta(days=3)
    )
    bostotte = application(
        adults,
        citizen=citizen,
        caseworker=caseworker,
        deadline=today + datetime.timedelta(days=40),
    )

    browser_login(page, live_server.url, outreach, PASSWORD)
    page.goto(f"{live_server.url}/sager/borger/{citizen.pk}/")
    expect(page.get_by_role("link", name="SEL § 85")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="SEL § 85").click()
    expect(page.get_by_role("link", name="Anmod om grøn bølge")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Anmod om grøn bølge").click()
    page.get_by_label("Hvorfor skal ansøgningen på grøn bølge?").fill(
        "Kendt af det opsøgende team; har aldrig fået hjælp før."
    )
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Afventer teamleder")).to_be_visible()
    assert_no_axe_violations(axe, page)

    leader_page = browser.new_context(locale="da-DK").new_page()
    browser_login(leader_page, live_server.url, leader, PASSWORD)
    leader_page.goto(f"{live_server.url}/sager/ansoegning/{bostotte.pk}/")
    expect(leader_page.get_by_role("button", name="Godkend grøn bølge")).to_be_visible()
    assert_no_axe_violations(axe, leader_page)
    leader_page.get_by_role("button", name="Godkend grøn bølge").click()
    expect(leader_page.get_by_text("Grøn bølge er godkendt.")).to_be_visible()
    assert_no_axe_violations(axe, leader_page)

    worker_page = browser.new_context(locale="da-DK").new_page()
    browser_login(worker_page, live_server.url, caseworker, PASSWORD)
    worker_page.get_by_role("link", name="Ansøgninger").first.click()
    rows = worker_page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Karina Mølgaard")
    expect(rows.nth(0)).to_contain_text("Grøn bølge")
    expect(rows.nth(1)).to_contain_text(earlier.citizen.full_name)
    assert_no_axe_violations(axe, worker_page)

    rows.nth(0).get_by_role("link", name="Karina Mølgaard").click()
    expect(worker_page.get_by_role("link", name="Registrér afgørelsen")).to_be_visible()
    assert_no_axe_violations(axe, worker_page)
    worker_page.get_by_role("link", name="Registrér afgørelsen").click()
    worker_page.get_by_label("Udfald").select_option("granted")
    assert_no_axe_violations(axe, worker_page)
    worker_page.get_by_label("Afgørelse", exact=True).fill("Bevilget bostøtte 3 timer om ugen.")
    worker_page.get_by_role("button", name="Gem").click()
    expect(worker_page.get_by_text("Afgørelsen er registreret.")).to_be_visible()
    assert_no_axe_violations(axe, worker_page)

    bostotte.refresh_from_db()
    assert (bostotte.status, bostotte.decided_on, bostotte.fast_track) == (
        Application.Status.GRANTED,
        today,
        True,
    )
    worker_page.get_by_role("link", name="Ansøgninger").first.click()
    expect(worker_page.locator("main table tbody tr")).to_have_count(1)
    expect(worker_page.get_by_text("Karina Mølgaard")).to_have_count(0)
    assert_no_axe_violations(axe, worker_page)
