"""The database itself refuses to change or delete log rows (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from roret.audit.models import (
    AccessLogEntry,
    AppendOnlyError,
    ChainAnchor,
    ChainLink,
    Seal,
)
from roret.audit.services import _deletes_allowed, purge_expired_access_log, seal_pending

from .factories import EntryFactory
from .tamper import execute

pytestmark = pytest.mark.django_db

TABLES = ["audit_accesslogentry", "audit_chainlink", "audit_seal", "audit_chainanchor"]


def refused(sql: str) -> bool:
    try:
        with transaction.atomic():
            execute(sql)
    except IntegrityError as error:
        return "append-only" in str(error)
    return False


@pytest.fixture
def full_tables() -> None:
    """One row in every log table: an entry purged into an anchor, and a sealed entry."""
    EntryFactory.create(at=timezone.now() - timedelta(days=3000))
    EntryFactory.create(at=timezone.now() - timedelta(days=1))
    purge_expired_access_log()
    seal_pending(now=timezone.now() + timedelta(minutes=1))
    assert AccessLogEntry.objects.exists()
    assert ChainLink.objects.exists()
    assert Seal.objects.exists()
    assert ChainAnchor.objects.exists()


@pytest.mark.parametrize("table", TABLES)
def test_raw_update_is_refused(full_tables, table) -> None:
    assert refused(f"UPDATE {table} SET id = id")  # noqa: S608


@pytest.mark.parametrize("table", TABLES)
def test_raw_delete_is_refused(full_tables, table) -> None:
    assert refused(f"DELETE FROM {table}")  # noqa: S608
    assert refused(f"DELETE FROM {table} WHERE id = (SELECT MIN(id) FROM {table})")  # noqa: S608


def test_orm_updates_and_deletes_are_refused_too() -> None:
    entry = EntryFactory.create()
    entry.purpose = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="changed")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.purpose == "Sagsbehandling"


def test_deletes_are_allowed_only_inside_the_privileged_block() -> None:
    first, second = EntryFactory.create(), EntryFactory.create()
    with transaction.atomic():
        with _deletes_allowed():
            AccessLogEntry.objects.filter(pk=first.pk).delete()
        assert refused(f"DELETE FROM audit_accesslogentry WHERE id = {second.pk}")  # noqa: S608
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [second.pk]


def test_the_permission_to_delete_ends_with_a_failed_block() -> None:
    entry = EntryFactory.create()
    with pytest.raises(RuntimeError), transaction.atomic(), _deletes_allowed():
        raise RuntimeError("the purge fails half-way")
    assert refused(f"DELETE FROM audit_accesslogentry WHERE id = {entry.pk}")  # noqa: S608


def test_updates_are_refused_even_inside_the_privileged_block() -> None:
    entry = EntryFactory.create()
    with transaction.atomic(), _deletes_allowed():
        assert refused(f"UPDATE audit_accesslogentry SET purpose = 'x' WHERE id = {entry.pk}")  # noqa: S608
