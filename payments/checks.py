"""The checks a payout passes before it can be approved (issue 6 §3, DESIGN.md §5).

`CheckFacts` loads what the checks need for many payouts in a fixed number of queries; each
`check_*` function is a pure decision over those facts returning (result, message). The service
payouts_run_checks records every result as a PayoutCheck and blocks the payout on any failure.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contracts.models import Act
from experts.models import TaxStatus
from kolplatform.core.money import format_money
from payments import tax, upstream
from payments.models import CapException, NpdStatusCheck, Payout, PayoutCheck
from payments.selectors import paid_in_year_totals
from payments.tax_settings import SettingsBook

Code = PayoutCheck.Code
PASSED, WARNING, FAILED = (
    PayoutCheck.Result.PASSED,
    PayoutCheck.Result.WARNING,
    PayoutCheck.Result.FAILED,
)
COUNTED = ~Q(status=Payout.Status.CANCELLED)
# Money the company is committed to: approved or further (a failed payment is still owed). Payouts
# not yet approved do not count against the caps of others; each is re-checked when approved.
COMMITTED_STATUSES = (
    Payout.Status.APPROVED,
    Payout.Status.IN_REGISTRY,
    Payout.Status.PAID,
    Payout.Status.FAILED,
)
COMMITTED = Q(status__in=COMMITTED_STATUSES)
# Committed but not paid yet: expected to be paid in the year of its due date.
OWED = Q(status__in=[Payout.Status.APPROVED, Payout.Status.IN_REGISTRY, Payout.Status.FAILED])


def annual_totals(*, expert_ids, years) -> dict[tuple[int, int], Decimal]:
    """{(expert_id, year): gross} counted against the annual cap and the self-employed limit.

    The year's payments as payments.selectors.paid_in_year_q defines them (paid, by payment
    date), plus what is approved and still owed (approved, in a registry, failed and to be
    retried) by its due date, so that two approved payouts cannot both pass a cap that only one
    fits. The payout being checked is added by the check itself.
    """
    totals = defaultdict(Decimal, paid_in_year_totals(expert_ids=expert_ids, years=years))
    owed = (
        Payout.objects.filter(OWED, expert_id__in=list(expert_ids))
        .annotate(year=ExtractYear("due_date"))
        .filter(year__in=list(years))
        .values_list("expert_id", "year")
        .annotate(total=Sum("gross"))
        .order_by()
    )
    for expert_id, year, total in owed:
        totals[(expert_id, year)] += total
    return dict(totals)


class CheckFacts:
    """Everything the checks of `payouts` read, loaded in bulk (constant number of queries)."""

    def __init__(self, payouts: list[Payout], *, book: SettingsBook, today: date | None = None):
        self.today = today or timezone.localdate()
        self.book = book
        self.payouts = payouts
        expert_ids = {p.expert_id for p in payouts}
        contract_ids = {p.contract_id for p in payouts}
        years = {p.due_date.year for p in payouts}
        self.settings = book.payout_settings_on(self.today)
        self.consented = upstream.consented_expert_ids(expert_ids=expert_ids)
        self.bank = upstream.bank_details_status(expert_ids=expert_ids)
        self.contract_totals = dict(
            Payout.objects.filter(COMMITTED, contract_id__in=contract_ids)
            .values_list("contract_id")
            .annotate(total=Sum("gross"))
        )
        self.annual_totals = annual_totals(expert_ids=expert_ids, years=years)
        self.payouts_per_act = dict(
            Payout.objects.filter(COUNTED, act_id__in={p.act_id for p in payouts})
            .values_list("act_id")
            .annotate(n=Count("id"))
        )
        self.exceptions = set(
            CapException.objects.filter(payout__in=payouts).values_list("payout_id", "kind")
        )
        self.npd_checks = defaultdict(list)
        for c in NpdStatusCheck.objects.filter(expert_id__in=expert_ids).order_by("-checked_at"):
            self.npd_checks[c.expert_id].append(c)
        self.overdue_receipts = defaultdict(list)
        for p in Payout.objects.filter(
            expert_id__in=expert_ids,
            status=Payout.Status.PAID,
            tax_regime=TaxStatus.SELF_EMPLOYED,
            receipt__isnull=True,
            receipt_due_date__lt=self.today,
        ).only("pk", "expert_id", "paid_at", "receipt_due_date"):
            self.overdue_receipts[p.expert_id].append(p)

    def annual_cap(self, tier: str, on: date):
        return self.book.annual_cap_on(tier, on) if tier else None


def check_act_signed(payout: Payout, facts: CheckFacts):
    if payout.act.status == Act.Status.SIGNED_BY_COMPANY:
        return PASSED, _("Act № %(n)s is signed by both sides.") % {"n": payout.act.number}
    return FAILED, _("Act № %(n)s is not signed by both sides (status: %(s)s).") % {
        "n": payout.act.number,
        "s": payout.act.get_status_display(),
    }


def check_consent(payout: Payout, facts: CheckFacts):
    if payout.expert_id in facts.consented:
        return PASSED, _("A valid personal-data consent is on file.")
    return FAILED, _("The expert has no valid personal-data consent (none given or withdrawn).")


def check_bank_details(payout: Payout, facts: CheckFacts):
    complete, verified = facts.bank.get(payout.expert_id, (False, False))
    if not complete:
        return FAILED, _(
            "Bank details are incomplete: a 20-digit account and a 9-digit BIK needed."
        )
    if not verified:
        return FAILED, _("Bank details are not verified yet.")
    return PASSED, _("Bank details are complete and verified.")


def check_tax_status(payout: Payout, facts: CheckFacts):
    """The regime of the payout is the expert's status on the payment date (issue 6 §2)."""
    regime = payout.tax_regime
    if regime == TaxStatus.ENTREPRENEUR and not payout.invoice_id:
        return FAILED, _("An individual entrepreneur's invoice is required before payment.")
    if regime == TaxStatus.SELF_EMPLOYED:
        return _check_npd_status(payout, facts)
    if regime != payout.contract.tax_regime:
        return WARNING, _(
            "The contract was made for «%(was)s»; the expert is now «%(now)s» and the tax is "
            "computed for the current status."
        ) % {
            "was": payout.contract.get_tax_regime_display(),
            "now": payout.get_tax_regime_display(),
        }
    return PASSED, _("Tax status «%(s)s» is valid.") % {"s": payout.get_tax_regime_display()}


