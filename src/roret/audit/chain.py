"""The hash chain over access-log entries: canonical serialisation and link hashes.

Changing anything here changes every hash: a new serialisation needs a new ``SCHEME`` and
verification that knows the old one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction

from roret.audit.models import AccessLogEntry

SCHEME = 1
# The hash "before" the first link of a chain that has never been purged.
GENESIS_HASH = "0" * 64


def canonical_bytes(entry: AccessLogEntry, *, position: int) -> bytes:
    """Every stored field of the entry plus its chain position, in one fixed byte form.

    The position is included so that moving a link to another place breaks the chain even
    if the entries' contents are untouched.
    """
    payload = {
        "scheme": SCHEME,
        "position": position,
        "id": entry.pk,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_department_id": entry.actor_department_id,
        "citizen_id": entry.citizen_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "purpose": entry.purpose,
        "criterion": entry.criterion,
        "granted": entry.granted,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(previous_hash: str, entry: AccessLogEntry, *, position: int) -> str:
    digest = hashlib.sha256(previous_hash.encode("ascii"))
    digest.update(canonical_bytes(entry, position=position))
    return digest.hexdigest()


# Keys the PostgreSQL advisory lock that sealers, the purge and verification share.
_CHAIN_LOCK_KEY = int.from_bytes(hashlib.sha256(b"roret.audit.chain").digest()[:8], signed=True)


def lock_chain() -> None:
    """Serialise sealers, the purge and verification with each other, and nothing else.

    Call inside a transaction; the lock is released when it ends. Ordinary requests only
    insert log entries and never take this lock, so sealing never makes them wait. SQLite
    has no such lock: there the unique positions make a second, racing sealer fail instead.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("lock_chain() needs a transaction.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def seal_margin() -> timedelta:
    """How old an entry must be before it is sealed, so that in-flight transactions commit."""
    return timedelta(seconds=settings.RORET_AUDIT_SEAL_MARGIN_SECONDS)


def seal_lookback() -> timedelta:
    """How far before the previous seal's cut-off a seal looks for late-committed entries.

    Bounding the search keeps sealing cheap on a log of many millions of rows; an entry whose
    transaction took longer than this to commit is reported as unsealed by verification and
    sealed by ``roret audit seal --full``.
    """
    return timedelta(seconds=settings.RORET_AUDIT_SEAL_LOOKBACK_SECONDS)
