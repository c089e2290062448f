from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.core.signals import request_started
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings
from stdnum.dk import cpr as stdnum_cpr

# On SQLite the test flush is a DELETE, which the access log's append-only triggers refuse;
# the audit plugin clears the log through the privileged purge path first. The reference-data
# plugin puts the migrations' data back after every flush.
pytest_plugins = ["tests.audit.plugin", "tests.reference_data"]

# Speed is measured in bench/, never in tests: hypothesis's per-example deadline would make
# property tests fail on a busy machine.
hypothesis_settings.register_profile("roret", deadline=None)
hypothesis_settings.load_profile("roret")

# Six digits, an optional dash or space, four digits, not inside a longer number.
_CPR_SHAPED = re.compile(r"(?<!\d)(\d{6})[- ]?(\d{4})(?!\d)")


def _valid_cprs_in(text: str) -> list[str]:
    found = []
    for match in _CPR_SHAPED.finditer(text):
        number = match.group(1) + match.group(2)
        try:
            stdnum_cpr.validate(number)
        except Exception:  # noqa: S112 - anything that is not a valid CPR is no leak
            continue
        found.append(number)
    return found


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # SQL debug logging (only under DEBUG or query capture in tests) prints ciphertext
        # and blind-index hashes whose hex digits can look like a CPR by chance.
        if record.name.startswith("django.db.backends"):
            return
        try:
            self.lines.append(self.format(record))
        except Exception:
            self.lines.append(str(record.msg))


@pytest.fixture(scope="session", autouse=True)
def _no_cpr_in_urls_or_logs() -> Iterator[None]:
    """Every URL requested and every log line written during the whole run is checked for
    CPR numbers when the run ends: a CPR must never reach a URL or a log."""
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    urls: list[str] = []

    def remember_url(sender: object, environ: dict[str, str], **kwargs: object) -> None:
        urls.append(environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", ""))

    request_started.connect(remember_url, weak=False)
    yield
    request_started.disconnect(remember_url)
    root.removeHandler(recorder)
    leaks = [u for u in urls if _valid_cprs_in(u)] + [
        line for line in recorder.lines if _valid_cprs_in(line)
    ]
    redacted = [_CPR_SHAPED.sub("<cpr>", leak)[:200] for leak in leaks[:3]]
    if leaks:  # pytest.fail, not assert: assertion rewriting would print the numbers
        pytest.fail(f"CPR numbers in {len(leaks)} URLs or log lines, e.g. {redacted}")


@pytest.fixture(autouse=True)
def _danish(settings: Settings) -> None:
    settings.LANGUAGE_CODE = "da"


T = TypeVar("T")


class AccessLogWatch:
    """The access-log entries written since the watch was made or last ``reset``: the one
    way tests count what a request or a service logged."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        from roret.audit.models import AccessLogEntry

        self._after = (
            AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        )

    def new(self) -> list[Any]:
        from roret.audit.models import AccessLogEntry

        return list(AccessLogEntry.objects.filter(id__gt=self._after).order_by("id"))

    def during(self, call: Callable[[], T]) -> tuple[T, list[Any]]:
        self.reset()
        result = call()
        return result, self.new()


@pytest.fixture
def access_log(db: None) -> AccessLogWatch:
    return AccessLogWatch()