def _check_npd_status(payout: Payout, facts: CheckFacts):
    checks = facts.npd_checks.get(payout.expert_id, [])
    fresh_from = facts.today - timedelta(days=facts.settings.npd_status_valid_days)
    latest = next((c for c in checks if c.on_date >= fresh_from), None)
    if latest is None:
        return FAILED, _(
            "The self-employed status has not been confirmed in the last %(d)s days; "
            "check it with the tax service or confirm it manually."
        ) % {"d": facts.settings.npd_status_valid_days}
    if not latest.is_self_employed:
        return FAILED, _("The tax service says the expert is not self-employed on %(d)s.") % {
            "d": date_format(latest.on_date)
        }
    signed = payout.contract.signed_at
    if signed and not any(c.is_self_employed and c.checked_at <= signed for c in checks):
        return FAILED, _(
            "The self-employed status was not confirmed before the contract was signed."
        )
    ytd = facts.annual_totals.get((payout.expert_id, payout.due_date.year), Decimal(0))
    ytd += payout.gross
    if ytd > facts.settings.npd_annual_limit:
        return WARNING, _(
            "Confirmed on %(d)s, but the expert's income from us this year (%(ytd)s RUB) is above "
            "the self-employed limit of %(lim)s RUB."
        ) % {
            "d": date_format(latest.on_date),
            "ytd": format_money(ytd),
            "lim": format_money(facts.settings.npd_annual_limit),
        }
    return PASSED, _("Self-employed status confirmed on %(d)s (%(src)s).") % {
        "d": date_format(latest.on_date),
        "src": latest.get_source_display(),
    }


def _cap_result(payout, facts, *, kind, cap, already, label):
    total = already + payout.gross
    if not tax.cap_exceeded(cap=cap, already=already, gross=payout.gross):
        return PASSED, _("%(label)s: %(sum)s of %(cap)s RUB with this payout.") % {
            "label": label,
            "sum": format_money(total),
            "cap": format_money(cap),
        }
    message = _("%(label)s exceeded: %(sum)s RUB with this payout, the cap is %(cap)s RUB.") % {
        "label": label,
        "sum": format_money(total),
        "cap": format_money(cap),
    }
    if (payout.pk, kind) in facts.exceptions:
        return WARNING, message + " " + _("An approved exception allows it.")
    return FAILED, message


def check_contract_cap(payout: Payout, facts: CheckFacts):
    return _cap_result(
        payout,
        facts,
        kind=CapException.Kind.CONTRACT_CAP,
        cap=payout.contract.cap_amount,
        already=facts.contract_totals.get(payout.contract_id, Decimal(0)),
        label=_("Contract cap"),
    )


def check_annual_cap(payout: Payout, facts: CheckFacts):
    cap = facts.annual_cap(payout.expert.tier, payout.due_date)
    if cap is None:
        return PASSED, _("No annual cap is set for the expert's tier.")
    return _cap_result(
        payout,
        facts,
        kind=CapException.Kind.ANNUAL_CAP,
        cap=cap,
        already=facts.annual_totals.get((payout.expert_id, payout.due_date.year), Decimal(0)),
        label=_("Annual cap of the tier"),
    )


def check_single_payout(payout: Payout, facts: CheckFacts):
    if facts.payouts_per_act.get(payout.act_id, 1) <= 1:
        return PASSED, _("This is the only payout for the act.")
    return FAILED, _("Another payout exists for the same act.")


def check_receipts(payout: Payout, facts: CheckFacts):
    overdue = facts.overdue_receipts.get(payout.expert_id, [])
    if not overdue:
        return PASSED, _("No self-employed receipt is overdue.")
    return FAILED, _("Receipts overdue for payouts %(ids)s (due %(due)s): no further payouts.") % {
        "ids": ", ".join(f"#{p.pk}" for p in overdue),
        "due": date_format(min(p.receipt_due_date for p in overdue)),
    }


CHECKS = [
    (Code.ACT_SIGNED, check_act_signed),
    (Code.SINGLE_PAYOUT, check_single_payout),
    (Code.CONSENT, check_consent),
    (Code.BANK_DETAILS, check_bank_details),
    (Code.TAX_STATUS, check_tax_status),
    (Code.RECEIPTS, check_receipts),
    (Code.CONTRACT_CAP, check_contract_cap),
    (Code.ANNUAL_CAP, check_annual_cap),
]


def evaluate(payout: Payout, facts: CheckFacts) -> list[tuple[str, str, str]]:
    """(code, result, message) for every check of `payout`."""
    return [(code, *fn(payout, facts)) for code, fn in CHECKS]
