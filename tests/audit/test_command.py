"""``roret audit seal|verify|purge`` as the scheduler and operators run it."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from roret.audit.models import ACCESS_LOG_RECORD_TYPE, AccessLogEntry, RetentionRule

from .factories import EntryFactory
from .tamper import execute, triggers_bypassed

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def test_seal_then_verify_says_ok() -> None:
    EntryFactory.create()
    EntryFactory.create()
    assert run("seal", "--margin-seconds", "5") == "nothing to seal; head hash " + "0" * 64 + "\n"
    output = run("seal", "--margin-seconds", "0")
    assert output.startswith("sealed 2 entries at positions 1 to 2; head hash ")
    assert run("verify", "--margin-seconds", "0").startswith("ok: 2 chain links verified")


def test_verify_exits_non_zero_and_names_the_tampered_entry() -> None:
    entries = [EntryFactory.create() for _ in range(3)]
    run("seal", "--margin-seconds", "0")
    with triggers_bypassed():
        execute("UPDATE audit_accesslogentry SET citizen_id = 1 WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError) as raised:
        run("verify")
    assert raised.value.returncode == 1
    assert f"TAMPERED at entry {entries[1].pk} (position 2)" in str(raised.value)


def test_verify_reports_unsealed_entries_without_failing() -> None:
    EntryFactory.create(at=timezone.now() - timedelta(minutes=5))
    output = run("verify")
    assert "unsealed: 1 entries older than the margin" in output
    assert "ok: 0 chain links verified" in output


def test_purge_reports_what_it_deleted_and_a_dry_run_deletes_nothing() -> None:
    RetentionRule.objects.filter(record_type=ACCESS_LOG_RECORD_TYPE).update(keep_days=365)
    EntryFactory.create(at=timezone.now() - timedelta(days=400))
    assert run("purge", "--dry-run").startswith("would delete 1 entries logged before ")
    assert AccessLogEntry.objects.count() == 1
    output = run("purge")
    assert output.startswith("deleted 1 entries logged before ")
    assert output.rstrip().endswith("(chain positions 1 to 1)")
    assert list(AccessLogEntry.objects.values_list("action", "object_type")) == [
        ("delete", ACCESS_LOG_RECORD_TYPE)
    ]


def test_purge_without_a_rule_says_so() -> None:
    RetentionRule.objects.all().delete()
    assert run("purge") == "no retention rule for the access log: nothing deleted\n"


def test_purge_of_a_tampered_segment_fails_and_deletes_nothing() -> None:
    RetentionRule.objects.filter(record_type=ACCESS_LOG_RECORD_TYPE).update(keep_days=365)
    entry = EntryFactory.create(at=timezone.now() - timedelta(days=400))
    run("seal")
    with triggers_bypassed():
        execute("UPDATE audit_accesslogentry SET purpose = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(CommandError, match="does not verify"):
        run("purge")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
