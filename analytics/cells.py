"""The summary cells of analytics: the sums of the event facts, speakers, field work, cost by
product and participants by specialty per period and region, for all rows or one value of one
dimension. Rebuilt from the base tables by analytics.services.facts_refresh; the pages read them
instead of scanning the base tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class MonthCell(models.Model):
    """The key of a monthly summary cell: a calendar month (in the company's time zone), a
    region, and all rows (`dim` "") or one value of one dimension."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    region_id = models.BigIntegerField(null=True)
    dim = models.CharField(max_length=20, blank=True)
    dim_value = models.BigIntegerField(null=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.dim or 'all'}={self.dim_value}"


class FactCell(MonthCell):
    """Second summary level: the sums of the event facts per calendar month (in the company's
    time zone) and region, for all events or for one value of one dimension (`dim`: "" = all,
    "manager", "event_type", "therapeutic_area"), either over all events (`by_product` false,
    product empty) or per product (`by_product` true: the events of `product_id`, each counted
    in full under every product it has; product empty = events without a product). Rebuilt with
    EventFact by the same refresh; broad dashboard filters sum hundreds of these instead of
    tens of thousands of events.

    The sum columns are the dashboard's figures (analytics.metrics.METRICS plus the feedback
    counters); `events` counts every event and `cost_share` is the event's total cost divided
    equally between its products (the "cost by product" table)."""

    by_product = models.BooleanField(default=False)
    product_id = models.BigIntegerField(null=True)
    events = models.IntegerField(default=0)
    planned = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)
    held = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    participants = models.IntegerField(default=0)
    target_participants = models.IntegerField(default=0)
    approved_total = models.DecimalField(default=0, **MONEY)
    budget_final = models.DecimalField(default=0, **MONEY)
    budget_actual = models.DecimalField(default=0, **MONEY)
    fees_paid = models.DecimalField(default=0, **MONEY)
    total_cost = models.DecimalField(default=0, **MONEY)
    cost_share = models.DecimalField(default=0, max_digits=28, decimal_places=10)
    rating_sum = models.IntegerField(default=0)
    rating_count = models.IntegerField(default=0)
    nps_promoters = models.IntegerField(default=0)
    nps_detractors = models.IntegerField(default=0)
    nps_count = models.IntegerField(default=0)
    # The same figures over the events held (or later) only: the ROI campaign.
    held_participants = models.IntegerField(db_default=0)
    held_target_participants = models.IntegerField(db_default=0)
    held_total_cost = models.DecimalField(db_default=0, **MONEY)
    held_rating_sum = models.IntegerField(db_default=0)
    held_rating_count = models.IntegerField(db_default=0)

    class Meta:
        verbose_name = _("monthly facts cell")
        verbose_name_plural = _("monthly facts cells")
        indexes = [
            models.Index(
                fields=["dim", "dim_value", "by_product", "product_id", "year", "month"],
                name="analytics_factcell_lookup",
            ),
            # A region without a product: the region's cells, not every region's.
            models.Index(
                fields=["dim", "dim_value", "by_product", "region_id", "year", "month"],
                name="analytics_factcell_region",
            ),
        ]


class SpeakerCount(models.Model):
    """The "experts engaged" figure (distinct speakers of the events not cancelled) for every
    period the filters offer (a year; a quarter; a month), all regions or one region, and all
    events or one value of one dimension (`dim`: "" = all, "product", "manager", "event_type",
    "therapeutic_area"). Distinct counts do not add up, so they are counted per filter
    combination by the refresh; a missing row means no speakers."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(null=True)
    month = models.PositiveSmallIntegerField(null=True)
    all_regions = models.BooleanField(default=True)
    region_id = models.BigIntegerField(null=True)
    dim = models.CharField(max_length=20, blank=True)
    dim_value = models.BigIntegerField(null=True)
    experts = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("experts engaged count")
        verbose_name_plural = _("experts engaged counts")
        indexes = [
            models.Index(
                fields=["dim", "dim_value", "year", "quarter", "month", "all_regions", "region_id"],
                name="analytics_speakercount_lookup",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.dim or 'all'}={self.dim_value}: {self.experts}"


class FieldCell(MonthCell):
    """The field work of the dashboard summed per calendar month and region of the institution,
    for all reps or for one value of one dimension (`dim`: "" = all, "manager" = the reps of one
    manager, "product" = the visits where one product was discussed, a visit counted under each
    of its products). Rebuilt with the event facts by the same refresh.

    Two kinds of figures share a row: the visits scheduled in the month (`made`, `verified`,
    `points`, `to_review`), and the targets of the plans that start in the month (`planned`,
    `targets`, `covered` = targets with a visit made at any date). Targets have no product: the
    "product" rows hold visits only."""

    made = models.IntegerField(db_default=0)
    verified = models.IntegerField(db_default=0)
    points = models.BigIntegerField(db_default=0)
    to_review = models.IntegerField(db_default=0)
    planned = models.BigIntegerField(db_default=0)
    targets = models.IntegerField(db_default=0)
    covered = models.IntegerField(db_default=0)

    class Meta:
        verbose_name = _("monthly field work cell")
        verbose_name_plural = _("monthly field work cells")
        indexes = [
            models.Index(
                fields=["dim", "dim_value", "year", "month", "region_id"],
                name="analytics_fieldcell_lookup",
            )
        ]


class ProductCell(models.Model):
    """The cost-by-product figures of a whole period over all regions: the per-product monthly
    cells (FactCell with `by_product`) summed over the regions, per year (quarter and month
    empty), quarter or month, for all events or one value of the "event_type" or
    "therapeutic_area" dimension (a manager's or a region's cells are few; they are summed
    directly). Rebuilt from FactCell by the same refresh; a product's row is read instead of its
    hundreds of monthly regional cells."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(null=True)
    month = models.PositiveSmallIntegerField(null=True)
    dim = models.CharField(max_length=20, blank=True)
    dim_value = models.BigIntegerField(null=True)
    product_id = models.BigIntegerField(null=True)
    events = models.IntegerField(default=0)
    held = models.IntegerField(db_default=0)
    cost_share = models.DecimalField(default=0, max_digits=28, decimal_places=10)

    class Meta:
        verbose_name = _("cost by product cell")
        verbose_name_plural = _("cost by product cells")
        indexes = [
            models.Index(
                fields=["dim", "dim_value", "year", "quarter", "month"],
                name="analytics_productcell_lookup",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.dim or 'all'}={self.dim_value}: {self.product_id}"


class SpecialtyCell(MonthCell):
    """Participants who attended the events held (or later) per specialty, per calendar month
    and region of the event, for all events or one value of the "event_type" or
    "therapeutic_area" dimension: the ROI page's "reached by specialty" for broad filters (a
    manager's or a product's events are few; their participants are counted live). Rebuilt
    with the event facts by the same refresh."""

    specialty = models.CharField(max_length=200, blank=True)
    participants = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("participants by specialty cell")
        verbose_name_plural = _("participants by specialty cells")
        indexes = [
            models.Index(
                fields=["dim", "dim_value", "year", "month", "region_id"],
                name="analytics_specialtycell_lookup",
            )
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.specialty}: {self.participants}"
