from django.db import migrations

ROLES = [
    ("caseworker", "Sagsbehandler", "Behandler ansøgninger og træffer afgørelser."),
    ("coordinator", "Koordinator", "Holder overblikket over borgerens samlede plan."),
    ("outreach_worker", "Opsøgende medarbejder", "Møder borgere i boligområder og på gaden."),
    ("provider_staff", "Medarbejder i tilbud", "Leverer indsatser, forløb og tilbud."),
    ("team_leader", "Teamleder", "Leder et team og godkender grøn bølge."),
    ("manager", "Leder", "Ser nøgletal og ledelsesrapporter."),
    ("finance", "Økonomi", "Arbejder med takster, budgetter og refusion."),
    ("administrator", "Administrator", "Administrerer brugere og stamdata; læser ikke sager."),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name, description in ROLES:
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
