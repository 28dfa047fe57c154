"""Events. Skeleton of the shared fields and the DESIGN.md §4 machine; the events module extends it
(adds fields, models and transition conditions, never renames)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from kolplatform.core.refusals import local_datetime, refusal

MONEY = {"max_digits": 14, "decimal_places": 2}


class BudgetCategory(models.TextChoices):
    VENUE = "venue", _("Venue")
    CATERING = "catering", _("Catering")
    AV = "av", _("AV equipment")
    TRAVEL = "travel", _("Travel")
    ACCOMMODATION = "accommodation", _("Accommodation")
    TRANSFERS = "transfers", _("Transfers")
    REGISTRATION = "registration", _("Registration fees")
    SPEAKER_FEES = "speaker_fees", _("Speaker fees")
    AGENCY_FEE = "agency_fee", _("Agency fee")
    PRINTING = "printing", _("Printing")
    OTHER = "other", _("Other")


class EventFormat(models.TextChoices):
    OFFLINE = "offline", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventType(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    default_format = models.CharField(
        _("format"), max_length=16, choices=EventFormat.choices, default=EventFormat.OFFLINE
    )
    requires_regulator_notice = models.BooleanField(_("regulator notice required"), default=True)
    approval_route = models.ForeignKey(
        "core.ApprovalRoute",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("approval route"),
    )
    allowed_budget_categories = models.JSONField(
        _("budget categories allowed"), default=list, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    checklist = models.JSONField(
        _("closing checklist"),
        default=list,
        blank=True,
        help_text=_(
            'The evidence the type needs: a list of {"code", "name", "name_en", "kind", '
            '"required"}; kind is file, photo, sign_in_sheet, number, text or date.'
        ),
    )
    service_type = models.CharField(
        _("speaker service type"), max_length=32, default="lecture", blank=True
    )

    class Meta:
        verbose_name = _("event type")
        verbose_name_plural = _("event types")
        ordering = ["name"]

    def __str__(self):
        return self.name_en if self.name_en and get_language() == "en" else self.name


class Event(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        BUDGET_APPROVAL = "budget_approval", _("In approval")
        APPROVED = "approved", _("Approved")
        BUDGET_REAPPROVAL = "budget_reapproval", _("Budget re-approval")
        HELD = "held", _("Held")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=300)
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name=_("type")
    )
    format = models.CharField(
        _("format"), max_length=16, choices=EventFormat.choices, default=EventFormat.OFFLINE
    )
    status = FSMField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Moscow")
    city = models.CharField(_("city"), max_length=120, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    products = models.ManyToManyField("core.Product", blank=True, verbose_name=_("products"))
    therapeutic_area = models.ForeignKey(
        "core.TherapeuticArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("therapeutic area"),
    )
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_events",
        verbose_name=_("owner"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="team_events", verbose_name=_("team")
    )
    target_audience = models.CharField(_("target audience"), max_length=300, blank=True)
    planned_participants = models.PositiveIntegerField(_("planned participants"), default=0)
    description = models.TextField(_("description"), blank=True)
    approved_total = models.DecimalField(_("approved budget"), null=True, blank=True, **MONEY)
    currency = models.ForeignKey(
        "core.Currency", on_delete=models.PROTECT, default="RUB", verbose_name=_("currency")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sponsors = models.CharField(_("sponsors"), max_length=300, blank=True)
    status_before_reapproval = models.CharField(max_length=20, blank=True, editable=False)
    notice_override_reason = models.TextField(_("late notice override reason"), blank=True)
    notice_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("late notice override by"),
    )
    notice_close_override_reason = models.TextField(
        _("closed without a submitted notice: reason"), blank=True
    )
    notice_close_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closing without a notice allowed by"),
    )
    notice_close_override_at = models.DateTimeField(
        _("closing without a notice allowed at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["-starts_at", "-id"], name="events_event_list_order"),
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["owner", "starts_at"]),
            models.Index(fields=["region", "starts_at"]),
            models.Index(fields=["event_type", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    PRE_HELD = [Status.DRAFT, Status.BUDGET_APPROVAL, Status.APPROVED, Status.BUDGET_REAPPROVAL]
    SPENDING_ALLOWED = [Status.DRAFT, Status.APPROVED, Status.HELD]
    """New spending (vendor confirmation, new orders) is frozen while in approval or re-approval."""

    @property
    def is_frozen(self) -> bool:
        return self.status not in self.SPENDING_ALLOWED

    @refusal(
        lambda e: (
            _("The event has not ended yet; it can be marked held from %(when)s.")
            % {"when": local_datetime(e.ends_at)}
        )
    )
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.BUDGET_APPROVAL,
    )
    def send_for_approval(self):
        """The owner submits a draft with a budget; the approvals engine picks the route."""

    @transition(field=status, source=Status.BUDGET_APPROVAL, target=Status.APPROVED)
    def approve(self):
        """The last step of the approval request approved."""

    @transition(field=status, source=Status.BUDGET_APPROVAL, target=Status.DRAFT)
    def reject(self):
        """A step rejected (with comment); the owner edits and resubmits."""

    @transition(
        field=status, source=[Status.APPROVED, Status.HELD], target=Status.BUDGET_REAPPROVAL
    )
    def require_budget_reapproval(self):
        """Final or actual total above the approved total beyond the route's tolerance."""
        self.status_before_reapproval = self.status

    @transition(
        field=status,
        source=Status.BUDGET_REAPPROVAL,
        target=RETURN_VALUE(Status.APPROVED, Status.HELD),
    )
    def reapprove(self):
        """The re-approval request approved: back to where the event was (approved or held)."""
        previous = self.status_before_reapproval or self.Status.APPROVED
        self.status_before_reapproval = ""
        return previous

    @transition(field=status, source=Status.APPROVED, target=Status.HELD, conditions=[has_ended])
    def mark_held(self):
        """The event took place (its end time has passed)."""

    @transition(field=status, source=Status.HELD, target=Status.CLOSING)
    def start_closing(self):
        """The owner starts uploading the closing checklist."""

    @transition(field=status, source=Status.CLOSING, target=Status.CLOSED)
    def close(self):
        """Every required checklist item accepted, every speaker's act signed by both sides, and
        the regulator notice submitted (or its absence overridden by compliance)."""

    @transition(field=status, source=PRE_HELD, target=Status.CANCELLED)
    def cancel(self):
        """Withdrawn before it took place."""


class ProgramItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="program_items")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.CharField(_("topic"), max_length=300)
    speaker = models.ForeignKey(
        "experts.Expert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_items",
        verbose_name=_("speaker"),
    )
    service_order = models.ForeignKey(
        "contracts.ServiceOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_items",
        verbose_name=_("service order"),
    )

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["event", "starts_at"]

    def __str__(self):
        return self.topic


class EventOrder(models.Model):
    """A speaker's service order placed for this event: an order belongs to one event at most.

    Lives on the events side because contracts must not depend on events."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="order_links")
    service_order = models.OneToOneField(
        "contracts.ServiceOrder",
        on_delete=models.PROTECT,
        related_name="event_link",
        verbose_name=_("service order"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event service order")
        verbose_name_plural = _("event service orders")

    def __str__(self):
        return f"{self.event_id}: {self.service_order_id}"


class Participant(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        ATTENDED = "attended", _("Attended")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("expert"),
    )
    full_name = models.CharField(_("full name"), max_length=300)
    institution_name = models.CharField(_("institution"), max_length=300, blank=True)
    specialty = models.CharField(_("specialty"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    badge_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "full_name"]

    def __str__(self):
        return self.full_name

    BADGE_CODE_LENGTH = 8

    @property
    def badge_code(self) -> str:
        """The short code printed on the badge (the first hex digits of its token), typed into
        a survey for checked-in participants."""
        return self.badge_token.hex[: self.BADGE_CODE_LENGTH].upper()


class BudgetLine(models.Model):
    """One budget line with its three figures: planned (preliminary), final (approved), actual."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=32, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    planned = models.DecimalField(_("planned"), default=0, **MONEY)
    final = models.DecimalField(_("final"), default=0, **MONEY)
    actual = models.DecimalField(_("actual"), default=0, **MONEY)
    currency = models.ForeignKey(
        "core.Currency", on_delete=models.PROTECT, default="RUB", verbose_name=_("currency")
    )
    service_order = models.ForeignKey(
        "contracts.ServiceOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("service order"),
    )
    is_entertainment = models.BooleanField(
        _("entertainment"),
        default=False,
        help_text=_("Leisure or entertainment for medical workers (forbidden by 323-FZ art. 74)."),
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["event", "category", "id"]
        indexes = [models.Index(fields=["event", "category"])]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description}"
