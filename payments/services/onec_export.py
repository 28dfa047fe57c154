"""The 1C file of a registry export: payment orders (1CClientBankExchange) or the salary-project
registry, written beside our accrual registry (payments.services.registries.registry_export).

Payment order numbers are taken from the year's `PaymentOrderCounter` under a row lock
(payments/order_numbers.py); the number of each line is kept on its `RegistryLine`, the key by
which the bank statement confirms it (payments.services.statements).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from payments import formats
from payments.models import PaymentOrderCounter, PaymentRegistry
from payments.onec.exchange import Order, Party, payment_orders_file
from payments.onec.salary import SalaryHeader, Transfer, is_card_account, salary_registry_file
from payments.onec.text import OnecFormatError
from payments.order_numbers import next_numbers
from payments.services.payouts import PayoutError

F = PaymentRegistry.BankFormat
PAYER_FIELDS = ("payer_name", "payer_inn", "payer_kpp", "payer_account", "payer_bik")
PAYER_FIELDS += ("payer_bank", "payer_corr_account")
VAT_NOTE = "НДС не облагается"


def take_order_numbers(*, year: int, count: int) -> list[str]:
    """`count` payment order numbers of `year`, never given twice (the counter row is locked)."""
    with transaction.atomic():
        counter, _created = PaymentOrderCounter.objects.get_or_create(year=year)
        counter = PaymentOrderCounter.objects.select_for_update().get(pk=counter.pk)
        numbers = next_numbers(counter.last, count)
        counter.last = numbers[-1]
        counter.save(update_fields=["last"])
    return [str(n) for n in numbers]


def payer_party(payer) -> Party:
    """The company's requisites from the payout settings; refuses when one is missing."""
    missing = [
        str(payer._meta.get_field(f).verbose_name) for f in PAYER_FIELDS if not getattr(payer, f)
    ]
    if missing:
        raise PayoutError(
            _("Fill in the payout settings before exporting 1C payment orders: %(f)s.")
            % {"f": ", ".join(missing)}
        )
    return Party(
        name=payer.payer_name,
        inn=payer.payer_inn,
        kpp=payer.payer_kpp,
        account=payer.payer_account,
        bik=payer.payer_bik,
        bank=payer.payer_bank,
        bank_city=payer.payer_bank_city,
        corr_account=payer.payer_corr_account,
    )


def _payee_party(p, bank: dict) -> Party:
    if not (bank["account"] and bank["bik"]):
        raise PayoutError(
            _("Payout #%(id)s: the expert's account or BIK is missing.") % {"id": p.pk}
        )
    return Party(
        name=p.expert.full_name,
        inn=bank["inn"],
        account=bank["account"],
        bik=bank["bik"],
        bank=bank["bank_name"],
        corr_account=bank["corr_account"],
    )


def payment_orders(*, registry, payouts, payer, payees, numbers, created) -> bytes:
    """The payment orders of the registry's payouts, numbered `numbers` in the same order."""
    orders = [
        Order(
            number=number,
            on=registry.payment_date,
            amount=p.net,
            payee=_payee_party(p, payees[p.pk]),
            purpose=f"{formats._purpose(p)} {VAT_NOTE}",
            ref=_("Payout #%(id)s") % {"id": p.pk},
        )
        for p, number in zip(payouts, numbers, strict=True)
    ]
    try:
        return payment_orders_file(orders=orders, payer=payer_party(payer), created=created)
    except OnecFormatError as exc:
        raise PayoutError(exc.message) from exc


def _salary_header(registry, payer) -> SalaryHeader:
    if not payer.salary_contract_number:
        raise PayoutError(
            _("Fill in the salary-project contract number in the payout settings first.")
        )
    return SalaryHeader(
        registry_number=registry.number,
        registry_date=registry.payment_date,
        company_name=payer.payer_name,
        company_inn=payer.payer_inn,
        company_account=payer.payer_account,
        company_bik=payer.payer_bik,
        contract_number=payer.salary_contract_number,
        contract_date=payer.salary_contract_date,
        primary_document_id=payer.salary_primary_document_id,
        bank_branch=payer.salary_bank_branch,
        income_code=payer.salary_income_code,
    )


def salary_registry(*, registry, payouts, payer, payees, created) -> bytes:
    """The salary-project registry; every payee's account must be an individual's (card)
    account, else the export is refused naming the payouts."""
    not_cards = [p.pk for p in payouts if not is_card_account(payees[p.pk]["account"])]
    if not_cards:
        raise PayoutError(
            _("Not a card account of an individual (40817/40820) for payouts %(ids)s.")
            % {"ids": ", ".join(f"#{pk}" for pk in not_cards)}
        )
    transfers = [
        Transfer(
            last_name=p.expert.last_name,
            first_name=p.expert.first_name,
            middle_name=p.expert.middle_name,
            account=payees[p.pk]["account"],
            amount=p.net,
            ref=_("Payout #%(id)s") % {"id": p.pk},
        )
        for p in payouts
    ]
    try:
        return salary_registry_file(
            header=_salary_header(registry, payer), transfers=transfers, formed=created.date()
        )
    except OnecFormatError as exc:
        raise PayoutError(exc.message) from exc
