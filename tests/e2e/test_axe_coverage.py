"""The guard that every page a browser test loads is checked with axe."""

from __future__ import annotations

from .conftest import unchecked_pages


def test_a_page_loaded_but_not_checked_is_reported_once_and_the_login_steps_are_not() -> None:
    base = "http://127.0.0.1:8000"
    loaded = [
        "about:blank",
        f"{base}/login/?next=/",
        f"{base}/login/otp/",
        f"{base}/login/otp/setup/",
        f"{base}/",
        f"{base}/borgere/3/",
        f"{base}/borgere/3/",
        f"{base}/journal/kalender/?uge=2026-12-01",
    ]
    checked = {f"{base}/"}
    assert unchecked_pages(loaded, checked) == ["/borgere/3/", "/journal/kalender/?uge=2026-12-01"]
