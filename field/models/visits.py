"""Visits of representatives to institutions, geo-checked from the phone (issue 18 §4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from field.geo import GeoStatus as Geo
from field.geo import Permission as Perm
from field.models.policy import VisitType
from kolplatform.core.fields import EncryptedTextField


class GeoStatus(models.TextChoices):
    VERIFIED = Geo.VERIFIED, _("Verified")
    OUT_OF_RANGE = Geo.OUT_OF_RANGE, _("Out of range")
    UNVERIFIABLE = Geo.UNVERIFIABLE, _("Unverifiable")


class Permission(models.TextChoices):
    GRANTED = Perm.GRANTED, _("Granted")
    DENIED = Perm.DENIED, _("Denied")
    UNAVAILABLE = Perm.UNAVAILABLE, _("Unavailable")


def _coordinate(label):
    return models.DecimalField(label, max_digits=9, decimal_places=6, null=True, blank=True)


class Visit(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CHECKED_IN = "checked_in", _("On site")
        SUBMITTED = "submitted", _("Submitted")

    class Review(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed")
        PENDING = "pending", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="field_visits",
        verbose_name=_("representative"),
    )
    plan = models.ForeignKey(
        "field.CyclePlan", on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    target = models.ForeignKey(
        "field.PlanTarget",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    institution = models.ForeignKey(
        "experts.Institution",
        on_delete=models.PROTECT,
        related_name="field_visits",
        verbose_name=_("institution"),
    )
    scheduled_on = models.DateField(_("scheduled for"), null=True, blank=True)
    status = FSMField(
        _("status"), default=Status.SCHEDULED, choices=Status.choices, protected=True, max_length=16
    )
    client_key = models.UUIDField(null=True, blank=True, unique=True)
    check_in_at = models.DateTimeField(_("check-in"), null=True, blank=True)
    check_in_latitude = _coordinate(_("latitude"))
    check_in_longitude = _coordinate(_("longitude"))
    check_in_accuracy_m = models.FloatField(_("accuracy, m"), null=True, blank=True)
    check_in_fix_at = models.DateTimeField(_("time of the fix"), null=True, blank=True)
    permission = models.CharField(
        _("location permission"), max_length=16, choices=Permission.choices, blank=True
    )
    check_out_at = models.DateTimeField(_("check-out"), null=True, blank=True)
    check_out_latitude = _coordinate(_("latitude"))
    check_out_longitude = _coordinate(_("longitude"))
    check_out_accuracy_m = models.FloatField(_("accuracy, m"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("distance, m"), null=True, blank=True)
    geo_status = models.CharField(
        _("geo status"), max_length=16, choices=GeoStatus.choices, blank=True
    )
    minutes_on_site = models.PositiveIntegerField(_("time on site, min"), null=True, blank=True)
    visit_type = models.CharField(
        _("visit type"), max_length=16, choices=VisitType.choices, blank=True
    )
    doctors = models.ManyToManyField(
        "experts.Expert", blank=True, related_name="field_visits", verbose_name=_("doctors met")
    )
    products = models.ManyToManyField(
        "core.Product", blank=True, related_name="+", verbose_name=_("products discussed")
    )
    notes = EncryptedTextField(_("notes"), null=True, blank=True)
    follow_up = models.CharField(_("follow-up task"), max_length=300, blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    range_comment = models.TextField(_("why out of range"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    review = FSMField(
        _("review"),
        default=Review.NOT_NEEDED,
        choices=Review.choices,
        protected=True,
        max_length=16,
    )
    review_reason = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-scheduled_on", "-pk"]
        indexes = [
            models.Index(fields=["rep", "scheduled_on"]),
            models.Index(fields=["plan", "status"]),
            models.Index(
                fields=["rep", "submitted_at"],
                condition=models.Q(review="pending"),
                name="field_visit_pending_review",
            ),
        ]

    def __str__(self):
        return f"{self.institution_id} {self.scheduled_on or ''}"

    @property
    def counts(self) -> bool:
        """Scores points: verified, or accepted by the manager."""
        if self.review == self.Review.ACCEPTED:
            return True
        return self.geo_status == GeoStatus.VERIFIED and self.review == self.Review.NOT_NEEDED

    @transition(field=status, source=Status.SCHEDULED, target=Status.CHECKED_IN)
    def check_in(self):
        pass

    @transition(
        field=status,
        source=Status.CHECKED_IN,
        target=Status.SUBMITTED,
        conditions=[lambda v: bool(v.visit_type)],
    )
    def submit(self):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.CHECKED_IN)
    def unlock(self):
        pass

    @transition(field=review, source=Review.NOT_NEEDED, target=Review.PENDING)
    def ask_review(self):
        pass

    @transition(field=review, source=Review.PENDING, target=Review.ACCEPTED)
    def accept(self):
        pass

    @transition(field=review, source=Review.PENDING, target=Review.REJECTED)
    def reject(self):
        pass
