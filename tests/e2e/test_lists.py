"""Issue 17: long lists are paged, not cut. A caseworker pages through a queue of more than
100 applications and filters it; the URL carries the page and the filters, so following
"Næste", changing the page size and reloading keep them. The provider's intake page pages
its lists the same way. axe reports no violations on the paged and filtered pages."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.casework.factories import application, basis
from tests.factories import DepartmentFactory, TeamFactory, UserFactory
from tests.offers.factories import offer, referral

from .conftest import assert_no_axe_violations
from .helpers import browser_login

PASSWORD = "korrekt-hest-batteri-42"


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


@pytest.mark.django_db(transaction=True)
def test_a_long_queue_is_paged_and_filtered_and_the_url_keeps_both(
    live_server: LiveServer, page: Page, axe: Axe
) -> None:
    today = timezone.localdate()
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    adults = TeamFactory.create(department=social, name="Voksenteamet")
    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[social], teams=[adults], password=PASSWORD
    )
    for i in range(130):
        application(
            adults,
            caseworker=caseworker,
            paragraph=("85", "107")[i % 2],
            deadline=today + datetime.timedelta(days=i),
        )
    shelter = basis("107")

    browser_login(page, live_server.url, caseworker, PASSWORD)
    page.goto(live_server.url + reverse("casework:my_queue"))
    status = page.get_by_role("status").filter(has_text="Viser")
    expect(status).to_have_text("Viser 1–50 af 130")
    expect(page.locator("main table tbody tr")).to_have_count(50)
    pages = page.get_by_role("navigation", name="Sider: Ansøgninger")
    expect(pages.get_by_role("link", name="Side 3")).to_be_visible()
    assert_no_axe_violations(axe, page)

    # Filter: the §107 applications only.
    page.get_by_label("Lovgrundlag").select_option(label=str(shelter))
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(status).to_have_text("Viser 1–50 af 65")
    assert _query(page)["legal_basis"] == [str(shelter.pk)]
    assert_no_axe_violations(axe, page)

    # Next page: the filter stays, the page is in the URL.
    pages.get_by_role("link", name="Næste").click()
    expect(status).to_have_text("Viser 51–65 af 65")
    expect(page.locator("main table tbody tr")).to_have_count(15)
    query = _query(page)
    assert query["legal_basis"] == [str(shelter.pk)] and query["page"] == ["2"]
    expect(page.locator("main table tbody")).not_to_contain_text("SEL § 85")
    expect(pages.get_by_role("link", name="Side 2")).to_have_attribute("aria-current", "page")
    assert_no_axe_violations(axe, page)

    # A reload (or a bookmark) shows the same page of the same filtered list.
    page.reload()
    expect(status).to_have_text("Viser 51–65 af 65")
    assert _query(page)["page"] == ["2"]
    expect(page.get_by_label("Lovgrundlag")).to_have_value(str(shelter.pk))

    # Another page size keeps the filter and starts on the first page.
    page.get_by_role("link", name="25 rækker pr. side: Ansøgninger").click()
    expect(status).to_have_text("Viser 1–25 af 65")
    query = _query(page)
    assert query["legal_basis"] == [str(shelter.pk)] and query["size"] == ["25"]
    assert_no_axe_violations(axe, page)
    pages.get_by_role("link", name="Side 3").click()
    expect(status).to_have_text("Viser 51–65 af 65")
    query = _query(page)
    assert query["legal_basis"] == [str(shelter.pk)] and query["size"] == ["25"]
    assert query["page"] == ["3"]
    assert_no_axe_violations(axe, page)

    # Changing a filter keeps the page size and starts the new list on its first page.
    page.get_by_label("Status").select_option("all")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(status).to_have_text("Viser 1–25 af 65")
    assert_no_axe_violations(axe, page)
    pages.get_by_role("link", name="Næste").click()
    query = _query(page)
    assert query["status"] == ["all"] and query["size"] == ["25"] and query["page"] == ["2"]
    assert query["legal_basis"] == [str(shelter.pk)]
    expect(status).to_have_text("Viser 26–50 af 65")
    page.reload()
    expect(status).to_have_text("Viser 26–50 af 65")
    expect(page.get_by_label("Status")).to_have_value("all")
    assert_no_axe_violations(axe, page)

    # Nonsense in the URL gives a page, not an error.
    page.goto(live_server.url + reverse("casework:my_queue") + "?page=abc&size=-1&start=x")
    expect(status).to_have_text("Viser 1–50 af 130")
    assert_no_axe_violations(axe, page)


@pytest.mark.django_db(transaction=True)
def test_the_intake_page_pages_one_list_and_keeps_the_offer_filter(
    live_server: LiveServer, page: Page, axe: Axe
) -> None:
    today = timezone.localdate()
    provider = DepartmentFactory.create(name="Socialafdeling udfører")
    staff = UserFactory.create(roles=["provider_staff"], departments=[provider], password=PASSWORD)
    course = offer(provider, paragraph="82b", name="Bostøtte")
    other = offer(provider, paragraph="82a", name="Værested")
    for i in range(110):
        referral(course if i % 2 else other, referred_on=today - datetime.timedelta(days=i + 1))

    browser_login(page, live_server.url, staff, PASSWORD)
    page.goto(live_server.url + reverse("offers:intake"))
    pending = page.get_by_role("status").filter(has_text="Viser")
    expect(pending.first).to_have_text("Viser 1–50 af 110")
    assert_no_axe_violations(axe, page)
    page.get_by_label("Tilbud").select_option(label="Bostøtte")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(pending.first).to_have_text("Viser 1–50 af 55")
    assert_no_axe_violations(axe, page)
    page.get_by_role("navigation", name="Sider: Henvisninger, der venter på svar").get_by_role(
        "link", name="Næste"
    ).click()
    expect(pending.first).to_have_text("Viser 51–55 af 55")
    query = _query(page)
    assert query["offer"] == [str(course.pk)] and query["referrals_page"] == ["2"]
    assert_no_axe_violations(axe, page)
