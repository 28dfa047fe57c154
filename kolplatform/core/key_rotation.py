"""Re-encryption of encrypted columns: key rotation and the migrations of older stored values.

`field_keys_rotate` (manage.py rotate_field_keys) rewrites every encrypted field of every model with
the first key of FIELD_ENCRYPTION_KEYS, one locked batch of rows at a time. The `*_reencrypt`
functions are RunPython bodies: they work on the raw column text of the historical model, so a
migration never depends on how the live field reads.
"""

import json
from collections.abc import Callable, Iterable

from django.db import transaction

from kolplatform.core.crypto import (
    FieldDecryptionError,
    decrypt_text,
    encrypt_text,
    legacy_keyring,
)
from kolplatform.core.fields import encrypted_fields_by_model


def field_keys_rotate(*, batch_size: int = 500, stdout=None) -> dict[str, int]:
    """Re-encrypt every encrypted value with the first key; returns rows rewritten per model."""
    counts = {}
    for model, fields in encrypted_fields_by_model().items():
        names = [f.name for f in fields]
        manager = model._base_manager
        pks = list(manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            with transaction.atomic():
                rows = list(
                    manager.select_for_update()
                    .filter(pk__in=pks[start : start + batch_size])
                    .only("pk", *names)
                )
                manager.bulk_update(rows, names)
        counts[model._meta.label] = len(pks)
        if stdout is not None:
            stdout.write(f"{model._meta.label}: {len(pks)} rows re-encrypted ({', '.join(names)})")
    return counts


# --- Migrations ---------------------------------------------------------------------------------


def _rewrite_column(schema_editor, model, column: str, convert: Callable[[str], str | None]):
    """UPDATE each non-NULL value of `column` to convert(value); None leaves the row alone."""
    table = schema_editor.quote_name(model._meta.db_table)
    pk = schema_editor.quote_name(model._meta.pk.column)
    col = schema_editor.quote_name(column)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {col} FROM {table} WHERE {col} IS NOT NULL")
        rows = cursor.fetchall()
        failed = []
        for row_pk, value in rows:
            try:
                new = convert(value)
            except FieldDecryptionError:
                failed.append(row_pk)
                continue
            if new is not None:
                cursor.execute(f"UPDATE {table} SET {col} = %s WHERE {pk} = %s", [new, row_pk])
    if failed:
        raise FieldDecryptionError(
            f"{model._meta.label}.{column}: {len(failed)} value(s) cannot be decrypted "
            f"(rows {failed[:10]}). Nothing was changed. Set SECRET_KEY_FALLBACKS to the "
            "SECRET_KEY they were written with (FIELD_ENCRYPTION_KEYS as then) and migrate again."
        )


def _opens_with_current_keys(value: str) -> bool:
    try:
        decrypt_text(value)
    except FieldDecryptionError:
        return False
    return True


def _legacy_to_current(value: str) -> str | None:
    if _opens_with_current_keys(value):
        return None  # already migrated
    return encrypt_text(decrypt_text(value, keyring=legacy_keyring()))


def _current_to_legacy(value: str) -> str | None:
    if not _opens_with_current_keys(value):
        return None
    return legacy_keyring().encrypt(decrypt_text(value).encode("utf-8")).decode("ascii")


def _columns(apps, fields: dict[str, Iterable[str]]):
    for label, names in fields.items():
        model = apps.get_model(label)
        for name in names:
            yield model, model._meta.get_field(name).column


def legacy_values_reencrypt(fields: dict[str, Iterable[str]]):
    """RunPython (forward, backward) re-encrypting values written by django-fernet-encrypted-fields
    (keys from SECRET_KEY) with keys from FIELD_ENCRYPTION_KEYS alone, and back."""

    def forward(apps, schema_editor):
        for model, column in _columns(apps, fields):
            _rewrite_column(schema_editor, model, column, _legacy_to_current)

    def backward(apps, schema_editor):
        for model, column in _columns(apps, fields):
            _rewrite_column(schema_editor, model, column, _current_to_legacy)

    return forward, backward


def _plain_json_to_current(value: str) -> str | None:
    if _opens_with_current_keys(value):
        return None
    try:
        data = json.loads(value)
    except ValueError as exc:
        raise FieldDecryptionError("neither JSON nor a token of FIELD_ENCRYPTION_KEYS") from exc
    return encrypt_text(json.dumps(data, ensure_ascii=False))


def _current_to_plain_json(value: str) -> str | None:
    if not _opens_with_current_keys(value):
        return None
    return decrypt_text(value)


def plain_json_encrypt(fields: dict[str, Iterable[str]]):
    """RunPython (forward, backward) encrypting JSON stored in clear, and decrypting it back."""

    def forward(apps, schema_editor):
        for model, column in _columns(apps, fields):
            _rewrite_column(schema_editor, model, column, _plain_json_to_current)

    def backward(apps, schema_editor):
        for model, column in _columns(apps, fields):
            _rewrite_column(schema_editor, model, column, _current_to_plain_json)

    return forward, backward
