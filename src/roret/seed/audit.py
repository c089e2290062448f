"""Phase: five years of access log (``Size.access_log_entries``; about ten million at L),
written already sealed into the hash chain.

The log is append-only (triggers refuse UPDATE and DELETE) but not insert-only, so synthetic
history goes in the ordinary way: rows are inserted, never changed. Sealing them afterwards
with ``roret audit seal`` would read ten million entries back through the ORM; instead this
phase does what ``roret.audit.services.seal_pending`` does, in bulk, as it writes: each
entry's chain link is computed as ``roret.audit.chain.link_hash`` computes it (the same
canonical form, checked against ``canonical_bytes`` in every batch) over the values that
are copied into the table, continuing from the chain's current head, with one
``Seal`` per 5,000 positions as a seal run would write. ``roret audit verify`` afterwards
recomputes every hash from the stored rows, so it checks the seeded history as strictly as
a real log (``tests/seed/test_audit_seed.py``).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any, cast

from django.utils import timezone

from roret.audit.chain import GENESIS_HASH, SCHEME, canonical_bytes
from roret.audit.models import AccessLogEntry, ChainLink, Seal
from roret.seed.bulk import BATCH, Row, insert, references_trusted
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


# One entry's canonical form (``roret.audit.chain.canonical_bytes``: sorted keys, no spaces)
# written out for the few shapes this phase produces: json.dumps of a dict per entry is most
# of the phase's time at L. Each batch checks its first entry against ``canonical_bytes``
# itself, so a change of the serialisation stops the seed instead of sealing wrong hashes.
@functools.cache
def _json(value: str | int | None) -> str:
    # Cached: the values come from short fixed lists (uses, criteria, staff, departments).
    return json.dumps(value, ensure_ascii=False)


def _fast_canonical(pk: int, position: int, row: Row) -> bytes:
    citizen = row["citizen_id"]
    return (
        f'{{"action":{_json(row["action"])},'
        f'"actor_department_id":{_json(row["actor_department_id"])},'
        f'"actor_id":{_json(row["actor_id"])},'
        f'"at":"{row["at"].isoformat(timespec="microseconds")}",'
        f'"citizen_id":{"null" if citizen is None else citizen},'
        f'"criterion":{_json(row["criterion"])},"granted":true,"id":{pk},'
        f'"object_id":"{row["object_id"]}","object_type":{_json(row["object_type"])},'
        f'"position":{position},"purpose":{_json(row["purpose"])},"scheme":{SCHEME}}}'
    ).encode()


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
    # The uses drawn by weight from a list holding each use ``weight`` times: a single
    # rng.choice per entry, several times faster than rng.choices.
    uses = [use for use in USES for _ in range(use[3])]
    now = timezone.now().astimezone(datetime.UTC)
    start = (now - datetime.timedelta(days=round(YEARS * 365.25))).timestamp()
    # Entries are dated in id order, as a live log would be, a little jitter apart.
    step = (now.timestamp() - start) / total
    with ctx.progress(total, "Adgangslog", unit="entries") as bar, references_trusted():
        written = 0
        while written < total:
            count = min(BATCH * 10, total - written)
            rows: list[Row] = []
            for index in range(written, written + count):
                action, object_type, purpose, _weight = rng.choice(uses)
                actor_id, department_id = rng.choice(actors)
                citizen_id = None if action == "search" else rng.choice(citizen_ids)
                at = datetime.datetime.fromtimestamp(
                    start + (index + rng.random()) * step, tz=datetime.UTC
                )
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
    check = cast(Any, _Entry(pk=ids[0], **rows[0]))
    if _fast_canonical(ids[0], position + 1, rows[0]) != canonical_bytes(
        check, position=position + 1
    ):
        raise RuntimeError("roret.audit.chain.canonical_bytes changed; update the seed's copy.")
    links: list[Row] = []
    seals: list[Row] = []
    first = position + 1
    sha256 = hashlib.sha256
    for pk, row in zip(ids, rows, strict=True):
        position += 1
        digest = sha256(head.encode("ascii"))
        digest.update(_fast_canonical(pk, position, row))
        link = digest.hexdigest()
        links.append({"entry_id": pk, "position": position, "previous_hash": head, "hash": link})
        head = link
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
