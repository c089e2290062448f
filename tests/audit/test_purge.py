"""Retention: expired entries leave only through the logged purge, and the chain still verifies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from roret.audit.models import (
    ACCESS_LOG_RECORD_TYPE,
    AccessLogEntry,
    ChainAnchor,
    ChainLink,
    RetentionRule,
)
from roret.audit.selectors import retention_cutoff, verify_chain
from roret.audit.services import ChainBrokenError, purge_expired_access_log, seal_pending

from .factories import EntryFactory
from .tamper import execute, triggers_bypassed

pytestmark = pytest.mark.django_db


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def one_year() -> RetentionRule:
    rule = RetentionRule.objects.get(record_type=ACCESS_LOG_RECORD_TYPE)
    RetentionRule.objects.filter(pk=rule.pk).update(keep_days=365)
    return rule


def test_the_access_log_rule_is_seeded_at_five_years() -> None:
    rule = RetentionRule.objects.get(record_type=ACCESS_LOG_RECORD_TYPE)
    assert rule.keep_days == 1826
    now = timezone.now()
    assert retention_cutoff(ACCESS_LOG_RECORD_TYPE, now=now) == now - timedelta(days=1826)


def test_the_cutoff_lookup_is_generic_and_none_without_a_rule() -> None:
    RetentionRule.objects.create(record_type="journal.note", keep_days=30)
    now = timezone.now()
    assert retention_cutoff("journal.note", now=now) == now - timedelta(days=30)
    assert retention_cutoff("plans.goal", now=now) is None


def test_a_rule_below_the_legal_minimum_is_refused_and_never_applied() -> None:
    rule = RetentionRule.objects.get(record_type=ACCESS_LOG_RECORD_TYPE)
    rule.keep_days = 30
    with pytest.raises(ValidationError):
        rule.full_clean()
    rule.save()
    now = timezone.now()
    assert retention_cutoff(ACCESS_LOG_RECORD_TYPE, now=now) == now - timedelta(days=183)


def test_purge_deletes_expired_entries_logs_itself_and_the_chain_still_verifies(
    one_year, actor
) -> None:
    old = [EntryFactory.create(at=days_ago(800 - i)) for i in range(3)]
    recent = [EntryFactory.create(at=days_ago(10)) for _ in range(2)]
    result = purge_expired_access_log(actor=actor)
    assert (result.deleted, result.first_position, result.last_position) == (3, 1, 3)
    assert result.log_entry is not None
    remaining = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert remaining == {entry.pk for entry in recent} | {result.log_entry.pk}
    assert not ChainLink.objects.filter(entry_id__in=[entry.pk for entry in old]).exists()
    log = AccessLogEntry.objects.get(pk=result.log_entry.pk)
    assert (log.action, log.object_type, log.actor) == ("delete", ACCESS_LOG_RECORD_TYPE, actor)
    assert "3 entries" in log.criterion
    assert "chain positions 1 to 3" in log.criterion
    anchor = ChainAnchor.objects.get()
    assert (anchor.position, anchor.purge_entry_id) == (3, log.pk)

    later = timezone.now() + timedelta(minutes=1)
    seal_pending(now=later)
    verified = verify_chain(now=later)
    assert (verified.ok, verified.checked, verified.head_position) == (True, 3, 6)


def test_a_second_purge_continues_from_the_anchor(one_year) -> None:
    EntryFactory.create(at=days_ago(900))
    assert purge_expired_access_log().deleted == 1
    EntryFactory.create()
    result = purge_expired_access_log(now=timezone.now() + timedelta(days=400))
    # A year on, the first purge's own entry and the newer entry are past their period too.
    assert (result.deleted, result.first_position, result.last_position) == (2, 2, 3)
    assert ChainAnchor.objects.count() == 2
    later = timezone.now() + timedelta(days=400, minutes=1)
    seal_pending(now=later)
    assert verify_chain(now=later).ok


def test_a_run_with_nothing_to_delete_is_logged_too(one_year) -> None:
    EntryFactory.create(at=days_ago(5))
    result = purge_expired_access_log()
    assert result.deleted == 0
    assert result.log_entry is not None
    assert result.log_entry.criterion.endswith(": 0 entries")
    assert not ChainAnchor.objects.exists()


def test_without_a_rule_nothing_is_deleted() -> None:
    RetentionRule.objects.all().delete()
    EntryFactory.create(at=days_ago(5000))
    result = purge_expired_access_log()
    assert (result.cutoff, result.deleted) == (None, 0)
    assert AccessLogEntry.objects.count() == 2


def test_an_old_entry_behind_a_newer_one_in_the_chain_waits(one_year) -> None:
    first = EntryFactory.create(at=days_ago(800))
    EntryFactory.create(at=days_ago(10))
    behind = EntryFactory.create(at=days_ago(800))
    result = purge_expired_access_log()
    assert result.deleted == 1
    assert not AccessLogEntry.objects.filter(pk=first.pk).exists()
    assert AccessLogEntry.objects.filter(pk=behind.pk).exists()


def test_a_dry_run_changes_nothing(one_year) -> None:
    EntryFactory.create(at=days_ago(800))
    result = purge_expired_access_log(dry_run=True)
    assert (result.deleted, result.log_entry) == (1, None)
    assert AccessLogEntry.objects.count() == 1
    assert not ChainLink.objects.exists()


def test_the_purge_refuses_to_destroy_evidence_of_tampering(one_year) -> None:
    entries = [EntryFactory.create(at=days_ago(800)) for _ in range(3)]
    seal_pending()
    with triggers_bypassed():
        execute("UPDATE audit_accesslogentry SET purpose = 'x' WHERE id = %s", [entries[1].pk])
    with pytest.raises(ChainBrokenError):
        purge_expired_access_log()
    assert AccessLogEntry.objects.filter(pk__in=[e.pk for e in entries]).count() == 3


def test_the_purge_stops_before_a_missing_entry(one_year) -> None:
    entries = [EntryFactory.create(at=days_ago(800)) for _ in range(3)]
    seal_pending()
    with triggers_bypassed():
        execute("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[1].pk])
    result = purge_expired_access_log()
    assert result.deleted == 1
    assert ChainLink.objects.filter(entry_id=entries[1].pk).exists()
    assert verify_chain().first_bad_entry_id == entries[1].pk
