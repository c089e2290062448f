"""Two writes at the same moment, each in its own database connection.

On PostgreSQL (CI) the two run in two threads released together by a barrier, and the first
to lock its row holds the lock a moment longer, so the second really waits on the lock and
then sees what the first saved. SQLite cannot run two writers at once; there the two run
one after the other, which checks the same outcome without the overlap."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, connections
from django.db.models.signals import pre_save


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def race(*calls: Callable[[], Any], hold_model: type | None = None) -> list[Any]:
    """Run ``calls`` at once; each result is the call's value or the exception it raised.

    ``hold_model``: the first save of this model sleeps a moment inside its transaction, so
    the other writer is still waiting on the row lock when the first commits."""
    results: list[Any] = [None] * len(calls)
    if not on_postgresql():
        for index, call in enumerate(calls):
            try:
                results[index] = call()
            except Exception as exc:
                results[index] = exc
        return results

    held = threading.Event()

    def hold(sender: type, **kwargs: Any) -> None:
        if not held.is_set():
            held.set()
            time.sleep(0.4)

    barrier = threading.Barrier(len(calls))

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    if hold_model is not None:
        pre_save.connect(hold, sender=hold_model, weak=False)
    try:
        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        if hold_model is not None:
            pre_save.disconnect(hold, sender=hold_model)
    return results
