"""Thin Celery entry points of field work."""

from celery import shared_task
from django.utils import timezone

from field.models import CyclePlan
from field.services.plans import plan_refresh_status


@shared_task(acks_late=True)
def field_plans_refresh() -> int:
    """Daily: plans whose cycle began start, plans past their grace period complete."""
    today = timezone.localdate()
    changed = 0
    open_plans = CyclePlan.objects.exclude(status=CyclePlan.Status.COMPLETED).filter(
        starts_on__lte=today
    )
    for plan in open_plans.only("pk", "status").iterator():
        before = plan.status
        changed += plan_refresh_status(plan=plan, today=today).status != before
    return changed
