from decimal import Decimal

from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition


class Widget(FSMModelMixin, models.Model):
    """An object that needs approval: draft -> in_approval -> approved | rejected (-> draft)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_APPROVAL = "in_approval", "In approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=16, decimal_places=2, default=Decimal("0.00"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = FSMField(max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True)

    def __str__(self):
        return self.name

    @transition(field=status, source=[Status.DRAFT, Status.REJECTED], target=Status.IN_APPROVAL)
    def submit(self):
        """Sent to the approval route."""

    @transition(field=status, source=Status.IN_APPROVAL, target=Status.APPROVED)
    def approve(self):
        """The last step approved."""

    @transition(field=status, source=Status.IN_APPROVAL, target=Status.REJECTED)
    def reject(self):
        """A step rejected."""

    @transition(field=status, source=Status.IN_APPROVAL, target=Status.DRAFT)
    def withdraw(self):
        """The owner withdrew it; the pending request is cancelled."""
