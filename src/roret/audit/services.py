"""Writes to the access log: recording a use of personal data, sealing, and the purge.

Which entry to write:

- a page or API call that shows one citizen: one ``VIEW`` entry with ``citizen_id``;
- a list or search: one ``SEARCH`` entry with the criterion, not one entry per row shown
  (the law asks for the search used; opening a result is then its own ``VIEW``);
- a change: one ``CREATE``/``UPDATE``/``DELETE`` entry in the same transaction as the change;
- an export or bulk change of several citizens: ``record_accesses``, one entry per citizen,
  so that each citizen can see it in their own log.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NotRequired, TypedDict

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_noop

from roret.accounts.models import User
from roret.audit.chain import GENESIS_HASH, link_hash, lock_chain, seal_lookback, seal_margin
from roret.audit.masking import mask_cpr
from roret.audit.models import (
    ACCESS_LOG_RECORD_TYPE,
    AccessLogEntry,
    ChainAnchor,
    ChainLink,
    Seal,
)
from roret.audit.selectors import chain_start, retention_cutoff
from roret.organisation.models import Department

if TYPE_CHECKING:
    from typing_extensions import Unpack

# Changes must commit or roll back together with the log entry that records them.
_CHANGES = frozenset(
    {AccessLogEntry.Action.CREATE, AccessLogEntry.Action.UPDATE, AccessLogEntry.Action.DELETE}
)
_OBJECT_ID_MAX = AccessLogEntry._meta.get_field("object_id").max_length or 64
_OBJECT_TYPE_MAX = AccessLogEntry._meta.get_field("object_type").max_length or 100

PURGE_PURPOSE = gettext_noop("Retention: deletion of access-log entries past their period")


# How many entries this thread (or task) has written: the view gate reads it to tell whether a
# request has logged anything, without asking the database.
_written: ContextVar[int] = ContextVar("roret_audit_entries_written", default=0)


def entries_written() -> int:
    return _written.get()


class ChainBrokenError(Exception):
    """The part of the chain the purge would delete does not verify; nothing was deleted."""


class EntryFields(TypedDict):
    """What an entry says besides whose data it names: ``record_access`` and
    ``record_accesses`` take these keyword arguments (see ``record_access``)."""

    actor: User | None
    action: AccessLogEntry.Action | str
    object_type: str
    purpose: str
    actor_department: NotRequired[Department | None]
    actor_department_id: NotRequired[int | None]
    criterion: NotRequired[str]
    granted: NotRequired[bool]


def _entry(
    *,
    citizen_id: int | None,
    object_id: str | int,
    actor: User | None,
    action: AccessLogEntry.Action | str,
    object_type: str,
    purpose: str,
    actor_department: Department | None = None,
    actor_department_id: int | None = None,
    criterion: str = "",
    granted: bool = True,
) -> AccessLogEntry:
    action = AccessLogEntry.Action(action)
    if actor_department is not None:
        if actor_department_id is not None:
            raise ValueError("Give actor_department or actor_department_id, not both.")
        actor_department_id = actor_department.pk
    if actor is not None and actor.pk is None:
        raise ValueError("The actor must be a saved user, or None for a system action.")
    if actor_department is not None and actor_department_id is None:
        raise ValueError("The actor's department must be saved.")
    if citizen_id is not None and (isinstance(citizen_id, bool) or not isinstance(citizen_id, int)):
        raise ValueError("citizen_id must be an integer or None.")
    object_type = object_type.strip()
    if not object_type or len(object_type) > _OBJECT_TYPE_MAX:
        raise ValueError(f"object_type must be 1 to {_OBJECT_TYPE_MAX} characters.")
    # The purpose is shown to the citizen; an access without one is not lawful.
    purpose = mask_cpr(str(purpose)).strip()
    if not purpose:
        raise ValueError("Every access needs a purpose.")
    object_id = mask_cpr(str(object_id))
    if len(object_id) > _OBJECT_ID_MAX:
        raise ValueError(f"object_id must be at most {_OBJECT_ID_MAX} characters.")
    return AccessLogEntry(
        actor=actor,
        actor_department_id=actor_department_id,
        citizen_id=citizen_id,
        action=action,
        object_type=mask_cpr(object_type),
        object_id=object_id,
        purpose=purpose,
        criterion=mask_cpr(str(criterion)),
        granted=bool(granted),
    )


def _require_transaction_for_changes(action: AccessLogEntry.Action, *, granted: bool) -> None:
    # A refused attempt changed nothing, so it has no transaction to join.
    if granted and action in _CHANGES and not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            f"Record a {action.value} inside the transaction that makes the change."
        )


def record_access(
    *, citizen_id: int | None = None, object_id: str | int = "", **fields: Unpack[EntryFields]
) -> AccessLogEntry:
    """Write one access-log entry in the caller's transaction.

    ``purpose`` is shown to the citizen: pass a fixed English phrase marked with
    ``gettext_noop`` so that the log stores it language-neutral and readers see it
    translated (text without a catalogue entry is shown as stored). ``actor_department``
    (or its id) is the department the access was made through; the citizen sees it instead
    of the person. ``granted=False`` records a refused attempt. Any CPR-shaped text in
    ``purpose``, ``criterion`` or ``object_id`` is masked. A create, update or delete must be
    recorded inside the transaction that makes it.
    """
    entry = _entry(citizen_id=citizen_id, object_id=object_id, **fields)
    _require_transaction_for_changes(AccessLogEntry.Action(entry.action), granted=entry.granted)
    # No savepoint: if the insert fails, the caller's whole transaction must roll back,
    # even if the caller catches the error, so that no change is ever left unlogged.
    with transaction.atomic(savepoint=False):
        entry.save(force_insert=True)
    _written.set(_written.get() + 1)
    return entry


class StaffChange:
    """What the body of a ``staff_change`` tells its entry: the id of the row it changed."""

    object_id: str | int = ""


@contextmanager
def staff_change(
    *, actor: User, action: AccessLogEntry.Action | str, object_type: str, purpose: str
) -> Iterator[StaffChange]:
    """A logged change of a staff member's own data, no citizen's (a personal calendar
    feed): the transaction, and its one entry in it, in the actor's first department.
    Citizen data is written through ``roret.people.writes`` instead."""
    with transaction.atomic():
        change = StaffChange()
        yield change
        record_access(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=change.object_id,
            purpose=purpose,
            actor_department_id=min(actor.department_ids, default=None),
        )


def record_accesses(
    *, citizen_ids: Iterable[int], **fields: Unpack[EntryFields]
) -> list[AccessLogEntry]:
    """Write one entry per distinct citizen in one insert, e.g. for an export of a list."""
    template = _entry(citizen_id=None, object_id="", **fields)
    _require_transaction_for_changes(
        AccessLogEntry.Action(template.action), granted=template.granted
    )
    ids = list(dict.fromkeys(citizen_ids))
    for citizen_id in ids:
        if isinstance(citizen_id, bool) or not isinstance(citizen_id, int):
            raise ValueError("citizen_ids must be integers.")
    at = timezone.now()
    entries = [
        AccessLogEntry(
            at=at,
            actor=template.actor,
            actor_department_id=template.actor_department_id,
            citizen_id=citizen_id,
            action=template.action,
            object_type=template.object_type,
            object_id=template.object_id,
            purpose=template.purpose,
            criterion=template.criterion,
            granted=template.granted,
        )
        for citizen_id in ids
    ]
    with transaction.atomic(savepoint=False):
        written = AccessLogEntry.objects.bulk_create(entries)
    _written.set(_written.get() + len(written))
    return written


@dataclass(frozen=True)
class SealResult:
    sealed: int
    seals: int
    first_position: int | None
    last_position: int | None
    head_hash: str


def seal_pending(
    *,
    now: datetime | None = None,
    margin: timedelta | None = None,
    full: bool = False,
    batch_size: int = 5000,
) -> SealResult:
    """Add every entry without a chain link, older than the margin, to the hash chain.

    Entries are taken in id order, but ids commit out of order and have gaps, so the
    selection is "has no link yet", never "id above the last sealed id": an entry whose
    transaction committed after a later id was sealed is picked up by the next seal. Each
    batch is its own transaction and ``Seal`` row.
    """
    now = now or timezone.now()
    through = now - (seal_margin() if margin is None else margin)
    sealed, seals = 0, 0
    first_position: int | None = None
    last_position: int | None = None
    head_hash = GENESIS_HASH
    while True:
        with transaction.atomic():
            lock_chain()
            latest = Seal.objects.order_by("-last_position").first()
            head_position = latest.last_position if latest else 0
            head_hash = latest.head_hash if latest else GENESIS_HASH
            candidates = AccessLogEntry.objects.filter(at__lte=through).filter(
                ~Exists(ChainLink.objects.filter(entry_id=OuterRef("pk")))
            )
            if latest is not None and not full:
                candidates = candidates.filter(at__gt=latest.through - seal_lookback())
            batch = list(candidates.order_by("id")[:batch_size])
            if not batch:
                break
            links = []
            previous = head_hash
            for offset, entry in enumerate(batch, start=1):
                position = head_position + offset
                digest = link_hash(previous, entry, position=position)
                links.append(
                    ChainLink(
                        entry_id=entry.pk, position=position, previous_hash=previous, hash=digest
                    )
                )
                previous = digest
            ChainLink.objects.bulk_create(links)
            Seal.objects.create(
                sealed_at=now,
                through=through,
                first_position=links[0].position,
                last_position=links[-1].position,
                count=len(links),
                head_hash=previous,
            )
            head_hash = previous
            sealed += len(links)
            seals += 1
            first_position = first_position or links[0].position
            last_position = links[-1].position
        if len(batch) < batch_size:
            break
    return SealResult(
        sealed=sealed,
        seals=seals,
        first_position=first_position,
        last_position=last_position,
        head_hash=head_hash,
    )


@contextmanager
def _deletes_allowed() -> Iterator[None]:
    """Let the append-only triggers accept DELETE until the block ends, in this transaction.

    Only the purge below uses this. If the block fails, the transaction rolls back and the
    permission goes with it (a transaction-local setting on PostgreSQL, an uncommitted row
    in the control table on SQLite).
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("Deleting log rows needs a transaction.")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('roret.audit_purge', 'on', true)")
        else:
            cursor.execute("INSERT INTO audit_purgecontrol (id) VALUES (1)")
        yield
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('roret.audit_purge', 'off', true)")
        else:
            cursor.execute("DELETE FROM audit_purgecontrol")


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime | None
    deleted: int
    first_position: int | None
    last_position: int | None
    log_entry: AccessLogEntry | None


