from django.db import migrations


def mark_cabinet_consents(apps, schema_editor):
    """Consents created when the KOL accepted the agreements in the cabinet: given at the moment
    of acceptance, with no recorder and no scan. They came through the cabinet, from the KOL."""
    CabinetAccess = apps.get_model("contracts", "CabinetAccess")
    Consent = apps.get_model("experts", "Consent")
    accesses = CabinetAccess.objects.filter(consent_accepted_at__isnull=False).select_related(
        "expert"
    )
    for access in accesses.iterator():
        Consent.objects.filter(
            expert_id=access.expert_id,
            given_at=access.consent_accepted_at,
            recorded_by__isnull=True,
            document__isnull=True,
        ).update(channel="cabinet", recorded_by_id=access.expert.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0007_encrypt_bank_details_snapshot"),
        ("experts", "0009_consent_channel"),
    ]

    operations = [migrations.RunPython(mark_cabinet_consents, migrations.RunPython.noop)]
