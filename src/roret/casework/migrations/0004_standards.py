import datetime

from django.db import migrations

# Starting values within the range municipalities publish (DOMAIN.md, "Processing deadlines");
# each municipality edits them in the admin. Paragraphs without a decision have none.
STANDARDS = [
    ("82a", 2, "weeks"),
    ("82b", 4, "weeks"),
    ("83", 4, "weeks"),
    ("83a", 4, "weeks"),
    ("83b", 2, "weeks"),
    ("85", 8, "weeks"),
    ("85a", 8, "weeks"),
    ("97", 8, "weeks"),
    ("99", 0, "immediately"),
    ("101", 14, "calendar_days"),
    ("103", 3, "months"),
    ("104", 3, "months"),
    ("107", 3, "months"),
    ("108", 4, "months"),
    ("110", 2, "working_days"),
]
VALID_FROM = datetime.date(2020, 1, 1)


def create(apps, schema_editor):
    LegalBasis = apps.get_model("casework", "LegalBasis")
    ProcessingStandard = apps.get_model("casework", "ProcessingStandard")
    for paragraph, amount, unit in STANDARDS:
        basis = LegalBasis.objects.filter(law="SEL", paragraph=paragraph).first()
        if basis is None or basis.standards.exists():
            continue
        ProcessingStandard.objects.create(
            legal_basis=basis, amount=amount, unit=unit, valid_from=VALID_FROM
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_applications")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
