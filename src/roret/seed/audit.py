"""Phase: five years of access log (``Size.access_log_entries``; about ten million at L),
written already sealed into the hash chain.

The log is append-only (triggers refuse UPDATE and DELETE) but not insert-only, so synthetic
history goes in the ordinary way: rows are inserted, never changed. Sealing them afterwards
with ``roret audit seal`` would read ten million entries back through the ORM; instead this
phase does what ``roret.audit.services.seal_pending`` does, in bulk, as it writes: each
entry's chain link is computed with the same ``roret.audit.chain.link_hash`` over the same
values that are copied into the table, continuing from the chain's current head, with one
``Seal`` per 5,000 positions as a seal run would write. ``roret audit verify`` afterwards
recomputes every hash from the stored rows, so it checks the seeded history as strictly as
a real log (``tests/seed/test_audit_seed.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.utils import timezone

from roret.audit.chain import GENESIS_HASH, link_hash
from roret.audit.models import AccessLogEntry, ChainLink, Seal
from roret.seed.bulk import BATCH, Row, insert
from roret.seed.context import SeedContext

YEARS = 5
SEAL_BATCH = 5000

# (action, object type, purpose as the pages store it (English msgid), weight)
USES: list[tuple[str, str, str, int]] = [
    ("view", "people.citizen", "Citizen overview", 60),
    ("view", "plans.plan", "Plan", 10),
    ("view", "casework.application", "Application", 8),
    ("search", "people.citizen", "Citizen search", 10),
    ("search", "casework.application", "Application queue", 6),
    ("update", "people.citizen", "Citizen details changed", 4),
    ("export", "casework.application", "Processing-time report", 2),
]
CRITERIA = ["navn: Hansen", "navn: Jensen", "navn: Nielsen", "navn: Pedersen", "navn: Larsen"]


@dataclass(slots=True)
class _Entry:
    """The fields ``canonical_bytes`` reads, without building ten million model instances."""

    pk: int
    at: datetime.datetime
    actor_id: int | None
    actor_department_id: int | None
    citizen_id: int | None
    action: str
    object_type: str
    object_id: str
    purpose: str
    criterion: str
    granted: bool


def seed_access_log(ctx: SeedContext) -> None:
    total = ctx.scaled(ctx.size.access_log_entries)
    actors = [(s.pk, s.department_ids[0]) for s in ctx.staff if s.department_ids]
    citizen_ids = [c.pk for c in ctx.citizens]
    if total <= 0 or not actors or not citizen_ids:
        return
    latest = Seal.objects.order_by("-last_position").first()
    position = latest.last_position if latest else 0
    head = latest.head_hash if latest else GENESIS_HASH
    rng = ctx.rng
    weights = [use[3] for use in USES]
    now = timezone.now()
    start = now - datetime.timedelta(days=round(YEARS * 365.25))
    # Entries are dated in id order, as a live log would be, a little jitter apart.
    step = (now - start).total_seconds() / total
    with ctx.progress(total, "Adgangslog", unit="entries") as bar:
        written = 0
        while written < total:
            count = min(BATCH * 10, total - written)
            rows: list[Row] = []
            for index in range(written, written + count):
                action, object_type, purpose, _weight = rng.choices(USES, weights)[0]
                actor_id, department_id = rng.choice(actors)
                citizen_id = None if action == "search" else rng.choice(citizen_ids)
                at = start + datetime.timedelta(seconds=(index + rng.random()) * step)
                rows.append(
                    {
                        "at": at,
                        "actor_id": actor_id,
                        "actor_department_id": department_id,
                        "citizen_id": citizen_id,
                        "action": action,
                        "object_type": object_type,
                        "object_id": "" if citizen_id is None else str(citizen_id),
                        "purpose": purpose,
                        "criterion": rng.choice(CRITERIA) if action == "search" else "",
                        "granted": True,
                    }
                )
            ids = insert(AccessLogEntry, rows, need_ids=True)
            position, head = _seal(rows, ids, position=position, head=head, now=now)
            written += count
            bar.update(count)
    ctx.created["audit.AccessLogEntry"] += total


def _seal(
    rows: list[Row], ids: list[int], *, position: int, head: str, now: datetime.datetime
) -> tuple[int, str]:
    links: list[Row] = []
    seals: list[Row] = []
    first = position + 1
    for pk, row in zip(ids, rows, strict=True):
        position += 1
        entry = cast(Any, _Entry(pk=pk, **row))
        digest = link_hash(head, entry, position=position)
        links.append({"entry_id": pk, "position": position, "previous_hash": head, "hash": digest})
        head = digest
        if position - first + 1 == SEAL_BATCH or pk == ids[-1]:
            seals.append(
                {
                    "sealed_at": now,
                    "through": now,
                    "first_position": first,
                    "last_position": position,
                    "count": position - first + 1,
                    "head_hash": head,
                }
            )
            first = position + 1
    insert(ChainLink, links)
    insert(Seal, seals)
    return position, head
