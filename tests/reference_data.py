"""Keeps the migrations' reference data (roles, municipalities, legal bases, processing
standards, problem area types, retention rules) in place for every test.

A transactional test (``transaction=True``, ``live_server``) ends with a flush that empties
every table, so the tests after it would miss what the data migrations created. Django's
``serialized_rollback`` would restore it, but it keeps its snapshot on the connection object,
and Playwright's event loop makes Django hand the browser tests a different connection
object; so Roret takes its own snapshot of its apps' rows when the test database is ready
and loads it again after each flush (Django signals ``post_migrate`` after a flush).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

_snapshot: str = ""


def _roret_models() -> list[Any]:
    from django.apps import apps
    from django.core.serializers import sort_dependencies

    app_list = [
        (config, None) for config in apps.get_app_configs() if config.name.startswith("roret.")
    ]
    return list(sort_dependencies(app_list, allow_cycles=True))


def _restore_after_flush(sender: Any, **kwargs: Any) -> None:
    from django.core import serializers
    from django.db import transaction

    from roret.accounts.models import Role

    if not _snapshot or Role.objects.exists():
        return
    with transaction.atomic():
        for obj in serializers.deserialize("json", _snapshot):
            obj.save()


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def _session_uses_database(session: pytest.Session) -> bool:
    return any(
        item.get_closest_marker("django_db")
        or _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        for item in session.items
    )


@pytest.fixture(scope="session", autouse=True)
def _reference_data(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    global _snapshot
    from django.core import serializers
    from django.db.models.signals import post_migrate

    if not _session_uses_database(request.session):
        # A run of database-free tests alone (e.g. the catalogue checks) has no test database.
        yield
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        rows = [row for model in _roret_models() for row in model._default_manager.all()]
        _snapshot = serializers.serialize("json", rows)
    post_migrate.connect(_restore_after_flush, weak=False, dispatch_uid="roret-reference-data")
    yield
    post_migrate.disconnect(dispatch_uid="roret-reference-data")
