"""Issue: the coordinated plan through the browser, and who may see it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.casework.models import LegalBasis
from roret.organisation.models import Department
from roret.plans.models import Agreement, Intervention, Plan, Rating
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .conftest import assert_no_axe_violations
from .helpers import AXE, browser_login

PASSWORD = "korrekt-hest-batteri-42"


def _save(page: Page) -> None:
    """Every form of the plan is checked with axe, filled in, before it is saved."""
    assert_no_axe_violations(AXE, page)
    page.locator("main form button[type=submit]", has_text="Gem").click()


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_builds_a_plan_that_the_linked_jobcentre_sees(
    live_server: LiveServer, page: Page, browser, axe
) -> None:
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    jobcentre = DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)
    housing = DepartmentFactory.create(name="Boligafdeling", kind=Department.Kind.HOUSING)
    basis, _created = LegalBasis.objects.get_or_create(
        law="SEL", paragraph="85", defaults={"title": "Socialpædagogisk bistand"}
    )
    citizen = CitizenFactory.create(first_name="Jonas", last_name="Bæk")
    link(citizen, social)
    coordinator = UserFactory.create(roles=["coordinator"], departments=[social], password=PASSWORD)
    jobcentre_user = UserFactory.create(
        roles=["caseworker"], departments=[jobcentre], password=PASSWORD
    )
    stranger = UserFactory.create(roles=["caseworker"], departments=[housing], password=PASSWORD)

    browser_login(page, live_server.url, coordinator, PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Se planen", exact=True).click()
    expect(page.get_by_role("link", name="Opret plan")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Opret plan").click()
    page.get_by_label("Sammendrag").fill("Bolig og arbejde")
    _save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan for Jonas Bæk")

    page.get_by_role("link", name="Tilføj mål").click()
    page.get_by_label("Målet med borgerens egne ord").fill("Jeg vil have et arbejde igen")
    page.get_by_label("Livsområde").select_option("work")
    page.get_by_label("Skala").select_option("ladder")
    _save(page)
    expect(page.get_by_role("heading", name="“Jeg vil have et arbejde igen”")).to_be_visible()

    page.get_by_role("link", name="Tilføj indsats").click()
    page.get_by_label("Hvad der gøres", exact=True).fill("Mentor i virksomhedspraktik")
    page.get_by_label("Afdeling").select_option(label="Jobcenter")
    page.get_by_label("Status").select_option("active")
    page.get_by_text("Jeg vil have et arbejde igen").click()
    _save(page)
    page.get_by_role("link", name="Tilføj indsats").click()
    page.get_by_label("Hvad der gøres", exact=True).fill("Bostøtte to gange om ugen")
    page.get_by_label("Afdeling").select_option(label="Socialafdeling myndighed")
    page.get_by_label("Lovgrundlag").select_option(label=basis.label)
    page.get_by_label("Status").select_option("active")
    _save(page)
    expect(page.get_by_role("heading", name="Jobcenter", level=3)).to_be_visible()
    expect(page.get_by_role("heading", name="Socialafdeling myndighed", level=3)).to_be_visible()

    due = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    page.get_by_role("link", name="Tilføj aftale").click()
    page.get_by_label("Næste skridt").fill("Ringe til Jobcenteret")
    page.get_by_label("Ansvarlig", exact=True).select_option("citizen")
    page.get_by_label("Frist").fill(due)
    _save(page)
    page.get_by_role("link", name="Tilføj aftale").click()
    page.get_by_label("Næste skridt").fill("Finde en praktikplads")
    page.get_by_label("Ansvarlig", exact=True).select_option("staff")
    page.get_by_label("Den ansvarliges navn").fill("Mentor Lis")
    page.get_by_label("Frist").fill(due)
    _save(page)

    page.get_by_role("link", name="Vurdér fremskridt").click()
    page.get_by_label("Vurdering").select_option("4")
    page.get_by_label("Vurderet af").select_option("citizen")
    _save(page)
    expect(page.get_by_text("Seneste vurdering: 4")).to_be_visible()

    page.get_by_label("Status for Ringe til Jobcenteret").select_option("kept")
    page.get_by_label("Borgeren holdt den selv").check()
    page.locator("form", has=page.get_by_label("Status for Ringe til Jobcenteret")).get_by_role(
        "button", name="Gem"
    ).click()
    expect(page.get_by_text("Der er fulgt op på aftalen.")).to_be_visible()
    expect(page.locator("table", has_text="Holdt selv")).to_contain_text("100 %")
    assert_no_axe_violations(axe, page)
    plan_url = page.url

    plan = Plan.objects.get(citizen=citizen, is_current=True)
    assert plan.coordinator == coordinator
    assert Intervention.objects.filter(plan=plan, status="active").count() == 2
    assert Agreement.objects.filter(plan=plan).count() == 2
    assert Rating.objects.get(goal__plan=plan).value == 4

    linked = browser.new_context(locale="da-DK").new_page()
    browser_login(linked, live_server.url, jobcentre_user, PASSWORD)
    linked.goto(plan_url)
    expect(linked.get_by_role("heading", level=1)).to_have_text("Plan for Jonas Bæk")
    expect(
        linked.get_by_role("cell", name="Mentor i virksomhedspraktik", exact=True)
    ).to_be_visible()
    assert_no_axe_violations(axe, linked)

    other = browser.new_context(locale="da-DK").new_page()
    browser_login(other, live_server.url, stranger, PASSWORD)
    response = other.goto(plan_url)
    assert response is not None and response.status == 404
    assert_no_axe_violations(axe, other)
