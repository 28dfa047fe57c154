"""The expert base.

Skeleton of the shared fields; the experts module extends it (adds, never renames)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalize_name(value: str) -> str:
    """Case- and ё/е-insensitive search key."""
    return " ".join(value.lower().replace("ё", "е").split())


# The expert's position, degrees and contacts, in the order forms and exports show them.
CAREER_AND_CONTACT_FIELDS = (
    "position",
    "academic_degree",
    "academic_title",
    "experience_years",
    "email",
    "phone",
)


class Tier(models.TextChoices):
    INTERNATIONAL = "international", _("International")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class ServiceType(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    ADVISORY_BOARD = "advisory_board", _("Advisory board")
    CONSULTING = "consulting", _("Consulting")
    PUBLICATION = "publication", _("Publication")
    TRAINING = "training", _("Training")


class TaxStatus(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual (civil-law contract)")
    NON_RESIDENT = "non_resident", _("Individual, non-resident")
    SELF_EMPLOYED = "self_employed", _("Self-employed (NPD)")
    ENTREPRENEUR = "entrepreneur", _("Individual entrepreneur")


class Specialty(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Institution(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.PUBLIC)
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    beds = models.PositiveIntegerField(_("beds"), null=True, blank=True)
    departments = models.TextField(_("departments"), blank=True)
    external_id = models.CharField(
        _("external id"), max_length=64, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.city}" if self.city else self.name


class Expert(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert",
        verbose_name=_("cabinet user"),
    )
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    # Indexed by expert_dedup_idx (equality) and, on PostgreSQL, by a trigram index (substring
    # and prefix search; migration 0006); a plain index of its own only slowed down writes.
    search_name = models.CharField(max_length=320, editable=False)
    specialties = models.ManyToManyField(Specialty, blank=True, verbose_name=_("specialties"))
    therapeutic_areas = models.ManyToManyField(
        "core.TherapeuticArea", blank=True, verbose_name=_("therapeutic areas")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("institution"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    academic_degree = models.CharField(_("academic degree"), max_length=100, blank=True)
    academic_title = models.CharField(_("academic title"), max_length=100, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    crm_id = models.CharField(_("CRM id"), max_length=64, null=True, blank=True, unique=True)
    provider_id = models.CharField(
        _("provider id"), max_length=64, null=True, blank=True, unique=True
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for_experts",
        verbose_name=_("responsible"),
    )
    tax_status = models.CharField(
        _("tax status"), max_length=16, choices=TaxStatus.choices, default=TaxStatus.INDIVIDUAL
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
        # No index: nearly every row is NULL, and an index tempts SQLite's planner away from the
        # name-ordered index of the list (a full sort of every expert).
        db_index=False,
    )
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="expert_name_order_idx"),
            # The list's filters in its order, over the experts it shows (not merged away): the
            # page and its capped count come from the index alone (tests/core/test_list_indexes).
            *(
                models.Index(
                    fields=[column, "last_name", "first_name", "id"],
                    name=f"expert_list_{column}_idx",
                    condition=models.Q(merged_into__isnull=True),
                )
                for column in ("tier", "city", "is_active", "region")
            ),
            models.Index(fields=["search_name", "institution"], name="expert_dedup_idx"),
            models.Index(fields=["-updated_at"], name="expert_updated_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # Derived search key, not business logic.
        self.search_name = normalize_name(self.full_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class Consent(models.Model):
    """Personal-data consent under 152-FZ. Valid while given and not withdrawn.

    Rows are never rewritten: a changed choice is a new row (the latest one holds the current
    values), a withdrawal stamps its row once. Each row says who recorded it, when and through
    which channel, so the rows are the consent's history."""

    class Channel(models.TextChoices):
        STAFF = "staff", _("staff entry")
        CABINET = "cabinet", _("cabinet")
        PAPER = "paper", _("paper scan")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=200, default="contracting")
    text_version = models.CharField(_("consent text version"), max_length=32)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    document = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("signed document"),
    )
    allows_named_disclosure = models.BooleanField(_("named disclosure allowed"), default=False)
    allows_email = models.BooleanField(_("e-mails allowed"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.STAFF
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_channel = models.CharField(
        _("withdrawal channel"), max_length=16, choices=Channel.choices, blank=True
    )

    class Meta:
        verbose_name = _("personal-data consent")
        verbose_name_plural = _("personal-data consents")
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["expert", "withdrawn_at", "given_at"])]

    def __str__(self):
        return f"{self.expert} — {self.text_version}"


class RateCard(models.Model):
    """Fee per hour by tier and service type, valid for a period (DESIGN.md §5)."""

    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    service_type = models.CharField(_("service type"), max_length=32, choices=ServiceType.choices)
    fee_per_hour = models.DecimalField(_("fee per hour"), max_digits=12, decimal_places=2)
    currency = models.ForeignKey(
        "core.Currency", on_delete=models.PROTECT, default="RUB", verbose_name=_("currency")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("rate card")
        verbose_name_plural = _("rate cards")
        ordering = ["tier", "service_type", "-valid_from"]
        indexes = [models.Index(fields=["tier", "service_type", "valid_from"])]

    def __str__(self):
        return f"{self.get_tier_display()} / {self.get_service_type_display()}: {self.fee_per_hour}"


class Competency(models.Model):
    """A topic or product an expert is approved to speak on."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="competencies")
    product = models.ForeignKey(
        "core.Product", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("product")
    )
    therapeutic_area = models.ForeignKey(
        "core.TherapeuticArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("therapeutic area"),
    )
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    approved_at = models.DateField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["-approved_at", "id"]

    def __str__(self):
        return self.topic or str(self.product or self.therapeutic_area)
