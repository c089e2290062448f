"""The access-log and journal-history seed: sealed synthetic history that verifies, dated
over the years, scaled with the number of citizens."""

from __future__ import annotations

import datetime

import pytest

from roret.audit.models import AccessLogEntry, ChainLink, Seal
from roret.audit.selectors import verify_chain
from roret.audit.services import seal_pending
from roret.journal.models import Note
from roret.seed import audit as audit_seed
from roret.seed.context import SIZES
from roret.seed.runner import SeedReport, run_seed
from tests.audit.tamper import triggers_bypassed
from tests.seed.conftest import SMALL

pytestmark = pytest.mark.django_db


def test_the_seeded_access_log_is_sealed_and_verifies(small_seed: SeedReport) -> None:
    expected = round(SIZES["S"].access_log_entries * SMALL / SIZES["S"].citizens)
    assert small_seed.created["audit.AccessLogEntry"] == expected
    assert AccessLogEntry.objects.count() == expected
    assert ChainLink.objects.count() == expected
    assert Seal.objects.filter(count__gt=0).exists()
    result = verify_chain()
    assert result.ok, result.message
    assert result.checked == expected
    assert result.unsealed == 0


def test_tampering_with_a_seeded_entry_is_found(small_seed: SeedReport) -> None:
    entry = AccessLogEntry.objects.order_by("id")[5]
    with triggers_bypassed():
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="Noget andet")
    result = verify_chain()
    assert not result.ok
    assert result.first_bad_entry_id == entry.pk


def test_a_second_seed_continues_the_chain(small_seed: SeedReport) -> None:
    run_seed(size="S", citizens=SMALL, seed=8, force=True, show_progress=False)
    # A real page's entry after the seed is sealed after the synthetic history.
    AccessLogEntry.objects.create(action="view", object_type="people.citizen", purpose="x")
    seal_pending(margin=datetime.timedelta(0))
    result = verify_chain()
    assert result.ok, result.message


def test_history_notes_scale_with_the_citizens(small_seed: SeedReport) -> None:
    history = round(SIZES["S"].history_notes * SMALL / SIZES["S"].citizens)
    assert history > 0
    assert Note.objects.count() >= history
    assert small_seed.created["journal.Note"] == Note.objects.count()


@pytest.mark.django_db
def test_the_seed_stops_if_the_chain_serialisation_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_seed, "canonical_bytes", lambda entry, position: b"{}")
    with pytest.raises(RuntimeError, match="canonical_bytes changed"):
        run_seed(size="S", citizens=SMALL, seed=7, show_progress=False)
    assert not AccessLogEntry.objects.exists()
