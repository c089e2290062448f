from django.db import migrations

# SEL paragraphs for adults (DOMAIN.md, "Legal bases"): paragraph, title, requires a decision,
# can be appealed. The municipality edits the catalogue; this is only the starting point.
LEGAL_BASES = [
    ("81", "Formål: sammenhængende, forebyggende og helhedsorienteret indsats", False, False),
    ("82a", "Gruppebaseret hjælp, også til personer i risiko", True, False),
    ("82b", "Individuel, tidsbegrænset socialpædagogisk støtte (højst 6 måneder)", True, False),
    ("82c", "Socialt akuttilbud ved psykisk sygdom, anonymt", False, False),
    ("82d", "Hjælp etableret i samarbejde med frivillige", False, False),
    ("83", "Personlig og praktisk hjælp", True, True),
    ("83a", "Rehabiliteringsforløb", True, True),
    ("83b", "Madservice", True, True),
    ("85", "Socialpædagogisk bistand (bostøtte)", True, True),
    ("85a", "Støtte efter specialiserede Housing First-metoder", True, True),
    ("97", "Ledsagelse (15 timer om måneden)", True, True),
    ("99", "Støtte- og kontaktperson (opsøgende, kan være anonym)", False, False),
    ("101", "Behandling for stofmisbrug (start inden 14 dage)", True, True),
    ("101a", "Anonym behandling for stofmisbrug", False, False),
    ("103", "Beskyttet beskæftigelse", True, True),
    ("104", "Aktivitets- og samværstilbud", True, True),
    ("107", "Midlertidigt botilbud", True, True),
    ("108", "Længerevarende botilbud", True, True),
    ("110", "Herberg og forsorgshjem (selvhenvendelse; lederen optager)", False, True),
]


def create(apps, schema_editor):
    LegalBasis = apps.get_model("casework", "LegalBasis")
    for order, (paragraph, title, decision, appeal) in enumerate(LEGAL_BASES, start=1):
        LegalBasis.objects.update_or_create(
            law="SEL",
            paragraph=paragraph,
            defaults={
                "title": title,
                "requires_decision": decision,
                "can_be_appealed": appeal,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
