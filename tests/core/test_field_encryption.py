"""Personal data encrypted at rest with keys of FIELD_ENCRYPTION_KEYS alone: what the database
holds, key rotation with `manage.py rotate_field_keys`, and the migrations of values stored
earlier."""

import datetime
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from contracts.models import Contract
from experts.models import ExpertBankDetails, MasterDataRequest
from kolplatform.core.crypto import FieldDecryptionError, legacy_keyring
from kolplatform.core.fields import encrypted_fields_by_model
from kolplatform.core.key_rotation import legacy_values_reencrypt, plain_json_encrypt
from tests.factories.contracts import ContractFactory
from tests.factories.experts import BankDetailsFactory, ExpertFactory

pytestmark = pytest.mark.django_db

PASSPORT_NUMBER = "654321"
INN = "770987654321"
SNILS = "11223344595"
ACCOUNT = "40817810099910004312"
SNAPSHOT = {
    "recipient_name": "Иванова Мария Петровна",
    "inn": INN,
    "snils": SNILS,
    "passport_series": "4510",
    "passport_number": PASSPORT_NUMBER,
    "passport_issued_on": "2015-03-04",
    "bank_name": "ПАО Сбербанк",
    "bik": "044525225",
    "account": ACCOUNT,
    "corr_account": "30101810400000000225",
    "verified": True,
}
KEY_A = "key-A-Xq1d0n1Tl3aKuH8yC3w2f4Zb7e9g0hJk"
KEY_B = "key-B-pR5tY7uI9oP1aS3dF5gH7jK9lZ2xC4vB"


def raw(model, pk, column: str):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def raw_row(model, pk) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return " ".join(str(value) for value in cursor.fetchone())


def write_raw(model, pk, column: str, value) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])


def bank_details():
    return BankDetailsFactory(
        inn=INN,
        snils=SNILS,
        passport_number=PASSPORT_NUMBER,
        passport_issued_on=datetime.date(2015, 3, 4),
        account=ACCOUNT,
    )


# --- What the database holds --------------------------------------------------------------------


def test_contract_bank_snapshot_is_stored_encrypted_and_read_back_whole():
    contract = ContractFactory(bank_details_snapshot=dict(SNAPSHOT))

    stored = raw_row(Contract, contract.pk)
    for digits in (PASSPORT_NUMBER, INN, SNILS, ACCOUNT, "Иванова"):
        assert digits not in stored
    assert Contract.objects.get(pk=contract.pk).bank_details_snapshot == SNAPSHOT


def test_expert_bank_details_are_stored_without_clear_digits():
    details = bank_details()

    stored = raw_row(ExpertBankDetails, details.pk)
    for digits in (PASSPORT_NUMBER, INN, SNILS, ACCOUNT, "2015-03-04"):
        assert digits not in stored
    again = ExpertBankDetails.objects.get(pk=details.pk)
    assert (again.inn, again.account) == (INN, ACCOUNT)
    assert again.passport_issued_on == datetime.date(2015, 3, 4)


def test_every_personal_data_field_is_one_of_ours():
    """All encrypted fields use FIELD_ENCRYPTION_KEYS-only keys (so the rotation command covers
    them); none comes from a library deriving keys from SECRET_KEY."""
    found = {
        m._meta.label: {f.name for f in fields} for m, fields in encrypted_fields_by_model().items()
    }
    assert "bank_details_snapshot" in found["contracts.Contract"]
    assert {"inn", "snils", "passport_number", "account"} <= found["experts.ExpertBankDetails"]
    assert found["experts.MasterDataRequest"] == {"payload_json"}
    foreign = [
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        for f in m._meta.fields
        if type(f).__module__.startswith("encrypted_fields")
    ]
    assert foreign == []


def test_a_value_no_key_opens_is_an_error_not_data():
    details = bank_details()
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]),
        pytest.raises(FieldDecryptionError, match="experts.ExpertBankDetails.recipient_name"),
    ):
        ExpertBankDetails.objects.get(pk=details.pk)


def test_secret_key_plays_no_part_in_field_keys():
    details = bank_details()
    with override_settings(SECRET_KEY="a-completely-different-secret-key-" * 2):
        assert ExpertBankDetails.objects.get(pk=details.pk).inn == INN


# --- Rotation -----------------------------------------------------------------------------------


