from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.helpers import browser_login, submit_password
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _collect_console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def remember(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", remember)
    return errors


def test_enrol_log_out_and_log_in_with_password_and_totp(
    live_server: LiveServer, page: Page
) -> None:
    errors = _collect_console_errors(page)
    user = UserFactory.create(roles=["caseworker"])
    # First login: enrolment with the QR code, then the start page.
    browser_login(page, live_server.url, user, DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(live_server.url + "/login/")
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/login/?next=/")
    # Second login: the code from the enrolled authenticator.
    browser_login(page, live_server.url, user, DEFAULT_PASSWORD)
    # Nothing on these pages broke the Content-Security-Policy.
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_five_wrong_passwords_lock_the_account(live_server: LiveServer, page: Page) -> None:
    user = UserFactory.create()
    for _ in range(5):
        submit_password(page, live_server.url, user.username, "forkert-kodeord")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Kontoen er låst")
    expect(alert).to_contain_text("Prøv igen om 30 minutter")
    submit_password(page, live_server.url, user.username, DEFAULT_PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Kontoen er låst")


def test_login_start_page_and_enrolment_have_no_axe_violations(
    live_server: LiveServer, page: Page, axe: Axe
) -> None:
    page.goto(live_server.url + "/login/")
    assert_no_axe_violations(axe, page)
    user = UserFactory.create(roles=["caseworker"])
    submit_password(page, live_server.url, user.username, DEFAULT_PASSWORD)
    expect(page.locator(".roret-qr svg")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_label("Kode fra din godkendelsesapp").fill("000000")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".form-error-message")).to_be_visible()
    assert_no_axe_violations(axe, page)
    browser_login_from_enrolment = page.url
    assert "/login/otp/setup/" in browser_login_from_enrolment
    page.context.clear_cookies()
    browser_login(page, live_server.url, user, DEFAULT_PASSWORD)
    assert_no_axe_violations(axe, page)
