"""Lets transactional tests (``transaction=True``, ``live_server``) end cleanly.

Such tests end with a flush that deletes every row of every table. On SQLite that is a
plain DELETE, which the log's append-only triggers refuse (PostgreSQL flushes with
TRUNCATE, which row triggers do not see). So the log's rows are removed first, through the
same privileged path the retention purge uses. Enable for the whole suite in the root
conftest with ``pytest_plugins = ["tests.audit.plugin"]``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _audit_log_flushable(request: pytest.FixtureRequest) -> Iterator[None]:
    if not _is_transactional(request):
        yield
        return
    # Set up the database first, so that this fixture is torn down before its flush.
    request.getfixturevalue("_django_db_helper")
    yield
    # Imported here: a plugin is loaded before Django is set up.
    from django.db import transaction

    from roret.audit.models import AccessLogEntry, ChainAnchor, ChainLink, Seal
    from roret.audit.services import _deletes_allowed

    with transaction.atomic(), _deletes_allowed():
        for model in (ChainLink, AccessLogEntry, ChainAnchor, Seal):
            model.objects.all().delete()
