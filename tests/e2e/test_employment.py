"""Must show 4: a caseworker registers monthly earnings under the social frikort and sees
the warning appear when 80 % of the year's tax-free amount is used; accessible by axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.employment.models import Earning, Frikort, Job
from roret.organisation.models import Department
from roret.plans.models import Intervention
from tests.employment.factories import CVR_A, caps
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .conftest import assert_no_axe_violations
from .helpers import AXE, browser_login

PASSWORD = "korrekt-hest-batteri-42"


def _save(page: Page) -> None:
    page.locator("main form button[type=submit]", has_text="Gem").click()


def _register(page: Page, month: str, amount: str) -> None:
    page.get_by_role("link", name="Registrér indtægt").click()
    page.get_by_label("Arbejdsgiver").select_option(
        label="Svendborg Cykler ApS (Almindeligt job med frikort)"
    )
    assert_no_axe_violations(AXE, page)
    page.get_by_label("Måned").select_option(month)
    page.get_by_label("År").fill("2025")
    page.get_by_label("Beløb (kr.)").fill(amount)
    _save(page)


@pytest.mark.django_db(transaction=True)
def test_a_caseworker_registers_earnings_and_sees_the_80_percent_warning(
    live_server: LiveServer, page: Page, axe
) -> None:
    caps()  # the amounts of the data migration (2025: 42.766 kr.)
    centre = DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)
    citizen = CitizenFactory.create(first_name="Lise", last_name="Mortensen")
    link(citizen, centre)
    caseworker = UserFactory.create(roles=["caseworker"], departments=[centre], password=PASSWORD)

    browser_login(page, live_server.url, caseworker, PASSWORD)
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    expect(page.get_by_role("heading", name="Frikort og job")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Frikort, job og indtægter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frikort og job")
    assert_no_axe_violations(axe, page)

    page.get_by_role("link", name="Tilkend socialt frikort").click()
    page.get_by_label("Jobcenter").select_option(label="Jobcenter")
    assert_no_axe_violations(axe, page)
    page.get_by_label("Afgjort den").fill("2025-01-02")
    _save(page)
    expect(page.get_by_text("Frikortet er registreret.")).to_be_visible()

    page.get_by_role("link", name="Registrér job").click()
    page.get_by_label("Jobtype").select_option("ordinary_frikort")
    page.get_by_label("Arbejdsgiver").fill("Svendborg Cykler ApS")
    page.get_by_label("CVR-nummer").fill("12345678")
    page.get_by_label("Start").fill("2025-01-01")
    page.get_by_label("Timer om ugen").fill("8")
    _save(page)
    expect(page.get_by_text("Det er ikke et gyldigt CVR-nummer: tjek de 8 cifre.")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_label("CVR-nummer").fill(CVR_A)
    _save(page)
    expect(page.get_by_text("Jobbet er registreret.")).to_be_visible()

    _register(page, "1", "-100")
    expect(page.get_by_text("Beløbet skal være over 0 kr.")).to_be_visible()
    assert Earning.objects.count() == 0
    page.get_by_role("link", name="Tilbage til frikort og job").click()

    warning = page.locator("[data-cap-level=near]")
    _register(page, "1", "12.000,00")
    _register(page, "2", "12.000,00")
    _register(page, "3", "10.000,00")
    expect(page.get_by_role("heading", name="Indtægter på frikort i 2025")).to_be_visible()
    expect(page.get_by_text("34.000,00 kr. af 42.766,00 kr. (79,5 %)")).to_be_visible()
    expect(warning).to_have_count(0)

    _register(page, "4", "500,00")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("80 % af det skattefri beløb for 2025 er brugt")
    expect(warning).to_contain_text("34.500,00 kr. af 42.766,00 kr. (80,7 %)")
    expect(warning).to_contain_text("8.266,00 kr. tilbage i år")
    # The running total in the month table, and the year in the table of all years.
    expect(page.get_by_role("cell", name="34.500,00 kr.")).to_have_count(2)
    assert_no_axe_violations(axe, page)

    card = Frikort.objects.get(citizen=citizen)
    assert [e.amount for e in card.earnings.order_by("month")] == [
        12000,
        12000,
        10000,
        500,
    ]
    assert Job.objects.get(citizen=citizen).employer_cvr == CVR_A
    assert (
        Intervention.objects.filter(
            plan__citizen=citizen, source_type__startswith="employment.", status="active"
        ).count()
        == 2
    )
