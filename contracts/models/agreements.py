"""Contracts, service orders and acts: the DESIGN.md §4 machines.

Transitions hold only their conditions (pure checks, cited); services in contracts/services/ lock
the row, run the transition, save, audit and enqueue side effects.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from contracts.terms import contract_term_error
from experts.models import ServiceType, TaxStatus
from kolplatform.core.fields import EncryptedJSONField
from kolplatform.core.refusals import local_date, refusal

MONEY = {"max_digits": 14, "decimal_places": 2}


class Contract(FSMModelMixin, models.Model):
    """Framework contract with an expert (1-3 years)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_APPROVAL = "in_approval", _("In approval")
        REJECTED = "rejected", _("Rejected")
        APPROVED = "approved", _("Approved")
        SENT_TO_EXPERT = "sent_to_expert", _("Sent to the expert")
        SIGNED_BY_EXPERT = "signed_by_expert", _("Signed by the expert")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    number = models.CharField(_("number"), max_length=64, unique=True)
    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("expert"),
    )
    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms, days"), default=10)
    tax_regime = models.CharField(_("tax regime"), max_length=16, choices=TaxStatus.choices)
    cap_amount = models.DecimalField(_("cap amount"), **MONEY)
    currency = models.ForeignKey(
        "core.Currency", on_delete=models.PROTECT, default="RUB", verbose_name=_("currency")
    )
    services = models.JSONField(
        _("services covered"),
        default=list,
        blank=True,
        help_text=_("Service types the contract covers."),
    )
    # Passport, SNILS, INN and account as they were at signing: encrypted at rest.
    bank_details_snapshot = EncryptedJSONField(
        _("bank details at signing"), default=dict, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["expert", "status"]),
            # The contract list's order (contracts.selectors.contract_list), read backwards.
            models.Index(fields=["created_at", "id"], name="contracts_contract_list_order"),
        ]

    def __str__(self):
        return f"№ {self.number}"

    @property
    def services_display(self) -> list[str]:
        return [ServiceType(s).label for s in self.services if s in ServiceType.values]

    @refusal(lambda c: contract_term_error(starts_on=c.starts_on, ends_on=c.ends_on))
    def term_is_valid(self) -> bool:
        """Rule: a framework contract runs 1 to 3 years (contracts/terms.py)."""
        return contract_term_error(starts_on=self.starts_on, ends_on=self.ends_on) is None

    @refusal(lambda c: _("Set the contract's cap (a positive amount) and send it again."))
    def has_cap(self) -> bool:
        return self.cap_amount is not None and self.cap_amount > 0

    @transition(
        field=status,
        source=[Status.DRAFT],
        target=Status.IN_APPROVAL,
        conditions=[term_is_valid, has_cap],
    )
    def send_for_approval(self):
        """Draft with a 1-3 year term and a positive cap goes along the approval route."""

    @transition(field=status, source=Status.IN_APPROVAL, target=Status.APPROVED)
    def approve(self):
        """A transition of DESIGN.md §4; the calling service audits it."""

    @transition(field=status, source=Status.IN_APPROVAL, target=Status.REJECTED)
    def reject(self):
        """A transition of DESIGN.md §4; the calling service audits it."""

    @transition(field=status, source=Status.REJECTED, target=Status.DRAFT)
    def return_to_draft(self):
        """A transition of DESIGN.md §4; the calling service audits it."""

    @transition(
        field=status,
        source=Status.APPROVED,
        target=Status.SENT_TO_EXPERT,
    )
    def send_to_expert(self):
        """Only an approved contract with its rendered PDF is offered to the expert (the service
        sends it together with that PDF)."""

    @transition(field=status, source=Status.SENT_TO_EXPERT, target=Status.SIGNED_BY_EXPERT)
    def sign_by_expert(self):
        """A transition of DESIGN.md §4; the calling service audits it."""

    @transition(field=status, source=Status.SIGNED_BY_EXPERT, target=Status.ACTIVE)
    def sign_by_company(self):
        """The authorised signatory signed after the expert: the contract is in force."""

    @refusal(
        lambda c: (
            _("The contract runs until %(date)s; it expires after that day.")
            % {"date": local_date(c.ends_on)}
        )
    )
    def has_ended(self) -> bool:
        return self.ends_on < timezone.localdate()

    @transition(field=status, source=Status.ACTIVE, target=Status.EXPIRED, conditions=[has_ended])
    def expire(self):
        """An active contract past its end date expires (daily scan)."""

    @transition(field=status, source=Status.ACTIVE, target=Status.TERMINATED)
    def terminate(self):
        """A transition of DESIGN.md §4; the calling service audits it."""


class ServiceOrder(FSMModelMixin, models.Model):
    """An order for services under a contract; fee = hours x the tier rate on the order date."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SIGNED = "signed", _("Signed")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=64, unique=True)
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="orders", verbose_name=_("contract")
    )
    status = FSMField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    service_type = models.CharField(_("service type"), max_length=32, choices=ServiceType.choices)
    description = models.TextField(_("description"), blank=True)
    order_date = models.DateField(_("order date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    rate = models.DecimalField(_("rate per hour"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.ForeignKey(
        "core.Currency", on_delete=models.PROTECT, default="RUB", verbose_name=_("currency")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        ordering = ["-order_date", "-id"]

    def __str__(self):
        return f"№ {self.number}"

    @transition(field=status, source=Status.DRAFT, target=Status.APPROVED)
    def approve(self):
        """A transition of DESIGN.md §4; the calling service audits it."""

    @transition(field=status, source=Status.APPROVED, target=Status.SIGNED)
    def sign(self):
        """A transition of DESIGN.md §4; the calling service audits it."""

    @transition(field=status, source=[Status.DRAFT, Status.APPROVED], target=Status.CANCELLED)
    def cancel(self):
        """A transition of DESIGN.md §4; the calling service audits it."""


class Act(FSMModelMixin, models.Model):
    """Act of services rendered; signed by both sides it triggers the payout."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT_TO_EXPERT = "sent_to_expert", _("Sent to the expert")
        SIGNED_BY_EXPERT = "signed_by_expert", _("Signed by the expert")
        SIGNED_BY_COMPANY = "signed_by_company", _("Signed by both sides")

    number = models.CharField(_("number"), max_length=64, unique=True)
    order = models.OneToOneField(
        ServiceOrder, on_delete=models.PROTECT, related_name="act", verbose_name=_("order")
    )
    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    act_date = models.DateField(_("act date"))
    actual_hours = models.DecimalField(_("actual hours"), max_digits=6, decimal_places=2)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.ForeignKey(
        "core.Currency", on_delete=models.PROTECT, default="RUB", verbose_name=_("currency")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed by both"), null=True, blank=True)

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["-act_date", "-id"]

    def __str__(self):
        return f"№ {self.number}"

    @transition(field=status, source=Status.DRAFT, target=Status.SENT_TO_EXPERT)
    def send_to_expert(self):
        """A transition of DESIGN.md §4; the calling service audits it."""

    @transition(field=status, source=Status.SENT_TO_EXPERT, target=Status.SIGNED_BY_EXPERT)
    def sign_by_expert(self):
        """A transition of DESIGN.md §4; the calling service audits it."""

    @transition(field=status, source=Status.SIGNED_BY_EXPERT, target=Status.SIGNED_BY_COMPANY)
    def sign_by_company(self):
        """A transition of DESIGN.md §4; the calling service audits it."""
