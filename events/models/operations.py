"""Work around an event: tasks, vendors and their requests, proposed changes of approved events."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from events.models.event import MONEY, BudgetCategory, Event, Participant
from kolplatform.core.refusals import local_datetime, refusal


class Task(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_tasks",
        verbose_name=_("assignee"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["assignee", "status", "due_date"])]

    def __str__(self):
        return self.title


class Vendor(models.Model):
    class Kind(models.TextChoices):
        MICE = "mice", _("MICE agency")
        TRAVEL = "travel", _("Travel agency")
        HOTEL = "hotel", _("Hotel")
        CATERING = "catering", _("Catering")
        VENUE = "venue", _("Venue")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    inn = models.CharField(_("INN"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["name"]

    def __str__(self):
        return self.name


def new_token() -> str:
    return secrets.token_urlsafe(24)


class VendorRequest(FSMModelMixin, models.Model):
    """requested -> quoted -> confirmed -> done | cancelled; confirmed cost = budget actual.

    `paid_on` is the date finance paid the vendor (the payment order), recorded on a confirmed or
    done request: the date the money left, which places a cost for a speaker or participant in a
    year of the transparency report (cash basis).
    """

    class Kind(models.TextChoices):
        AIR = "air", _("Air tickets")
        RAIL = "rail", _("Rail tickets")
        HOTEL = "hotel", _("Hotel rooms")
        TRANSFER = "transfer", _("Transfer")
        CATERING = "catering", _("Catering")
        VENUE = "venue", _("Venue")
        REGISTRATION = "registration", _("Congress registration")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        QUOTED = "quoted", _("Quoted")
        CONFIRMED = "confirmed", _("Confirmed")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    CATEGORY = {
        Kind.AIR: BudgetCategory.TRAVEL,
        Kind.RAIL: BudgetCategory.TRAVEL,
        Kind.HOTEL: BudgetCategory.ACCOMMODATION,
        Kind.TRANSFER: BudgetCategory.TRANSFERS,
        Kind.CATERING: BudgetCategory.CATERING,
        Kind.VENUE: BudgetCategory.VENUE,
        Kind.REGISTRATION: BudgetCategory.REGISTRATION,
    }

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="vendor_requests")
    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="requests", verbose_name=_("vendor")
    )
    kind = models.CharField(_("service"), max_length=16, choices=Kind.choices)
    details = models.TextField(_("details"), blank=True)
    traveller = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logistics",
        verbose_name=_("for participant"),
    )
    speaker = models.ForeignKey(
        "experts.Expert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_logistics",
        verbose_name=_("for speaker"),
    )
    status = FSMField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED, protected=True
    )
    quote_amount = models.DecimalField(_("quoted cost"), null=True, blank=True, **MONEY)
    quote_comment = models.TextField(_("vendor comment"), blank=True)
    confirmed_amount = models.DecimalField(_("confirmed cost"), null=True, blank=True, **MONEY)
    paid_on = models.DateField(_("paid to the vendor on"), null=True, blank=True)
    budget_line = models.ForeignKey(
        "events.BudgetLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vendor_requests",
        verbose_name=_("budget line"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("vendor request")
        verbose_name_plural = _("vendor requests")
        ordering = ["event", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.vendor}"

    @refusal(
        lambda r: _(
            "No new spending while the event is in approval or re-approval; confirm it "
            "once the event is approved."
        )
    )
    def event_allows_spending(self) -> bool:
        return not self.event.is_frozen

    @transition(field=status, source=Status.REQUESTED, target=Status.QUOTED)
    def quote(self):
        """The vendor posted a quote on the token page."""

    @transition(
        field=status,
        source=Status.QUOTED,
        target=Status.CONFIRMED,
        conditions=[event_allows_spending],
    )
    def confirm(self):
        """The owner confirms the quote; not while the event is in (re-)approval."""

    @transition(field=status, source=Status.CONFIRMED, target=Status.DONE)
    def complete(self):
        """The service was rendered."""

    @transition(
        field=status,
        source=[Status.REQUESTED, Status.QUOTED, Status.CONFIRMED],
        target=Status.CANCELLED,
    )
    def cancel(self):
        """Withdrawn by the owner."""


class EventChange(models.Model):
    """A change of dates, venue or programme of an approved event, applied once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPLIED = "applied", _("Approved and applied")
        REJECTED = "rejected", _("Rejected")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    payload = models.JSONField(default=dict)
    summary = models.TextField(_("change"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event change")
        verbose_name_plural = _("event changes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.summary

    def describe(self) -> str:
        """The proposed change in the active language: field names, choices and local times
        formatted when shown (the stored `summary` is the proposer's wording, for the audit)."""
        parts = [
            f"{capfirst(Event._meta.get_field(name).verbose_name)}: {_shown(name, value)}"
            for name, value in self.payload.get("fields", {}).items()
        ]
        programme = self.payload.get("programme")
        if programme:
            parts.append(
                _("Programme: %(topic)s, %(starts)s – %(ends)s")
                % {
                    "topic": programme.get("topic", ""),
                    "starts": _shown("starts_at", programme.get("starts_at")),
                    "ends": _shown("ends_at", programme.get("ends_at")),
                }
            )
        return ", ".join(parts) or self.summary


def _shown(name: str, value) -> str:
    """A stored (JSON) value of an Event field as the user reads it."""
    field = Event._meta.get_field(name)
    if value in (None, ""):
        return "—"
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        return local_datetime(moment) if moment else str(value)
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        return formats.date_format(day, "DATE_FORMAT") if day else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
