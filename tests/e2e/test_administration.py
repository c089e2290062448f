"""The administrator reaches the administration from the menu and adds next year's frikort
amount there (reference data; no case content)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.employment.models import FrikortCap
from tests.factories import DepartmentFactory, UserFactory

from .conftest import assert_no_axe_violations
from .helpers import browser_login, open_menu

PASSWORD = "korrekt-hest-batteri-42"


@pytest.mark.django_db(transaction=True)
def test_the_administrator_adds_next_years_frikort_amount_from_the_menu(
    live_server: LiveServer, page: Page, axe: Axe
) -> None:
    year = timezone.localdate().year
    FrikortCap.objects.update_or_create(year=year, defaults={"amount": Decimal("23100.00")})
    administrator = UserFactory.create(
        roles=["administrator"], departments=[DepartmentFactory.create()], password=PASSWORD
    )
    browser_login(page, live_server.url, administrator, PASSWORD)
    assert_no_axe_violations(axe, page)
    open_menu(page, "Administration")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brugere, roller og organisation")
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Frikortbeløb", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("frikortbeløb")
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Tilføj frikortbeløb").click()
    expect(page.get_by_label("År")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_label("År").fill(str(year + 1))
    page.get_by_label("Beløb (kr.)").fill("23600")
    page.get_by_label("Note om regulering").fill("Reguleret efter satsreguleringsprocenten")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text(f"{year + 1}: 23600")).to_be_visible()
    assert_no_axe_violations(axe, page)
    assert FrikortCap.objects.get(year=year + 1).amount == Decimal("23600.00")
