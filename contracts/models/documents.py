"""Document templates (versioned), numbering, and the documents issued to an expert for signing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from kolplatform.core.refusals import refusal


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", _("Framework contract")
    ORDER = "order", _("Service order")
    ACT = "act", _("Act of services rendered")
    INVOICE = "invoice", _("Invoice")
    ESIGN_AGREEMENT = "esign_agreement", _("E-signature agreement")
    CONSENT = "consent", _("Personal-data consent")


class DocumentTemplate(models.Model):
    """HTML in the Django template language over the context of contracts/context.py.

    A version that has been used for a document (`used_at` set) is never edited: a new version is
    made instead. The active version with the highest number is used for new documents.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("template (HTML)"))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("first used"), null=True, blank=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="template_unique_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None


class NumberSequence(models.Model):
    """Configurable numbering per kind and year: `pattern` with {year} and {seq} placeholders."""

    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    pattern = models.CharField(
        _("pattern"),
        max_length=64,
        help_text=_("Placeholders: {year}, {seq} (e.g. {seq:05d}). Example: К-{year}-{seq:05d}"),
    )
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        ordering = ["kind", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="number_sequence_unique_year")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}: {self.pattern}"


class ContractDocument(FSMModelMixin, models.Model):
    """One rendered version of a contract, order or act PDF offered for signing.

    The PDF bytes (a core Document with its SHA-256) never change: regeneration makes a new
    version and supersedes the old one. Signed by the expert first, then by the company.
    """

    class Status(models.TextChoices):
        RENDERING = "rendering", _("Being generated")
        READY = "ready", _("Ready")
        AWAITING_EXPERT = "awaiting_expert", _("Awaiting the expert's signature")
        AWAITING_COMPANY = "awaiting_company", _("Awaiting the company's signature")
        SIGNED = "signed", _("Signed")
        DECLINED = "declined", _("Declined by the expert")
        SUPERSEDED = "superseded", _("Superseded by a new version")

    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("contract"),
    )
    order = models.ForeignKey(
        "contracts.ServiceOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("order"),
    )
    act = models.ForeignKey(
        "contracts.Act",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("act"),
    )
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.PROTECT, related_name="+", verbose_name=_("expert")
    )
    number = models.CharField(_("number"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RENDERING, protected=True
    )
    pdf = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PDF"),
    )
    signed_copy = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed copy"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent to the expert"), null=True, blank=True)
    declined_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("document for signing")
        verbose_name_plural = _("documents for signing")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["expert", "status"]),
            models.Index(fields=["status", "sent_at"]),
            models.Index(fields=["number"]),
            # The archive's order (contracts.selectors.archive_documents), read backwards.
            models.Index(fields=["created_at", "id"], name="contracts_document_list_order"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} № {self.number} (v{self.version})"

    @refusal(lambda d: _("The PDF of the document is still being prepared; try again in a minute."))
    def has_pdf(self) -> bool:
        return self.pdf_id is not None

    @refusal(
        lambda d: _(
            "Only an invoice is signed by the expert alone; this document needs the "
            "company's signature after the expert's."
        )
    )
    def is_issued_by_expert(self) -> bool:
        """An invoice is the expert's own document (an entrepreneur bills the company): only the
        expert signs it; every other kind is signed by the expert and then the company."""
        return self.kind == DocumentKind.INVOICE

    @refusal(lambda d: _("An invoice is the expert's own document; the company does not sign it."))
    def needs_company_signature(self) -> bool:
        return not self.is_issued_by_expert()

    @transition(field=status, source=Status.RENDERING, target=Status.READY, conditions=[has_pdf])
    def mark_rendered(self):
        """The PDF is stored with its hash."""

    @transition(field=status, source=Status.READY, target=Status.AWAITING_EXPERT)
    def send(self):
        """Offered to the expert in the cabinet."""

    @transition(
        field=status,
        source=Status.AWAITING_EXPERT,
        target=Status.AWAITING_COMPANY,
        conditions=[needs_company_signature],
    )
    def sign_by_expert(self):
        """The expert signed with a valid one-time code; the company signs next."""

    @transition(
        field=status,
        source=Status.AWAITING_EXPERT,
        target=Status.SIGNED,
        conditions=[is_issued_by_expert],
    )
    def sign_as_issuer(self):
        """The expert signed their own invoice with a valid one-time code: complete."""

    @transition(field=status, source=Status.AWAITING_COMPANY, target=Status.SIGNED)
    def sign_by_company(self):
        """The authorised signatory signed with a valid one-time code."""

    @transition(field=status, source=Status.AWAITING_EXPERT, target=Status.DECLINED)
    def decline(self):
        """The expert declined, giving a reason."""

    @transition(
        field=status,
        source=[Status.RENDERING, Status.READY, Status.AWAITING_EXPERT, Status.DECLINED],
        target=Status.SUPERSEDED,
    )
    def supersede(self):
        """A new version replaces this one; unsigned versions only."""
