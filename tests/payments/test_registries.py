"""Registry export (1C XML, bank CSV) and confirmation import: round trip, immutability, errors."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal as D

import pytest

from kolplatform.core.models import Document
from payments import formats, services
from payments.models import ConfirmationRow, Payout, RegistryLine
from payments.services import PayoutError

pytestmark = pytest.mark.django_db
S = Payout.Status
NS = {"r": formats.XML_NS}


def _confirm(registry, overrides=None):
    overrides = overrides or {}
    rows = []
    for line in registry.lines.order_by("line_no"):
        row = {
            "registry_number": registry.number,
            "line_no": line.line_no,
            "payout_id": line.payout_id,
            "amount": str(line.amount),
            "status": "paid",
            "payment_order_number": f"PO-{line.line_no}",
            "paid_on": "2026-03-25",
            "reason": "",
        }
        row.update(overrides.get(line.payout_id, {}))
        rows.append(row)
    return formats.confirmation_csv(rows)


def test_export_writes_both_files_and_moves_payouts(finance, approved):
    registry = services.registry_export(payout_ids=[p.pk for p in approved], actor=finance)
    assert registry.line_count == 2 and registry.total_net == D("130500.00")
    root = ET.fromstring(registry.xml_document.file.read())
    payments = root.findall("r:Payment", NS)
    assert [p.find("r:Amounts", NS).get("net") for p in payments] == ["87000.00", "43500.00"]
    assert payments[0].find("r:Payee", NS).get("account") == "40817810099910004312"
    assert root.find("r:Payer", NS).get("inn") == "7700000000"
    csv_text = registry.csv_document.file.read().decode()
    assert csv_text.splitlines()[0].startswith("line_no;payout_id;payee_name")
    assert registry.xml_document.sha256 == Document.hash_bytes(
        registry.xml_document.file.open("rb").read()
    )
    assert set(Payout.objects.values_list("status", flat=True)) == {S.IN_REGISTRY}


def test_a_payout_cannot_be_exported_twice(finance, approved):
    services.registry_export(payout_ids=[approved[0].pk], actor=finance)
    with pytest.raises(PayoutError, match=f"#{approved[0].pk}"):
        services.registry_export(payout_ids=[p.pk for p in approved], actor=finance)
    assert Payout.objects.get(pk=approved[1].pk).status == S.APPROVED  # nothing half-done


def test_round_trip_marks_paid_and_failed_with_order_numbers(finance, approved):
    registry = services.registry_export(payout_ids=[p.pk for p in approved], actor=finance)
    data = _confirm(
        registry, {approved[1].pk: {"status": "failed", "reason": "Account closed", "paid_on": ""}}
    )
    result = services.confirmation_import(data=data, name="bank.csv", actor=finance)
    assert (result.paid_count, result.failed_count, result.error_count) == (1, 1, 0)
    paid, failed = (Payout.objects.get(pk=p.pk) for p in approved)
    assert paid.status == S.PAID and paid.payment_order_number == "PO-1"
    assert paid.paid_at == date(2026, 3, 25)
    assert failed.status == S.FAILED and failed.failure_reason == "Account closed"
    assert RegistryLine.objects.get(payout=paid).outcome == "paid"
    again = services.confirmation_import(data=data, name="bank.csv", actor=finance)
    assert [r.result for r in again.rows.all()] == ["already", "already"]
    retried = services.payout_retry(payout=failed, actor=finance)
    assert retried.status == S.READY and retried.registry is None


def test_1c_xml_confirmation(finance, approved):
    registry = services.registry_export(payout_ids=[approved[0].pk], actor=finance)
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><PaymentConfirmation xmlns="{formats.CONFIRM_NS}"'
        f' registry="{registry.number}"><Payment line="1" payoutId="{approved[0].pk}"'
        ' amount="87000.00" status="paid" orderNumber="777" paidOn="2026-03-26"/>'
        "</PaymentConfirmation>"
    ).encode()
    result = services.confirmation_import(data=xml, name="1c.xml", actor=finance)
    assert result.file_format == "1c_xml" and result.paid_count == 1
    assert Payout.objects.get(pk=approved[0].pk).payment_order_number == "777"


def test_bad_rows_are_rejected_with_reasons_never_ignored(finance, approved):
    registry = services.registry_export(payout_ids=[p.pk for p in approved], actor=finance)
    data = (
        _confirm(
            registry,
            {
                approved[0].pk: {"amount": "1.00"},
                approved[1].pk: {"payment_order_number": "", "paid_on": "yesterday"},
            },
        )
        + f"{registry.number};9;999999;10.00;paid;X;2026-03-25;\r\n".encode()
    )
    result = services.confirmation_import(data=data, name="bank.csv", actor=finance)
    rows = list(result.rows.order_by("row_no"))
    assert [r.result for r in rows] == [ConfirmationRow.Result.REJECTED] * 3
    assert "differs" in rows[0].message
    assert "payment order" in rows[1].message and "paid_on" in rows[1].message
    assert "No line 9" in rows[2].message
    assert set(Payout.objects.values_list("status", flat=True)) == {S.IN_REGISTRY}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"a;b\r\n1;2\r\n", "Missing columns"),
        (b"<PaymentConfirmation><oops>", "cannot be read"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><PaymentConfirmation/>', "DOCTYPE"),
        (b"\xff\xfe\x00bad", "UTF-8"),
    ],
)
def test_unreadable_file_is_recorded_and_changes_nothing(finance, data, error):
    result = services.confirmation_import(data=data, name="f.csv", actor=finance)
    assert error in result.error and not result.rows.exists()


def test_registry_lines_are_fixed_at_export(finance, approved):
    registry = services.registry_export(payout_ids=[approved[0].pk], actor=finance)
    line = registry.lines.get()
    assert line.amount == approved[0].net and line.line_no == 1