def _check_segment(*, start_position: int, start_hash: str, last_position: int) -> None:
    previous = start_hash
    position = start_position
    chunk = 2000
    while position < last_position:
        links = list(
            ChainLink.objects.filter(position__gt=position, position__lte=last_position).order_by(
                "position"
            )[:chunk]
        )
        entries = AccessLogEntry.objects.in_bulk([link.entry_id for link in links])
        for link in links:
            entry = entries.get(link.entry_id)
            if (
                link.position != position + 1
                or entry is None
                or link.previous_hash != previous
                or link_hash(previous, entry, position=link.position) != link.hash
            ):
                raise ChainBrokenError(
                    f"The chain does not verify at position {position + 1}; nothing was "
                    "purged. Run `roret audit verify`."
                )
            previous = link.hash
            position = link.position


def purge_expired_access_log(
    *, actor: User | None = None, now: datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete access-log entries past their retention period: the only way to delete them.

    The oldest part of the chain is deleted as a whole prefix, so the rest still verifies
    from a new anchor; an entry past its period that sits behind a newer one in the chain
    waits for a later purge. The purge verifies the part it deletes first and refuses if it
    does not verify, so that it never destroys the evidence of tampering. Every run that is
    not a dry run writes its own log entry.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Sealed in the same transaction, so that a dry run can roll the seal back too.
        seal_pending(now=now)
        lock_chain()
        cutoff = retention_cutoff(ACCESS_LOG_RECORD_TYPE, now=now)
        anchor_position, anchor_hash = chain_start()
        last_position = anchor_position
        if cutoff is not None:
            # The first link that must stay: its entry is recent, or missing (tampering).
            keep = (
                ChainLink.objects.filter(position__gt=anchor_position)
                .filter(
                    ~Exists(AccessLogEntry.objects.filter(pk=OuterRef("entry_id"), at__lt=cutoff))
                )
                .order_by("position")
                .values_list("position", flat=True)
                .first()
            )
            if keep is not None:
                last_position = keep - 1
            else:
                newest = (
                    ChainLink.objects.order_by("-position").values_list("position", flat=True)
                ).first()
                last_position = max(anchor_position, newest or 0)
        deleted = last_position - anchor_position
        result = PurgeResult(
            cutoff=cutoff,
            deleted=deleted,
            first_position=anchor_position + 1 if deleted else None,
            last_position=last_position if deleted else None,
            log_entry=None,
        )
        if dry_run:
            transaction.set_rollback(True)
            return result
        purged_head = anchor_hash
        if deleted:
            _check_segment(
                start_position=anchor_position,
                start_hash=anchor_hash,
                last_position=last_position,
            )
            purged_head = ChainLink.objects.get(position=last_position).hash
            segment = ChainLink.objects.filter(
                position__gt=anchor_position, position__lte=last_position
            )
            with _deletes_allowed():
                AccessLogEntry.objects.filter(pk__in=segment.values("entry_id")).delete()
                segment.delete()
        if cutoff is None:
            criterion = "no retention rule for the access log: nothing deleted"
        elif deleted:
            criterion = (
                f"logged before {cutoff.isoformat(timespec='seconds')}: {deleted} entries, "
                f"chain positions {anchor_position + 1} to {last_position}"
            )
        else:
            criterion = f"logged before {cutoff.isoformat(timespec='seconds')}: 0 entries"
        log_entry = record_access(
            actor=actor,
            action=AccessLogEntry.Action.DELETE,
            object_type=ACCESS_LOG_RECORD_TYPE,
            purpose=PURGE_PURPOSE,
            criterion=criterion,
        )
        if deleted:
            ChainAnchor.objects.create(
                created_at=now,
                position=last_position,
                hash=purged_head,
                purge_entry_id=log_entry.pk,
            )
    return replace(result, log_entry=log_entry)
