"""Database triggers that make the log tables append-only.

UPDATE is always refused. DELETE is refused unless the retention purge has switched on its
permission inside the same transaction: a transaction-local setting on PostgreSQL, a row in
the ``audit_purgecontrol`` table on SQLite (which has no session settings). The SQL is
written out here, not imported, so that this migration keeps doing what it did.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

TABLES = ["audit_accesslogentry", "audit_chainlink", "audit_seal", "audit_chainanchor"]
MESSAGE = "%s on %s refused: the access log is append-only"

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('roret.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% on % refused: the access log is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
                params=None,
            )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE TABLE audit_purgecontrol (id INTEGER PRIMARY KEY CHECK (id = 1))"
        )
        # The table names are the constants above, never input.
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE % ('UPDATE', table)}'); END",
                params=None,
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "  # noqa: S608
                "WHEN NOT EXISTS (SELECT 1 FROM audit_purgecontrol) "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE % ('DELETE', table)}'); END",
                params=None,
            )
    else:
        raise ImproperlyConfigured(
            f"Roret supports PostgreSQL and SQLite; the append-only access log has no "
            f"triggers for {vendor}."
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change()")
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        schema_editor.execute("DROP TABLE IF EXISTS audit_purgecontrol")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
