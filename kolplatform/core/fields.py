"""Model fields encrypted at rest with the keys of settings.FIELD_ENCRYPTION_KEYS.

The column is text holding one Fernet token per value (kolplatform/core/crypto.py); the value is
decrypted when a row is loaded and encrypted when it is written, so code using the model sees plain
values. Such columns cannot be searched or ordered by content (every token is different), and a
value no key can open raises FieldDecryptionError instead of passing ciphertext on as data.
Empty strings are stored as NULL, as the earlier library did.
"""

import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from kolplatform.core.crypto import FieldDecryptionError, decrypt_text, encrypt_text


class EncryptedFieldMixin:
    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"

    def plain_text(self, value) -> str:
        """The text to encrypt for a prepared (Python-typed) value."""
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    def from_plain_text(self, text: str):
        return self.to_python(text)

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or value == "":
            return None
        return encrypt_text(self.plain_text(value))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        try:
            text = decrypt_text(value)
        except FieldDecryptionError as exc:
            raise FieldDecryptionError(f"{self.model._meta.label}.{self.name}: {exc}") from exc
        return self.from_plain_text(text)


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    pass


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    pass


class EncryptedDateField(EncryptedFieldMixin, models.DateField):
    pass


class EncryptedJSONField(EncryptedFieldMixin, models.JSONField):
    """A JSON document (types kept) encrypted as one token; not queryable by key."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("encoder", DjangoJSONEncoder)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        return encrypt_text(json.dumps(value, cls=self.encoder, ensure_ascii=False))

    def from_plain_text(self, text: str):
        return json.loads(text, cls=self.decoder)

    def select_format(self, compiler, sql, params):
        return sql, params


def encrypted_fields_by_model() -> dict[type[models.Model], list[models.Field]]:
    """Every concrete model with encrypted fields, and those fields."""
    found = {}
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        fields = [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
        if fields:
            found[model] = fields
    return found
