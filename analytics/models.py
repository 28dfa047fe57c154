"""Analytics: plans, KPI targets, imported sales and the event-facts summary table.

Facts are never typed in: they are computed from events, budget lines, payouts and feedback
(see analytics/sql.py for the one definition and analytics/selectors/ for the aggregates)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# The summary cells are defined in analytics/cells.py and imported here, so that Django finds them.
from analytics.cells import (  # noqa: F401
    MONEY,
    FactCell,
    FieldCell,
    MonthCell,
    ProductCell,
    SpeakerCount,
    SpecialtyCell,
)


class Plan(models.Model):
    """One plan row: for a year (quarter empty) or a quarter, per product, region, responsible
    manager and event type. Empty dimensions mean "any"."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    product = models.ForeignKey(
        "core.Product", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("product")
    )
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="analytics_plans",
        verbose_name=_("responsible manager"),
    )
    event_type = models.ForeignKey(
        "events.EventType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("event type"),
    )
    events = models.PositiveIntegerField(_("events"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    experts = models.PositiveIntegerField(_("experts engaged"), default=0)
    budget = models.DecimalField(_("budget"), default=0, **MONEY)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "quarter", "id"]
        indexes = [models.Index(fields=["year", "quarter"])]

    def __str__(self):
        period = f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)
        return f"{period}: {self.product or '—'} / {self.region or '—'} / {self.manager or '—'}"

    def key(self) -> tuple:
        return (self.year, self.product_id, self.region_id, self.manager_id, self.event_type_id)

    def clean(self):
        """A plan key (year, product, region, manager, type) is planned either for the year or by
        quarters, never both, so that no figure is counted twice."""
        same_key = Plan.objects.filter(
            year=self.year,
            product=self.product_id,
            region=self.region_id,
            manager=self.manager_id,
            event_type=self.event_type_id,
        ).exclude(pk=self.pk)
        if self.quarter is None and same_key.exists():
            raise ValidationError(_("This key already has a plan row for this year or a quarter."))
        if self.quarter is not None and (
            same_key.filter(quarter__isnull=True).exists()
            or same_key.filter(quarter=self.quarter).exists()
        ):
            raise ValidationError(
                _("This key already has an annual plan or a plan for this quarter.")
            )