def test_rotate_field_keys_moves_every_encrypted_field_to_the_first_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        details = bank_details()
        contract = ContractFactory(bank_details_snapshot=dict(SNAPSHOT))
        request = MasterDataRequest(kind=MasterDataRequest.Kind.BANK_DETAILS, expert=details.expert)
        request.payload = {"inn": INN}
        request.created_by = contract.owner
        request.save()
    before = raw(ExpertBankDetails, details.pk, "inn")

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]), pytest.raises(FieldDecryptionError):
        ExpertBankDetails.objects.get(pk=details.pk)
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A, KEY_B]):
        call_command("rotate_field_keys", "--batch-size", "1")

    assert raw(ExpertBankDetails, details.pk, "inn") != before
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        again = ExpertBankDetails.objects.get(pk=details.pk)
        assert (again.inn, again.passport_number, again.account) == (INN, PASSPORT_NUMBER, ACCOUNT)
        assert again.passport_issued_on == datetime.date(2015, 3, 4)
        assert Contract.objects.get(pk=contract.pk).bank_details_snapshot == SNAPSHOT
        assert MasterDataRequest.objects.get(pk=request.pk).payload == {"inn": INN}


def test_rotate_field_keys_stops_on_a_value_no_key_opens():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        details = bank_details()
    before = raw(ExpertBankDetails, details.pk, "inn")
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]),
        pytest.raises(CommandError, match="cannot be decrypted"),
    ):
        call_command("rotate_field_keys")
    assert raw(ExpertBankDetails, details.pk, "inn") == before


# --- Migrations of stored values ----------------------------------------------------------------


def run_migration(functions, direction=0):
    """The RunPython body as `migrate` calls it (the editor is not entered: SQLite cannot switch
    off foreign-key checks inside the test's transaction, and the bodies only run SQL)."""
    functions[direction](apps, connection.SchemaEditorClass(connection))


def test_values_of_the_old_library_are_re_encrypted_without_secret_key():
    details = bank_details()
    old = legacy_keyring()  # SECRET_KEY x FIELD_ENCRYPTION_KEYS, as django-fernet-encrypted-fields
    write_raw(ExpertBankDetails, details.pk, "inn", old.encrypt(INN.encode()).decode())
    write_raw(
        ExpertBankDetails, details.pk, "passport_issued_on", old.encrypt(b"2015-03-04").decode()
    )

    fields = {"experts.ExpertBankDetails": ["inn", "passport_issued_on"]}
    migration = legacy_values_reencrypt(fields)
    run_migration(migration)

    with override_settings(SECRET_KEY="a-completely-different-secret-key-" * 2):
        again = ExpertBankDetails.objects.get(pk=details.pk)
    assert again.inn == INN
    assert again.passport_issued_on == datetime.date(2015, 3, 4)
    run_migration(migration, direction=1)  # and back: the old library could read it again
    assert old.decrypt(raw(ExpertBankDetails, details.pk, "inn").encode()) == INN.encode()


def test_old_values_no_secret_key_opens_stop_the_migration_unchanged():
    details = ExpertBankDetails.objects.create(expert=ExpertFactory(), inn=INN, account=ACCOUNT)
    with override_settings(SECRET_KEY="the-key-it-was-written-with-" * 2):
        foreign = legacy_keyring().encrypt(INN.encode()).decode()
    write_raw(ExpertBankDetails, details.pk, "inn", foreign)
    account_before = raw(ExpertBankDetails, details.pk, "account")

    with pytest.raises(FieldDecryptionError, match="SECRET_KEY_FALLBACKS"):
        run_migration(legacy_values_reencrypt({"experts.ExpertBankDetails": ["inn", "account"]}))
    assert raw(ExpertBankDetails, details.pk, "inn") == foreign
    assert raw(ExpertBankDetails, details.pk, "account") == account_before


def test_snapshots_stored_in_clear_are_encrypted_by_the_migration():
    contract = ContractFactory()
    write_raw(Contract, contract.pk, "bank_details_snapshot", json.dumps(SNAPSHOT))

    run_migration(plain_json_encrypt({"contracts.Contract": ["bank_details_snapshot"]}))

    assert INN not in raw_row(Contract, contract.pk)
    assert Contract.objects.get(pk=contract.pk).bank_details_snapshot == SNAPSHOT
