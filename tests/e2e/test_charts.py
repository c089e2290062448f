from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.casework.models import Application
from roret.core.charts import TIME_FORMAT_LOCALE
from tests.casework.factories import application
from tests.factories import DEFAULT_PASSWORD, DepartmentFactory, TeamFactory, UserFactory

from .conftest import assert_no_axe_violations
from .helpers import browser_login

MONTHS = TIME_FORMAT_LOCALE["shortMonths"]


@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF="tests.e2e.chart_urls")
def test_a_chart_draws_under_the_content_security_policy(
    live_server: LiveServer, page: Page, axe: Axe
) -> None:
    problems: list[str] = []

    def remember(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", remember)
    user = UserFactory.create(roles=["manager"])
    browser_login(page, live_server.url, user, DEFAULT_PASSWORD)
    page.goto(live_server.url + "/diagram/")
    chart = page.locator("#demo-chart")
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart.locator("svg .mark-rect path")).to_have_count(2)
    assert problems == [], problems
    assert_no_axe_violations(axe, page)


@pytest.mark.django_db(transaction=True)
def test_every_processing_time_chart_is_one_named_image_with_danish_months(
    live_server: LiveServer, page: Page, axe: Axe
) -> None:
    """§ 110 with fewer than five decisions draws an empty chart: its empty mark layer was an
    unnamed graphics symbol (axe's svg-img-alt), and every chart was named "Vega
    visualization" instead of its description."""
    today = timezone.localdate()
    team = TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))
    for paragraph, n in (("85", 6), ("110", 3)):
        for i in range(n):
            application(
                team,
                paragraph=paragraph,
                received_on=today - datetime.timedelta(days=20 + i),
                status=Application.Status.GRANTED,
                decided_on=today,
            )
    user = UserFactory.create(roles=["manager"])
    browser_login(page, live_server.url, user, DEFAULT_PASSWORD)
    page.goto(live_server.url + "/sager/rapport/")
    charts = page.locator(".roret-vega")
    expect(charts).to_have_count(2)
    description = "Kurvediagram: median og 90 %-fraktil af dage til afgørelse pr. måned."
    for n in range(2):
        chart = charts.nth(n)
        expect(chart).to_have_attribute("data-rendered", "true")
        expect(chart).to_have_attribute("aria-label", description)
    month = f"{MONTHS[today.month - 1]} {today.year}"
    expect(charts.first.locator("svg text", has_text=month)).to_have_count(1)
    assert_no_axe_violations(axe, page)
