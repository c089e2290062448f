"""Reads of the access log: a citizen's log, retention cut-offs, and chain verification."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from roret.audit.chain import GENESIS_HASH, link_hash, lock_chain, seal_margin
from roret.audit.models import (
    MINIMUM_KEEP_DAYS,
    AccessLogEntry,
    ChainAnchor,
    ChainLink,
    RetentionRule,
    Seal,
)
from roret.core.paging import Pager, PageRequest, paginate


@dataclass(frozen=True)
class CitizenAccessLogRow:
    """One line of a citizen's access log. ``actor`` is None in the citizen's own view."""

    at: datetime
    department: str | None
    action: str
    purpose: str
    granted: bool
    actor: str | None


def _log_of(citizen_id: int, for_citizen: bool) -> QuerySet[AccessLogEntry]:
    return (
        AccessLogEntry.objects.filter(citizen_id=citizen_id)
        .select_related("actor_department", *([] if for_citizen else ["actor"]))
        .order_by("-at", "-id")
    )


def _line(row: AccessLogEntry, for_citizen: bool) -> CitizenAccessLogRow:
    actor = None
    if not for_citizen:
        actor = (row.actor.get_full_name() or row.actor.username) if row.actor else None
    return CitizenAccessLogRow(
        at=row.at,
        department=row.actor_department.name if row.actor_department else None,
        action=str(AccessLogEntry.Action(row.action).label),
        # gettext() would return the catalogue's header.
        purpose=gettext(row.purpose) if row.purpose else "",
        granted=row.granted,
        actor=actor,
    )


def citizen_access_log(
    *, citizen_id: int, for_citizen: bool, limit: int = 100, offset: int = 0
) -> list[CitizenAccessLogRow]:
    """The uses of one citizen's data, newest first, in one query.

    For the citizen (``for_citizen=True``) each line names the department, not the person.
    The caller checks that the reader may see this log.
    """
    rows = _log_of(citizen_id, for_citizen)[offset : offset + limit]
    return [_line(row, for_citizen) for row in rows]


def citizen_access_log_page(
    *,
    citizen_id: int,
    for_citizen: bool,
    paging: PageRequest,
    action: str = "",
    start: date | None = None,
    end: date | None = None,
) -> Pager[CitizenAccessLogRow]:
    """One page of the same log with its total (one count, one query for the rows, on the
    ``(citizen_id, at)`` index), narrowed to one kind of use and a period of days."""
    rows = _log_of(citizen_id, for_citizen)
    if action in AccessLogEntry.Action.values:
        rows = rows.filter(action=action)
    if start is not None:
        rows = rows.filter(at__gte=_day_start(start))
    if end is not None:
        rows = rows.filter(at__lt=_day_start(end + timedelta(days=1)))
    return paginate(rows, paging).map(lambda row: _line(row, for_citizen))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class LastChange:
    at: datetime
    actor_name: str


def last_change(*, citizen_id: int | None, object_type: str, object_id: str) -> LastChange | None:
    """Who last changed a row, and when: named in the message that refuses a stale write.

    Read through the (citizen_id, at) index: a citizen's entries are few enough to filter."""
    entry = (
        AccessLogEntry.objects.filter(
            citizen_id=citizen_id,
            object_type=object_type,
            object_id=object_id,
            granted=True,
            action__in=[AccessLogEntry.Action.CREATE, AccessLogEntry.Action.UPDATE],
        )
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if entry is None:
        return None
    name = (entry.actor.get_full_name() or entry.actor.username) if entry.actor else ""
    return LastChange(at=entry.at, actor_name=name)


def retention_cutoff(record_type: str, *, now: datetime | None = None) -> datetime | None:
    """Records of ``record_type`` from before this moment are past their retention period.

    None when no rule exists for the type: without a rule, nothing is deleted. A rule below
    the legal minimum for its type counts as the minimum.
    """
    keep_days = (
        RetentionRule.objects.filter(record_type=record_type)
        .values_list("keep_days", flat=True)
        .first()
    )
    if keep_days is None:
        return None
    keep_days = max(keep_days, MINIMUM_KEEP_DAYS.get(record_type, 0))
    return (now or timezone.now()) - timedelta(days=keep_days)


def chain_start() -> tuple[int, str]:
    """The position and hash the remaining chain continues from (after the last purge)."""
    anchor = ChainAnchor.objects.order_by("-position").first()
    return (anchor.position, anchor.hash) if anchor else (0, GENESIS_HASH)


class Problem(enum.StrEnum):
    CHANGED = "changed"
    DELETED = "deleted"
    LINK_MISSING = "link_missing"
    SEAL_MISMATCH = "seal_mismatch"


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    head_position: int
    head_hash: str
    unsealed: int
    first_bad_entry_id: int | None = None
    first_bad_position: int | None = None
    reason: Problem | None = None

    @property
    def message(self) -> str:
        if self.ok:
            return (
                f"ok: {self.checked} chain links verified, "
                f"head position {self.head_position}, head hash {self.head_hash}"
            )
        where = f"position {self.first_bad_position}"
        if self.first_bad_entry_id is not None:
            where = f"entry {self.first_bad_entry_id} ({where})"
        explanation = {
            Problem.CHANGED: "its contents do not match its chain link (changed or moved)",
            Problem.DELETED: "it has a chain link but the entry is gone (deleted)",
            Problem.LINK_MISSING: "the chain link is missing (entry and link deleted)",
            Problem.SEAL_MISMATCH: "the chain does not end in the hash its seal recorded",
        }[self.reason or Problem.CHANGED]
        return f"TAMPERED at {where}: {explanation}"


def unsealed_count(*, now: datetime | None = None, margin: timedelta | None = None) -> int:
    """Entries older than the sealing margin that have no chain link yet."""
    through = (now or timezone.now()) - (seal_margin() if margin is None else margin)
    return (
        AccessLogEntry.objects.filter(at__lte=through)
        .filter(~Exists(ChainLink.objects.filter(entry_id=OuterRef("pk"))))
        .count()
    )


def verify_chain(
    *, now: datetime | None = None, margin: timedelta | None = None, chunk_size: int = 2000
) -> VerificationResult:
    """Recompute the hash chain from its anchor and report the first entry that breaks it.

    Holds the sealers' lock, so a seal or purge cannot move the chain under the check; the
    memory used does not grow with the size of the log.
    """
    with transaction.atomic():
        lock_chain()
        position, previous = chain_start()
        checked = 0

        def result(
            problem: Problem | None = None,
            at_position: int | None = None,
            entry_id: int | None = None,
        ) -> VerificationResult:
            """The chain as checked so far; with a ``problem``, where it first breaks."""
            return VerificationResult(
                ok=problem is None,
                checked=checked,
                head_position=position,
                head_hash=previous,
                unsealed=unsealed_count(now=now, margin=margin),
                first_bad_entry_id=entry_id,
                first_bad_position=at_position,
                reason=problem,
            )

        while True:
            links = list(
                ChainLink.objects.filter(position__gt=position).order_by("position")[:chunk_size]
            )
            if not links:
                break
            entries = AccessLogEntry.objects.in_bulk([link.entry_id for link in links])
            seal_heads = dict(
                Seal.objects.filter(
                    last_position__gte=links[0].position, last_position__lte=links[-1].position
                ).values_list("last_position", "head_hash")
            )
            for link in links:
                if link.position != position + 1:
                    return result(Problem.LINK_MISSING, position + 1, None)
                entry = entries.get(link.entry_id)
                if entry is None:
                    return result(Problem.DELETED, link.position, link.entry_id)
                expected = link_hash(previous, entry, position=link.position)
                if link.previous_hash != previous or link.hash != expected:
                    return result(Problem.CHANGED, link.position, entry.pk)
                if link.position in seal_heads and seal_heads[link.position] != link.hash:
                    return result(Problem.SEAL_MISMATCH, link.position, entry.pk)
                position, previous = link.position, link.hash
                checked += 1
        sealed_through = Seal.objects.aggregate(last=Max("last_position"))["last"] or 0
        if sealed_through > position:
            return result(Problem.LINK_MISSING, position + 1, None)
        return result()
