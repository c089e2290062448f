"""Drop-in counter on a tablet: two staff tap at once and no visit is lost or doubled."""

from __future__ import annotations

import datetime
import threading
import uuid
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from roret.dropin.models import Count, Site, Tap
from tests.dropin.factories import site_with_categories
from tests.factories import DEFAULT_PASSWORD, DepartmentFactory, UserFactory

from .conftest import assert_no_axe_violations
from .helpers import browser_login, open_menu

TABLET: ViewportSize = {"width": 820, "height": 1180}
TAPS_EACH = 50

# Fires ``n`` taps without waiting for the answers, as a staff member tapping fast would,
# each with its own token; the promise is kept on window so both tablets can be started
# before either is awaited.
START_TAPS = """([n, category]) => {
  const form = document.querySelector(`input[name=category][value="${category}"]`).form;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  window.tapsDone = Promise.all(Array.from({length: n}, () => {
    const body = new URLSearchParams({csrfmiddlewaretoken: csrf, category, delta: "1",
                                      token: crypto.randomUUID()});
    return fetch(form.action, {method: "POST", body, headers: {"HX-Request": "true"}})
      .then((response) => response.status);
  }));
}"""


def _tablet(browser: Browser, live_server: LiveServer, site: Site) -> Page:
    user = UserFactory.create(roles=["provider_staff"], departments=[site.department])
    page = browser.new_context(locale="da-DK", viewport=TABLET, has_touch=True).new_page()
    browser_login(page, live_server.url, user, DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/vaeresteder/{site.pk}/taelling/")
    return page


@pytest.mark.django_db(transaction=True)
def test_two_tablets_tapping_at_once_count_every_visit_once(
    live_server: LiveServer, browser: Browser, axe: Axe, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor == "sqlite":
        # The in-memory SQLite test database is one connection shared by the server's
        # threads and cannot take two writers at once (PostgreSQL, and the demo's SQLite
        # file, can): here the server's threads take the overlapping requests in turn.
        server = live_server.thread.httpd
        app: Any = server.get_app()
        lock = threading.Lock()

        def one_at_a_time(environ: dict[str, Any], start_response: Any) -> Any:
            with lock:
                return app(environ, start_response)

        monkeypatch.setattr(server, "application", one_at_a_time)
    site = site_with_categories(DepartmentFactory.create(name="Socialafdeling udfører"))
    first = site.categories.get(order=0)
    door, kitchen = _tablet(browser, live_server, site), _tablet(browser, live_server, site)

    # The buttons are named for screen readers, and the live region says the new figure.
    add = door.get_by_role("button", name="Tilføj en: Førstegangsbesøg")
    add.click()
    expect(door.get_by_role("status")).to_have_text("Førstegangsbesøg: 1 i dag.")
    door.get_by_role("button", name="Fjern en: Førstegangsbesøg").press("Enter")
    expect(door.get_by_role("status")).to_have_text("Førstegangsbesøg: 0 i dag.")
    assert_no_axe_violations(axe, door)

    # A tap that does not reach the server is said to have failed; nothing is counted.
    door.route("**/taelling/tryk/", lambda route: route.abort())
    add.click()
    expect(door.get_by_role("status")).to_have_text(
        "Trykket blev ikke gemt. Tjek forbindelsen, og tryk igen."
    )
    door.unroute("**/taelling/tryk/")

    door.evaluate(START_TAPS, [TAPS_EACH, first.pk])
    kitchen.evaluate(START_TAPS, [TAPS_EACH, first.pk])
    statuses = door.evaluate("window.tapsDone") + kitchen.evaluate("window.tapsDone")
    assert statuses == [200] * (2 * TAPS_EACH)
    assert sum(Count.objects.filter(category__site=site).values_list("visits", flat=True)) == 100
    assert Tap.objects.filter(count__category__site=site).count() == 100 + 2

    # A double-submitted tap (the same token twice, at once) counts once.
    token = str(uuid.uuid4())
    double = """async ([category, token]) => {
      const form = document.querySelector(`input[name=category][value="${category}"]`).form;
      const body = new URLSearchParams(new FormData(form));
      body.set("token", token); body.set("delta", "1");
      const headers = {"HX-Request": "true"};
      const send = () => fetch(form.action, {method: "POST", body, headers});
      return (await Promise.all([send(), send()])).map((r) => r.status);
    }"""
    assert door.evaluate(double, [first.pk, token]) == [200, 200]
    assert Tap.objects.filter(token=token).count() == 1
    assert Count.objects.get(category=first).visits == 101

    # A reload shows the stored figure.
    kitchen.reload()
    expect(kitchen.locator(f"#dropin-visits-{first.pk}")).to_have_text("101")


@pytest.mark.django_db(transaction=True)
def test_statistics_page_is_accessible(live_server: LiveServer, page: Page, axe: Axe) -> None:
    site = site_with_categories(DepartmentFactory.create(name="Socialafdeling udfører"))
    category = site.categories.get(order=0)
    today = timezone.localdate()
    Count.objects.bulk_create(
        Count(
            category=category,
            date=today - datetime.timedelta(days=d),
            hour=10 + d % 5,
            visits=d % 7 + 1,
        )
        for d in range(60)
    )
    leader = UserFactory.create(roles=["team_leader"], departments=[site.department])
    browser_login(page, live_server.url, leader, DEFAULT_PASSWORD)
    open_menu(page, "Væresteder")
    expect(page.get_by_role("link", name="Statistik")).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik")
    expect(page.locator("#dropin-heatmap")).to_have_attribute("data-rendered", "true")
    assert_no_axe_violations(axe, page)
