"""Issue: outreach — an anonymous contact, identified later, raised into fast track (Must
show 1)."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.casework.models import Application
from roret.outreach.models import AnonymousPerson, Contact
from tests.casework.factories import application
from tests.factories import AreaFactory, DepartmentFactory, TeamFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .conftest import assert_no_axe_violations
from .helpers import browser_login, open_menu

PASSWORD = "korrekt-hest-batteri-42"


def _save(page: Page) -> None:
    page.locator("main form button[type=submit]", has_text="Gem").click()


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_contact_is_identified_and_raised_into_fast_track(
    live_server: LiveServer, page: Page, browser: Browser, axe: Axe
) -> None:
    today = timezone.localdate()
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    provider = DepartmentFactory.create(name="Socialafdeling udfører", kind="social_provider")
    adults = TeamFactory.create(department=social, name="Voksenteamet")
    AreaFactory.create(name="Skovparken")
    outreach = UserFactory.create(
        roles=["outreach_worker"], departments=[provider], password=PASSWORD
    )
    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[social], teams=[adults], password=PASSWORD
    )
    leader = UserFactory.create(
        roles=["team_leader"], departments=[social], teams=[adults], password=PASSWORD
    )
    # Registered earlier by the provider department, never helped: not yet in social's view.
    citizen = CitizenFactory.create(first_name="Karina", last_name="Mølgaard")
    link(citizen, provider)
    # The caseworker's queue already holds an application with an earlier deadline.
    earlier = application(
        adults, caseworker=caseworker, deadline=today + datetime.timedelta(days=2)
    )

    # The outreach worker meets someone who does not want to give their name.
    browser_login(page, live_server.url, outreach, PASSWORD)
    page.get_by_role("link", name="Opsøgende arbejde").click()
    expect(page.get_by_role("link", name="Ny kontakt med en anonym person")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Ny kontakt med en anonym person").click()
    page.get_by_label("Alias").fill("Kasketten")
    page.get_by_label("Kort beskrivelse").fill("Kvinde omkring 40, ofte ved kiosken")
    page.get_by_label("Område").select_option(label="Skovparken")
    page.get_by_label("Sted eller form").select_option("street")
    page.get_by_label("Bolig", exact=True).check()
    page.get_by_label("Økonomi", exact=True).check()
    page.get_by_label("Næste skridt").fill("Hjælp til at søge bostøtte")
    assert_no_axe_violations(axe, page)
    _save(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kontakt den")
    expect(page.get_by_text("Kasketten")).to_be_visible()
    person = AnonymousPerson.objects.get()
    assert person.citizen_id is None and Contact.objects.get().citizen_id is None
    assert_no_axe_violations(axe, page)

    # Later she tells who she is: the worker identifies her through the citizen search.
    page.get_by_role("link", name="Identificér personen").click()
    page.get_by_label("CPR-nummer eller navn").fill("Karina Mølgaard")
    page.get_by_role("button", name="Søg").click()
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Identificér som Karina Mølgaard").click()

    # The earlier contact is on the citizen's overview.
    expect(page.get_by_role("heading", level=1)).to_have_text("Karina Mølgaard")
    section = page.locator("section", has=page.get_by_role("heading", name="Opsøgende kontakter"))
    expect(section.get_by_text("mødt anonymt")).to_be_visible()
    expect(section.get_by_text("Skovparken").first).to_be_visible()
    assert_no_axe_violations(axe, page)

    # From the contact: an application with fast track, prefilled from the contact.
    section.locator("tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("link", name="Rejs ansøgning med grøn bølge")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Rejs ansøgning med grøn bølge").click()
    expect(page.get_by_label("Ansøgt om")).to_have_value(
        "Bolig, Økonomi; Hjælp til at søge bostøtte"
    )
    page.get_by_label("Lovgrundlag").select_option(label="SEL § 85")
    page.get_by_label("Ansvarligt team").select_option(
        label="Voksenteamet (Socialafdeling myndighed)"
    )
    assert_no_axe_violations(axe, page)
    _save(page)
    expect(page.get_by_text("venter på at blive registreret")).to_be_visible()
    assert_no_axe_violations(axe, page)

    # The caseworker registers it from the requests; the team leader approves fast track.
    worker_page = browser.new_context(locale="da-DK").new_page()
    browser_login(worker_page, live_server.url, caseworker, PASSWORD)
    open_menu(worker_page, "Anmodninger fra opsøgende")
    assert_no_axe_violations(axe, worker_page)
    worker_page.get_by_role("button", name="Registrér ansøgningen for Karina Mølgaard").click()
    expect(worker_page.get_by_text("Afventer teamleder")).to_be_visible()
    assert_no_axe_violations(axe, worker_page)
    registered = Application.objects.get(citizen=citizen)
    assert registered.channel == Application.Channel.OUTREACH

    leader_page = browser.new_context(locale="da-DK").new_page()
    browser_login(leader_page, live_server.url, leader, PASSWORD)
    leader_page.goto(f"{live_server.url}/sager/ansoegning/{registered.pk}/")
    expect(leader_page.get_by_role("button", name="Godkend grøn bølge")).to_be_visible()
    assert_no_axe_violations(axe, leader_page)
    leader_page.get_by_role("button", name="Godkend grøn bølge").click()
    expect(leader_page.get_by_text("Grøn bølge er godkendt.")).to_be_visible()
    assert_no_axe_violations(axe, leader_page)

    # Top of the caseworker's queue, before the application with the earlier deadline.
    worker_page.get_by_role("link", name="Ansøgninger", exact=True).click()
    rows = worker_page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Karina Mølgaard")
    expect(rows.nth(0)).to_contain_text("Grøn bølge")
    expect(rows.nth(1)).to_contain_text(earlier.citizen.full_name)
    assert_no_axe_violations(axe, worker_page)


@pytest.mark.django_db(transaction=True)
def test_the_manager_sees_load_against_capacity_and_moves_a_worker(
    live_server: LiveServer, page: Page, axe: Axe
) -> None:
    from roret.outreach.models import CaseloadEntry, OutreachWorker

    provider = DepartmentFactory.create(name="Socialafdeling udfører", kind="social_provider")
    north, south = AreaFactory.create(name="Nordbakken"), AreaFactory.create(name="Skovparken")
    manager = UserFactory.create(
        roles=["manager", "team_leader"], departments=[provider], password=PASSWORD
    )
    busy = UserFactory.create(
        roles=["outreach_worker"], departments=[provider], first_name="Ida", last_name="Lund"
    )
    OutreachWorker.objects.create(user=busy, area=north, capacity=2)
    for _ in range(3):
        CaseloadEntry.objects.create(
            worker=busy,
            department=provider,
            area=north,
            citizen=CitizenFactory.create(),
            starts_on=timezone.localdate(),
            created_by=busy,
        )

    browser_login(page, live_server.url, manager, PASSWORD)
    open_menu(page, "Opsøgende områder")
    workers = page.locator("#workers tbody tr", has_text="Ida Lund")
    expect(workers).to_contain_text("150")
    expect(workers).to_contain_text("over kapacitet")
    assert_no_axe_violations(axe, page)

    workers.get_by_role("link", name="Ida Lund").click()
    page.get_by_label("Område").select_option(label="Skovparken")
    page.get_by_label("Kapacitet (personer eller familier om året)").fill("4")
    assert_no_axe_violations(axe, page)
    _save(page)
    expect(page.get_by_text("Medarbejderens område og kapacitet er gemt.")).to_be_visible()
    workers = page.locator("#workers tbody tr", has_text="Ida Lund")
    expect(workers).to_contain_text("Skovparken")
    expect(workers).not_to_contain_text("over kapacitet")
    assert OutreachWorker.objects.get(user=busy).area == south

    page.get_by_role("link", name="Rapport om opsøgende arbejde").click()
    expect(page.get_by_role("heading", name="Kontakter pr. område og måned")).to_be_visible()
    assert_no_axe_violations(axe, page)
    open_menu(page, "Opsøgende områder")
    page.get_by_role("link", name="Teamets forløb").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamets forløb")
    assert_no_axe_violations(axe, page)
