"""Browser helpers: log in through the real pages, second factor included."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from roret.accounts.models import User
from tests.factories import totp_token

from .conftest import assert_no_axe_violations

AXE = Axe()


def submit_password(page: Page, live_server_url: str, username: str, password: str) -> None:
    page.goto(live_server_url + "/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


def browser_login(page: Page, live_server_url: str, user: User, password: str) -> None:
    """Logs ``user`` in as a person would: password, then the code from the authenticator.

    A user without a device goes through enrolment (the QR page) first; the code is computed
    from the device's key, as the app on the phone would.
    """
    submit_password(page, live_server_url, user.get_username(), password)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Log ind")
    if "/login/otp/setup/" in page.url:
        expect(page.locator(".roret-qr svg")).to_be_visible()
        device = TOTPDevice.objects.get(user=user, confirmed=False)
    else:
        expect(page).to_have_url(f"{live_server_url}/login/otp/?next=%2F")
        device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.get_by_label("Kode fra din godkendelsesapp").fill(totp_token(device))
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mit overblik")
    # The start page differs by role: each user's is checked.
    assert_no_axe_violations(AXE, page)


def open_menu(page: Page, name: str) -> None:
    """Follow a main-menu entry. DKFDS moves entries that do not fit into its "Mere" menu,
    so a user with many roles finds some there, as a real user would."""
    menu = page.locator("nav[aria-label='Hovedmenu']")
    link = menu.locator(".mainmenu > li:not(.more-option)").get_by_role(
        "link", name=name, exact=True
    )
    if link.count() and link.first.is_visible():
        link.first.click()
        return
    menu.get_by_role("button", name="Mere").click()
    menu.locator("#fds-more-menu").get_by_role("link", name=name, exact=True).click()
