"""Values written by django-fernet-encrypted-fields (keys derived from SECRET_KEY and the
FIELD_ENCRYPTION_KEYS as salt) re-encrypted with keys from FIELD_ENCRYPTION_KEYS alone; backwards
the other way. Needs the SECRET_KEY the values were written with (or it in SECRET_KEY_FALLBACKS)."""

from django.db import migrations

from kolplatform.core.key_rotation import legacy_values_reencrypt

ENCRYPTED = {
    "experts.ExpertBankDetails": [
        "recipient_name",
        "inn",
        "snils",
        "passport_series",
        "passport_number",
        "passport_issued_by",
        "passport_issued_on",
        "bank_name",
        "bik",
        "account",
        "corr_account",
    ],
    "experts.MasterDataRequest": ["payload_json"],
}
forward, backward = legacy_values_reencrypt(ENCRYPTED)


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0006_expert_search_trigram"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
