"""A consent revoked after it had run out got a link ending the day before the revocation,
so it gave access between its last day and the revocation. End those links on the
consent's last day, as ``_consent_link_dates`` now does."""

from django.db import migrations

CONSENT_LINK = "people.consent"


def end_by_expiry(apps, schema_editor):  # type: ignore[no-untyped-def]
    Consent = apps.get_model("people", "Consent")
    CitizenLink = apps.get_model("people", "CitizenLink")
    expired = Consent.objects.filter(valid_to__isnull=False, revoked_at__isnull=False)
    for pk, valid_to in expired.values_list("pk", "valid_to").iterator(chunk_size=2000):
        CitizenLink.objects.filter(
            source_type=CONSENT_LINK, source_id=str(pk), ends_on__gt=valid_to
        ).update(ends_on=valid_to)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_citizen_version")]

    operations = [migrations.RunPython(end_by_expiry, migrations.RunPython.noop)]
