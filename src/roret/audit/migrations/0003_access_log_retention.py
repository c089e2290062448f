"""The access log's retention rule: five years by default; the municipality sets its own.

The law asks for at least six months (the model refuses less). The default is longer so
that a citizen can see who used their data over the course of a long case.
"""

from django.db import migrations

NOTE = (
    "Log over brug af personoplysninger. Skal gemmes mindst 6 måneder; "
    "kommunen fastsætter den endelige periode."
)


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("audit", "RetentionRule")
    RetentionRule.objects.get_or_create(
        record_type="audit.accesslogentry", defaults={"keep_days": 1826, "note": NOTE}
    )


def unseed(apps, schema_editor):
    RetentionRule = apps.get_model("audit", "RetentionRule")
    RetentionRule.objects.filter(record_type="audit.accesslogentry").delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(seed, unseed)]
