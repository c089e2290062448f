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


@pytest.fixture(scope="session", autouse=True)
def _reference_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    global _snapshot
    from django.core import serializers
    from django.db.models.signals import post_migrate

    with django_db_blocker.unblock():
        rows = [row for model in _roret_models() for row in model._default_manager.all()]
        _snapshot = serializers.serialize("json", rows)
    post_migrate.connect(_restore_after_flush, weak=False, dispatch_uid="roret-reference-data")
    yield
    post_migrate.disconnect(dispatch_uid="roret-reference-data")
