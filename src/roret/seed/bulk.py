"""Fast inserts of many rows of one model.

Rows are plain dicts of attribute names (``citizen_id``, ``started_on``...) to values: building
a Django model instance costs about 50 µs, which for size L (about a million rows) would be
most of the run. Missing fields get the model's default, ``auto_now`` fields the time of the
insert, as a normal save would; ``auto_now_add`` fields too, unless the row gives a value
(history that happened before the seed, e.g. ten years of journal notes; on PostgreSQL only:
elsewhere ``bulk_create`` stamps them with the time of the insert).

On PostgreSQL the rows go through ``COPY ... FROM STDIN``, several times faster than
``bulk_create``, whose time goes to compiling huge INSERT statements; when later phases need
the new primary keys they are drawn from the table's sequence first and copied with the rows.
Other databases (the SQLite demo) use ``bulk_create``, which returns the keys itself.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import DateTimeField, JSONField, Model
from django.utils import timezone

BATCH = 2000

Row = Mapping[str, Any]


def row_of(obj: Model) -> dict[str, Any]:
    """The row of a model instance built the ordinary way (e.g. to use its methods)."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def insert(model: type[Model], rows: Sequence[Row], *, need_ids: bool = False) -> list[int]:
    """Insert ``rows``; returns their new primary keys when ``need_ids``, else an empty list."""
    if not rows:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    known = {f.attname for f in meta.concrete_fields}
    for row in rows:
        if not row.keys() <= known:
            raise ValueError(f"{meta.label} has no fields {sorted(set(row) - known)}")
    if connection.vendor != "postgresql":
        objs = [model(**row) for row in rows]
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        if need_ids and any(obj.pk is None for obj in objs):
            raise RuntimeError("The database backend did not return the new primary keys.")
        return [obj.pk for obj in objs] if need_ids else []

    now = timezone.now()
    # (attname, value for rows that do not give one, whether that value overrides the row's,
    # whether it also replaces a None: an auto_now_add field of a row built from an instance)
    plan: list[tuple[str, Any, bool, bool]] = []
    for f in fields:
        automatic = bool(getattr(f, "auto_now", False))
        stamped = bool(getattr(f, "auto_now_add", False))
        if automatic or stamped:
            value = now if isinstance(f, DateTimeField) else timezone.localdate(now)
        else:
            value = f.get_default()
        plan.append((f.attname, _plain(value), automatic, stamped))
    columns = [str(f.column) for f in fields]
    ids: list[int] = []
    if need_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s) ORDER BY 1",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        columns.insert(0, str(meta.pk.column))
    quote = connection.ops.quote_name
    statement = f"COPY {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    # COPY takes a JSON column's value only as JSON text; a list would go as an array literal.
    json_columns = [index for index, f in enumerate(fields) if isinstance(f, JSONField)]
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for index, row in enumerate(rows):
            values = [
                default
                if automatic or (stamped and row.get(attname) is None)
                else _plain(row.get(attname, default))
                for attname, default, automatic, stamped in plan
            ]
            for column in json_columns:
                values[column] = fields[column].get_db_prep_value(values[column], connection)
            if need_ids:
                values.insert(0, ids[index])
            copy.write_row(values)
    return ids


@contextmanager
def references_trusted() -> Iterator[None]:
    """Skip PostgreSQL's foreign-key checks for the rows inserted inside the block.

    For the history phases (millions of journal notes and access-log entries): their foreign
    keys are deferred, so PostgreSQL queues one check per reference and runs them all at
    COMMIT — about 35 million look-ups at L, minutes of the seed. The rows point only at
    citizens, staff and departments this same transaction wrote or read, so the checks cannot
    fail. Switching them off needs a superuser (``session_replication_role``, transaction-
    local); for any other role, and on SQLite, the checks run as usual. Only row triggers
    are affected: the access log's append-only triggers guard UPDATE and DELETE, which the
    seed never does.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        row = cursor.fetchone()
    if not (row and row[0]):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")


def _plain(value: Any) -> Any:
    # psycopg would dump an enum member by its name; the database stores its value.
    return value.value if isinstance(value, enum.Enum) else value
