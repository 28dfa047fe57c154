from celery import shared_task

from analytics.services import facts_refresh


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def refresh_event_facts() -> int:
    """Scheduled by beat (PeriodicTask "analytics: refresh event facts", data migration)."""
    return facts_refresh().rows
