from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer


@pytest.mark.django_db(transaction=True)
def test_login_page_is_styled_with_the_design_system(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/login/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    # The DKFDS stylesheet is loaded and applied: the primary button gets its colours.
    background = page.locator("button.button-primary").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert background not in ("", "rgba(0, 0, 0, 0)", "rgb(239, 239, 239)")
    expect(page.locator("a.skipnav")).to_have_attribute("href", "#main-content")
