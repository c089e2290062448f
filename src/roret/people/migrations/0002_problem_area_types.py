from django.db import migrations

# The national list of udsathedsfaktorer (see DOMAIN.md); the municipality may add more.
TYPES = [
    ("homelessness", "Hjemløshed"),
    ("substance_misuse", "Misbrug"),
    ("mental_illness", "Psykisk sygdom"),
    ("prostitution", "Prostitution"),
    ("violence_close_relations", "Vold i nære relationer"),
    ("no_labour_market_attachment", "Ingen tilknytning til arbejdsmarkedet"),
    ("crime", "Kriminalitet"),
    ("weak_social_skills", "Svage sociale kompetencer"),
    ("crisis_trauma_neglect", "Kriser, traumer eller omsorgssvigt"),
    ("poverty", "Fattigdom"),
]


def create_types(apps, schema_editor):
    ProblemAreaType = apps.get_model("people", "ProblemAreaType")
    for order, (code, name) in enumerate(TYPES, start=1):
        ProblemAreaType.objects.update_or_create(
            code=code, defaults={"name": name, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
