"""Browser tests: Playwright for Python driving Debian's chromium against a live server."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = os.environ.get("RORET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop; Django refuses sync ORM calls from inside one
# unless told that this is deliberate (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "e2e":
            item.add_marker(pytest.mark.browser)


# Every page a browser test loads is checked with axe (``assert_no_axe_violations``): the
# pages loaded and the pages checked are kept per test, and a page loaded but never checked
# fails the test. The steps of logging in, which every test passes through, are checked by
# tests/e2e/test_login.py.
_LOADED: list[str] = []
_CHECKED: set[str] = set()
_CHECKED_ELSEWHERE = re.compile(r"^/login/(otp/(setup/)?)?(\?.*)?$")


def _remember_load(page: Page) -> None:
    _LOADED.append(page.url)


def _track(page: Page) -> None:
    page.on("load", _remember_load)


class _TrackedBrowser:
    """The browser, whose every new context reports the pages it loads."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def new_context(self, **kwargs: Any) -> BrowserContext:
        context = self._browser.new_context(**kwargs)
        context.on("page", _track)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


def unchecked_pages(loaded: list[str], checked: set[str]) -> list[str]:
    """The pages loaded but never checked with axe, as paths (the login steps excepted)."""
    missing = []
    for url in loaded:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if url in checked or url == "about:blank" or _CHECKED_ELSEWHERE.match(path):
            continue
        if path not in missing:
            missing.append(path)
    return missing


@pytest.fixture(autouse=True)
def _every_loaded_page_is_checked_with_axe(request: pytest.FixtureRequest) -> Iterator[None]:
    _LOADED.clear()
    _CHECKED.clear()
    yield
    if request.node.get_closest_marker("browser") is None:
        return
    missing = unchecked_pages(_LOADED, _CHECKED)
    assert missing == [], f"pages loaded without an axe check: {missing}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (browser tests never skip)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield _TrackedBrowser(browser)  # type: ignore[misc]
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def assert_no_axe_violations(axe: Axe, page: Page) -> None:
    _CHECKED.add(page.url)
    results = axe.run(page)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()
