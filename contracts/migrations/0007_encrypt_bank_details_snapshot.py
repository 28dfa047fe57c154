"""Contract.bank_details_snapshot (passport, SNILS, INN, account) encrypted at rest: the JSON column
becomes text, then each stored document becomes a token of FIELD_ENCRYPTION_KEYS (and back)."""

import django.core.serializers.json
from django.db import migrations

import kolplatform.core.fields
from kolplatform.core.key_rotation import plain_json_encrypt

encrypt, decrypt = plain_json_encrypt({"contracts.Contract": ["bank_details_snapshot"]})


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0006_document_status_signed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contract",
            name="bank_details_snapshot",
            field=kolplatform.core.fields.EncryptedJSONField(
                blank=True,
                default=dict,
                encoder=django.core.serializers.json.DjangoJSONEncoder,
                verbose_name="bank details at signing",
            ),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
