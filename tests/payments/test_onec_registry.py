"""Registry export in 1C's formats and the bank statement as the payment confirmation."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from payments import services
from payments.models import (
    ConfirmationRow,
    PaymentOrderCounter,
    PaymentRegistry,
    Payout,
    PayoutSettings,
    RegistryLine,
)
from payments.onec import exchange, salary
from payments.services import PayoutError
from tests.factories.payments import signed_act

pytestmark = pytest.mark.django_db
S = Payout.Status
F = PaymentRegistry.BankFormat
R = ConfirmationRow.Result


def _export(finance, payouts, bank_format=F.PAYMENT_ORDERS):
    return services.registry_export(
        payout_ids=[p.pk for p in payouts],
        actor=finance,
        bank_format=bank_format,
        payment_date=date(2026, 11, 25),
    )


def _statement(registry, *, overrides=None, extra=""):
    """A bank statement (1CClientBankExchange, cp1251) showing the registry's orders debited."""
    overrides = overrides or {}
    sent = exchange.parse(registry.onec_document.file.open("rb").read())
    lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows"]
    for _kind, fields, _n in sent.documents:
        doc = {**fields, "ДатаСписано": "26.11.2026", **overrides.get(fields["Номер"], {})}
        lines += ["СекцияДокумент=Платежное поручение"]
        lines += [f"{k}={v}" for k, v in doc.items()] + ["КонецДокумента"]
    lines += [extra] if extra else []
    lines += ["КонецФайла"]
    return "\r\n".join(lines).encode("cp1251")


def test_payment_orders_are_numbered_written_and_parse_back(finance, approved):
    registry = _export(finance, approved)
    assert registry.bank_format == F.PAYMENT_ORDERS
    assert registry.onec_document.original_name == f"1c_to_kl-{registry.number}.txt"
    numbers = list(registry.lines.order_by("line_no").values_list("order_number", flat=True))
    assert numbers == ["1", "2"]
    assert PaymentOrderCounter.objects.get(year=2026).last == 2
    parsed = exchange.parse(registry.onec_document.file.open("rb").read())
    docs = [f for _k, f, _n in parsed.documents]
    assert [d["Номер"] for d in docs] == numbers
    assert sum(D(d["Сумма"]) for d in docs) == registry.total_net == D("130500.00")
    assert len(docs) == registry.line_count
    assert all(d["Дата"] == "25.11.2026" and d["ПолучательИНН"] == "772012345678" for d in docs)
    assert registry.xml_document and registry.csv_document  # our accrual registry beside it
    assert set(Payout.objects.values_list("status", flat=True)) == {S.IN_REGISTRY}
    second = _export(finance, [_approved_one(finance)])
    assert second.lines.get().order_number == "3"


def _approved_one(finance, **kw):
    p = services.payout_create_from_act(act=signed_act(amount=D("20000.00"), **kw), actor=finance)
    return services.payout_approve(payout=p, actor=finance)


def test_salary_registry_has_the_settings_codes_and_control_sums(finance, approved):
    PayoutSettings.objects.update(salary_contract_number="38-ЗП/2025", salary_income_code="1")
    registry = _export(finance, approved, F.SALARY)
    parsed = salary.salary_registry_parse(registry.onec_document.file.open("rb").read())
    assert (parsed.count, parsed.total) == (2, registry.total_net)
    assert parsed.attributes["НомерДоговора"] == "38-ЗП/2025"
    assert not registry.lines.exclude(order_number="").exists()


def test_salary_registry_needs_the_contract_and_card_accounts(finance, approved):
    with pytest.raises(PayoutError, match="salary-project contract"):
        _export(finance, approved, F.SALARY)
    assert set(Payout.objects.values_list("status", flat=True)) == {S.APPROVED}
    PayoutSettings.objects.update(salary_contract_number="38-ЗП/2025")
    bank = approved[0].expert.bank_details
    bank.account = "40702810000000000099"
    bank.save()
    with pytest.raises(PayoutError, match=f"#{approved[0].pk}"):
        _export(finance, approved, F.SALARY)


