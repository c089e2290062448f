"""Trigram indexes for the citizen search by name (PostgreSQL only).

The search matches any part of a first or last name (``icontains``, which Django writes as
``UPPER(name) LIKE UPPER('%…%')``); a b-tree cannot serve that, so at 100,000 citizens every
search read the whole table, and PostgreSQL's planner, costing that scan high, also JIT-
compiled the query for about a second (docs/performance.md). GIN trigram indexes on the same
expressions make it an index look-up. SQLite (the demo, the tests) has no such index and
searches its small tables as before. ``pg_trgm`` is a trusted extension: the database owner
may create it.
"""

from django.db import migrations

INDEXES = {
    "people_citizen_first_name_trgm": "first_name",
    "people_citizen_last_name_trgm": "last_name",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON people_citizen "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_problem_area_types")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