class KpiTarget(models.Model):
    """A manager's KPI targets for a year."""

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kpi_targets",
        verbose_name=_("manager"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    events_held = models.PositiveIntegerField(_("events held"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    cost_per_participant = models.DecimalField(_("cost per participant, at most"), **MONEY)
    feedback_score = models.DecimalField(
        _("feedback score, at least"), max_digits=3, decimal_places=2
    )

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["-year", "manager"]
        constraints = [
            models.UniqueConstraint(fields=["manager", "year"], name="one_kpi_target_per_year")
        ]

    def __str__(self):
        return f"{self.manager} {self.year}"


class TargetSpecialty(models.Model):
    """A specialty in the target segment of a product (participants of that specialty count as
    target-segment participants in ROI)."""

    product = models.ForeignKey(
        "core.Product",
        on_delete=models.CASCADE,
        related_name="target_specialties",
        verbose_name=_("product"),
    )
    specialty = models.CharField(_("specialty"), max_length=200)

    class Meta:
        verbose_name = _("target specialty")
        verbose_name_plural = _("target specialties")
        ordering = ["product", "specialty"]
        constraints = [
            models.UniqueConstraint(fields=["product", "specialty"], name="unique_target_specialty")
        ]

    def __str__(self):
        return f"{self.product}: {self.specialty}"


class SalesRecord(models.Model):
    """Imported sales of a product in a region for a month (first day of the month)."""

    month = models.DateField(_("month"))
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, verbose_name=_("region"))
    # Indexed by sales_product_month_idx (product first).
    product = models.ForeignKey(
        "core.Product", on_delete=models.PROTECT, verbose_name=_("product"), db_index=False
    )
    amount = models.DecimalField(_("sales amount"), **MONEY)
    units = models.PositiveIntegerField(_("units"), default=0)

    class Meta:
        verbose_name = _("sales record")
        verbose_name_plural = _("sales records")
        ordering = ["-month", "region", "product"]
        indexes = [
            # ROI: the sales of a campaign's products over its windows, from the index alone.
            models.Index(
                fields=["product", "month", "region"],
                include=["amount"],
                name="sales_product_month_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "product"], name="one_sales_record_per_month"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.region} {self.product}: {self.amount}"


class DataImport(models.Model):
    """One upload of plans or sales: the file is read and saved in a task (all or nothing);
    the page polls the status, the rows read and then the outcome or every error."""

    class Kind(models.TextChoices):
        PLANS = "plans", _("Plans")
        SALES = "sales", _("Sales data")

    class Status(models.TextChoices):
        READING = "reading", _("Reading the file")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    kind = models.CharField(_("data"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="analytics-imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.READING
    )
    read_rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [[row, message], ...]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("data import")
        verbose_name_plural = _("data imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_reading(self) -> bool:
        return self.status == self.Status.READING


class EventFact(models.Model):
    """One row per event with its figures, copied from the live view analytics_bi_event_facts by
    the refresh task (analytics.services.facts_refresh). The dashboard aggregates this table."""

    event = models.OneToOneField(
        "events.Event",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="+",
        db_constraint=False,  # a summary copy: may lag behind deletions until the next refresh
    )
    starts_at = models.DateTimeField()
    status = models.CharField(max_length=20)
    event_type_id = models.BigIntegerField(null=True)
    region_id = models.BigIntegerField(null=True)
    therapeutic_area_id = models.BigIntegerField(null=True)
    owner_id = models.BigIntegerField()
    n_products = models.IntegerField(default=0)
    planned_participants = models.IntegerField(default=0)
    participants = models.IntegerField(default=0)
    target_participants = models.IntegerField(default=0)
    speakers = models.IntegerField(default=0)
    approved_total = models.DecimalField(default=0, **MONEY)
    budget_planned = models.DecimalField(default=0, **MONEY)
    budget_final = models.DecimalField(default=0, **MONEY)
    budget_actual = models.DecimalField(default=0, **MONEY)
    budget_actual_non_fee = models.DecimalField(default=0, **MONEY)
    fees_total = models.DecimalField(default=0, **MONEY)
    fees_paid = models.DecimalField(default=0, **MONEY)
    total_cost = models.DecimalField(default=0, **MONEY)
    rating_sum = models.IntegerField(default=0)
    rating_count = models.IntegerField(default=0)
    nps_promoters = models.IntegerField(default=0)
    nps_detractors = models.IntegerField(default=0)
    nps_count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("event facts")
        verbose_name_plural = _("event facts")
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["owner_id", "starts_at"]),
            models.Index(fields=["region_id", "starts_at"]),
            models.Index(fields=["event_type_id", "starts_at"]),
            models.Index(fields=["therapeutic_area_id", "starts_at"]),
        ]

    def __str__(self):
        return f"facts of event {self.event_id}"


class FactsRefresh(models.Model):
    """One run of the refresh of EventFact; the latest finished run is "data as of"."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("facts refresh")
        verbose_name_plural = _("facts refreshes")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.rows})"


class EventProductLink(models.Model):
    """Read-only: the products of an event (view analytics_bi_event_products)."""

    event = models.ForeignKey(
        EventFact, on_delete=models.DO_NOTHING, related_name="product_links", db_constraint=False
    )
    product = models.ForeignKey(
        "core.Product", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )

    class Meta:
        managed = False
        db_table = "analytics_bi_event_products"

    def __str__(self):
        return f"{self.event_id}: {self.product_id}"


class PayoutFact(models.Model):
    """Read-only: a payout with the event it belongs to (view analytics_bi_payouts)."""

    payout = models.OneToOneField(
        "payments.Payout",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    event = models.ForeignKey(
        EventFact, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False
    )
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    status = models.CharField(max_length=20)
    gross = models.DecimalField(**MONEY)
    net = models.DecimalField(**MONEY)
    due_date = models.DateField()
    paid_at = models.DateField(null=True)

    class Meta:
        managed = False
        db_table = "analytics_bi_payouts"

    def __str__(self):
        return f"payout {self.payout_id} of event {self.event_id}"