def test_payment_orders_need_the_payer_requisites(finance, approved):
    PayoutSettings.objects.update(payer_corr_account="")
    with pytest.raises(PayoutError, match="correspondent account"):
        _export(finance, approved)
    assert not PaymentRegistry.objects.exists()


def test_a_name_outside_windows_1251_refuses_the_export_by_name(finance, approved):
    expert = approved[1].expert
    expert.last_name = "王"
    expert.save()
    with pytest.raises(PayoutError, match=f"Payout #{approved[1].pk}.*U\\+738B"):
        _export(finance, approved)
    assert set(Payout.objects.values_list("status", flat=True)) == {S.APPROVED}


def test_statement_confirms_payouts_and_twice_changes_nothing(finance, approved):
    registry = _export(finance, approved)
    data = _statement(registry)
    result = services.confirmation_upload(data=data, name="kl_to_1c.txt", actor=finance)
    assert result.file_format == "1c_statement" and not result.error
    assert (result.paid_count, result.error_count, result.unknown_count) == (2, 0, 0)
    paid = Payout.objects.get(pk=approved[0].pk)
    assert paid.status == S.PAID and paid.paid_at == date(2026, 11, 26)
    assert paid.payment_order_number == "1"
    assert RegistryLine.objects.get(payout=paid).outcome == RegistryLine.Outcome.PAID
    again = services.confirmation_upload(data=data, name="kl_to_1c.txt", actor=finance)
    assert [r.result for r in again.rows.order_by("row_no")] == [R.ALREADY, R.ALREADY]
    assert Payout.objects.get(pk=paid.pk).paid_at == date(2026, 11, 26)


def test_mismatched_and_unknown_documents_are_reported_none_lost(finance, approved):
    registry = _export(finance, approved)
    incoming = (
        "СекцияДокумент=Платежное поручение\r\nНомер=777\r\nДата=26.11.2026\r\nСумма=15000.00"
        "\r\nПолучательСчет=40702810000000000001\r\nКонецДокумента"
    )
    broken = "СекцияДокумент=Платежное поручение\r\nНомер=5\r\nДата=31.02.2026\r\nКонецДокумента"
    data = _statement(
        registry,
        overrides={"1": {"Сумма": "86999.99"}, "2": {"ПолучательСчет": "40817810000000000000"}},
        extra=f"{incoming}\r\n{broken}",
    )
    result = services.confirmation_upload(data=data, name="kl_to_1c.txt", actor=finance)
    rows = list(result.rows.order_by("row_no"))
    assert [r.result for r in rows] == [R.REJECTED, R.REJECTED, R.UNKNOWN, R.REJECTED]
    assert "differs" in rows[0].message and rows[0].payout_id == approved[0].pk
    assert "payee" in rows[1].message
    assert "777" in rows[2].message and rows[2].raw["Сумма"] == "15000.00"
    assert "Дата" in rows[3].message and "Сумма" in rows[3].message
    assert (result.paid_count, result.error_count, result.unknown_count) == (0, 3, 1)
    assert set(Payout.objects.values_list("status", flat=True)) == {S.IN_REGISTRY}


def test_a_debit_before_the_order_date_is_rejected(finance, approved):
    registry = _export(finance, approved[:1])
    data = _statement(registry, overrides={"1": {"ДатаСписано": "24.11.2026"}})
    row = services.confirmation_upload(data=data, name="s.txt", actor=finance).rows.get()
    assert row.result == R.REJECTED and "before" in row.message


