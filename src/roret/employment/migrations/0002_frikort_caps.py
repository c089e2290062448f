"""The yearly tax-free amounts of the social frikort known when the module was built; the
administrator adds later years in the admin."""

from decimal import Decimal

from django.db import migrations

CAPS = [
    (
        2024,
        Decimal("41280.00"),
        "Skattefrit beløb for det sociale frikort 2024 (forsøgsordningen), reguleret pr. "
        "1. januar efter satsreguleringsprocenten.",
    ),
    (
        2025,
        Decimal("42766.00"),
        "Skattefrit beløb for det sociale frikort 2025, da ordningen blev permanent; "
        "reguleres hvert år pr. 1. januar.",
    ),
]


def add_caps(apps, schema_editor):
    FrikortCap = apps.get_model("employment", "FrikortCap")
    for year, amount, note in CAPS:
        FrikortCap.objects.update_or_create(
            year=year, defaults={"amount": amount, "regulation_note": note}
        )


def remove_caps(apps, schema_editor):
    FrikortCap = apps.get_model("employment", "FrikortCap")
    FrikortCap.objects.filter(year__in=[year for year, _a, _n in CAPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("employment", "0001_initial")]

    operations = [migrations.RunPython(add_caps, remove_caps)]
