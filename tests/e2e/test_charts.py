from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings
from playwright.sync_api import ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.factories import DEFAULT_PASSWORD, UserFactory

from .conftest import assert_no_axe_violations
from .helpers import browser_login


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