def test_a_document_not_debited_does_not_confirm(finance, approved):
    registry = _export(finance, approved[:1])
    data = _statement(registry, overrides={"1": {"ДатаСписано": ""}})
    result = services.confirmation_upload(data=data, name="s.txt", actor=finance)
    assert result.rows.get().result == R.REJECTED
    assert Payout.objects.get(pk=approved[0].pk).status == S.IN_REGISTRY


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"1CClientBankExchange\r\n\xd1\xe5\xea", "КонецФайла"),
        ("1CClientBankExchange\r\nВерсияФормата=1.03\r\nКонецФайла\r\n".encode(), "no documents"),
        (b"1CClientBankExchange\r\n\x98\x98\xff\r\n", "neither UTF-8"),
    ],
)
def test_an_unreadable_statement_is_recorded_and_changes_nothing(finance, data, error):
    result = services.confirmation_upload(data=data, name="s.txt", actor=finance)
    assert error in result.error and not result.rows.exists()


def test_a_statement_above_the_size_limit_is_refused(finance, settings):
    data = b"1CClientBankExchange\r\n" + b"X=1\r\n" * (1024 * 1024 + 1)
    with pytest.raises(PayoutError, match="5 MB"):
        services.confirmation_upload(data=data, name="big.txt", actor=finance)


def test_export_view_takes_the_format_and_download_sends_the_file(client, finance, approved):
    client.force_login(finance)
    response = client.post(
        reverse("payments:registry_export"),
        {"payout": [p.pk for p in approved], "bank_format": F.PAYMENT_ORDERS},
    )
    registry = PaymentRegistry.objects.get()
    assert response.url == reverse("payments:registry_detail", args=[registry.pk])
    page = client.get(response.url).content.decode()
    assert "download-onec" in page
    file = client.get(reverse("payments:registry_file", args=[registry.pk, "onec"]))
    assert file.status_code == 200
    assert f"1c_to_kl-{registry.number}.txt" in file["Content-Disposition"]
    assert b"".join(file.streaming_content).startswith(b"1CClientBankExchange\r\n")
    assert (
        client.get(reverse("payments:registry_file", args=[registry.pk, "zip"])).status_code == 404
    )


def test_accrual_registry_has_no_1c_file(client, finance, approved):
    client.force_login(finance)
    client.post(reverse("payments:registry_export"), {"payout": [approved[0].pk]})
    registry = PaymentRegistry.objects.get()
    assert registry.bank_format == F.ACCRUAL and registry.onec_document is None
    assert (
        client.get(reverse("payments:registry_file", args=[registry.pk, "onec"])).status_code == 404
    )


def test_unknown_format_is_refused(client, finance, approved):
    client.force_login(finance)
    client.post(
        reverse("payments:registry_export"), {"payout": [approved[0].pk], "bank_format": "x"}
    )
    assert not PaymentRegistry.objects.exists()


OUTSIDERS = ["field_staff", "marketing_manager", "approver", "legal", "compliance", "kol"]


def test_only_finance_exports_downloads_and_uploads_statements(client, personas, finance, approved):
    registry = _export(finance, approved[:1])
    statement = _statement(registry)
    for persona in [*OUTSIDERS, "other_kol"]:
        client.force_login(personas[persona])
        export = client.post(
            reverse("payments:registry_export"),
            {"payout": [approved[1].pk], "bank_format": F.PAYMENT_ORDERS},
        )
        download = client.get(reverse("payments:registry_file", args=[registry.pk, "onec"]))
        upload = client.post(reverse("payments:confirmation_import"), {"file": _upload(statement)})
        codes = (export.status_code, download.status_code, upload.status_code)
        assert codes == (403, 403, 403), persona
    client.logout()
    anonymous = client.get(reverse("payments:registry_file", args=[registry.pk, "onec"]))
    assert anonymous.status_code == 302
    assert not Payout.objects.filter(status=S.PAID).exists()
    assert PaymentRegistry.objects.count() == 1


def test_finance_uploads_a_statement_and_sees_the_result_page(client, finance, approved):
    registry = _export(finance, approved)
    client.force_login(finance)
    response = client.post(
        reverse("payments:confirmation_import"), {"file": _upload(_statement(registry))}
    )
    page = client.get(response.url).content.decode()
    assert "1C bank statement" in page and "№ 1 25.11.2026" in page
    assert Payout.objects.filter(status=S.PAID).count() == 2


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("kl_to_1c.txt", data, content_type="text/plain")
