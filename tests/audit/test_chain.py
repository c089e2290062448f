"""Sealing the log into a hash chain, and verification that finds any tampering."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from roret.audit.chain import GENESIS_HASH, link_hash
from roret.audit.models import AccessLogEntry, ChainLink, Seal
from roret.audit.selectors import Problem, verify_chain
from roret.audit.services import seal_pending

from .factories import EntryFactory
from .tamper import execute, triggers_bypassed

pytestmark = pytest.mark.django_db

LATER = timedelta(minutes=1)


def seal() -> int:
    return seal_pending(now=timezone.now() + LATER).sealed


def verify():
    return verify_chain(now=timezone.now() + LATER)


@pytest.fixture
def sealed() -> list[AccessLogEntry]:
    entries = [EntryFactory.create() for _ in range(4)]
    assert seal() == 4
    return entries


def test_sealing_links_every_entry_in_id_order_and_verifies(sealed) -> None:
    links = list(ChainLink.objects.order_by("position"))
    assert [(link.position, link.entry_id) for link in links] == [
        (i, entry.pk) for i, entry in enumerate(sealed, start=1)
    ]
    assert links[0].previous_hash == GENESIS_HASH
    assert all(a.hash == b.previous_hash for a, b in itertools.pairwise(links))
    seal_row = Seal.objects.get()
    assert (seal_row.first_position, seal_row.last_position, seal_row.count) == (1, 4, 4)
    assert seal_row.head_hash == links[-1].hash
    result = verify()
    assert (result.ok, result.checked, result.head_position) == (True, 4, 4)
    assert result.head_hash == links[-1].hash
    assert result.message.startswith("ok: 4 chain links verified")


def test_sealing_again_adds_only_new_entries(sealed) -> None:
    assert seal() == 0
    newer = EntryFactory.create()
    assert seal() == 1
    assert ChainLink.objects.get(entry_id=newer.pk).position == 5
    assert Seal.objects.count() == 2
    assert verify().ok


def test_entries_younger_than_the_margin_wait_and_are_not_reported(sealed) -> None:
    EntryFactory.create()
    assert seal_pending(margin=timedelta(seconds=5)).sealed == 0
    result = verify_chain(margin=timedelta(seconds=5))
    assert (result.ok, result.unsealed) == (True, 0)
    with override_settings(RORET_AUDIT_SEAL_MARGIN_SECONDS=0):
        assert seal_pending().sealed == 1


def test_sealing_works_in_batches(sealed) -> None:
    for _ in range(5):
        EntryFactory.create()
    result = seal_pending(now=timezone.now() + LATER, batch_size=2)
    assert (result.sealed, result.seals, result.first_position, result.last_position) == (
        5,
        3,
        5,
        9,
    )
    assert verify().checked == 9


def test_a_late_committed_entry_with_an_older_id_is_sealed_next_time(sealed) -> None:
    # The id that a slow transaction took before the last sealed id, committed only now.
    last = sealed[-1]
    gap = EntryFactory.create(id=last.pk + 2)
    assert seal() == 1
    late = EntryFactory.create(id=last.pk + 1)
    result = verify()
    assert (result.ok, result.unsealed) == (True, 1)
    assert seal() == 1
    assert [link.entry_id for link in ChainLink.objects.order_by("position")][-2:] == [
        gap.pk,
        late.pk,
    ]
    assert (verify().ok, verify().unsealed, verify().checked) == (True, 0, 6)


def test_an_entry_older_than_the_lookback_is_found_by_a_full_seal(sealed) -> None:
    straggler = EntryFactory.create(at=timezone.now() - timedelta(hours=2))
    assert seal() == 0
    assert verify().unsealed == 1
    assert seal_pending(now=timezone.now() + LATER, full=True).sealed == 1
    assert ChainLink.objects.filter(entry_id=straggler.pk).exists()
    assert verify().unsealed == 0


def test_a_changed_entry_is_named(sealed) -> None:
    with triggers_bypassed():
        execute("UPDATE audit_accesslogentry SET purpose = %s WHERE id = %s", ["x", sealed[1].pk])
    result = verify()
    assert (result.ok, result.reason) == (False, Problem.CHANGED)
    assert (result.first_bad_entry_id, result.first_bad_position) == (sealed[1].pk, 2)
    assert result.checked == 1
    assert f"entry {sealed[1].pk} (position 2)" in result.message


def test_a_changed_time_is_found_too(sealed) -> None:
    entry = sealed[2]
    with triggers_bypassed():
        AccessLogEntry.objects.filter(pk=entry.pk).update(at=entry.at - timedelta(microseconds=1))
    assert verify().first_bad_entry_id == entry.pk


def test_a_deleted_entry_is_named(sealed) -> None:
    with triggers_bypassed():
        execute("DELETE FROM audit_accesslogentry WHERE id = %s", [sealed[2].pk])
    result = verify()
    assert (result.ok, result.reason, result.first_bad_entry_id) == (
        False,
        Problem.DELETED,
        sealed[2].pk,
    )


def test_an_entry_deleted_with_its_link_is_found_by_its_position(sealed) -> None:
    with triggers_bypassed():
        execute("DELETE FROM audit_accesslogentry WHERE id = %s", [sealed[1].pk])
        execute("DELETE FROM audit_chainlink WHERE entry_id = %s", [sealed[1].pk])
    result = verify()
    assert (result.ok, result.reason, result.first_bad_position) == (
        False,
        Problem.LINK_MISSING,
        2,
    )


def test_the_newest_entry_deleted_with_its_link_is_found_through_the_seal(sealed) -> None:
    with triggers_bypassed():
        execute("DELETE FROM audit_accesslogentry WHERE id = %s", [sealed[-1].pk])
        execute("DELETE FROM audit_chainlink WHERE entry_id = %s", [sealed[-1].pk])
    result = verify()
    assert (result.ok, result.reason, result.first_bad_position) == (
        False,
        Problem.LINK_MISSING,
        4,
    )


def test_two_entries_with_swapped_contents_are_found_at_the_first(sealed) -> None:
    first, second = sealed[0], sealed[1]
    with triggers_bypassed():
        for target, source in [(first, second), (second, first)]:
            AccessLogEntry.objects.filter(pk=target.pk).update(
                citizen_id=source.citizen_id, object_id=source.object_id, at=source.at
            )
    result = verify()
    assert (result.ok, result.reason, result.first_bad_entry_id) == (
        False,
        Problem.CHANGED,
        first.pk,
    )


def test_two_swapped_links_are_found_at_the_first(sealed) -> None:
    first, second = sealed[1], sealed[2]
    with triggers_bypassed():
        ChainLink.objects.filter(entry_id=first.pk).update(entry_id=-1)
        ChainLink.objects.filter(entry_id=second.pk).update(entry_id=first.pk)
        ChainLink.objects.filter(entry_id=-1).update(entry_id=second.pk)
    result = verify()
    assert (result.ok, result.first_bad_position, result.first_bad_entry_id) == (
        False,
        2,
        second.pk,
    )


def test_a_rewritten_chain_is_found_through_its_seal(sealed) -> None:
    """Someone changes an entry and recomputes every link after it; the seal still differs."""
    with triggers_bypassed():
        AccessLogEntry.objects.filter(pk=sealed[1].pk).update(purpose="x")
        previous = GENESIS_HASH
        for link in ChainLink.objects.order_by("position"):
            entry = AccessLogEntry.objects.get(pk=link.entry_id)
            digest = link_hash(previous, entry, position=link.position)
            ChainLink.objects.filter(pk=link.pk).update(previous_hash=previous, hash=digest)
            previous = digest
    result = verify()
    assert (result.ok, result.reason, result.first_bad_position) == (
        False,
        Problem.SEAL_MISMATCH,
        4,
    )


def test_verification_reads_the_chain_in_chunks(sealed) -> None:
    result = verify_chain(now=timezone.now() + LATER, chunk_size=3)
    assert (result.ok, result.checked) == (True, 4)


def test_an_empty_log_verifies() -> None:
    result = verify()
    assert (result.ok, result.checked, result.head_hash) == (True, 0, GENESIS_HASH)
