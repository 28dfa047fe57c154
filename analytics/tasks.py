from celery import shared_task

from analytics.services import data_import_run, facts_refresh


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1700)
def refresh_event_facts() -> int:
    """Scheduled by beat (PeriodicTask "analytics: refresh event facts", data migration)."""
    return facts_refresh().rows


@shared_task(acks_late=True, time_limit=900, soft_time_limit=840)
def data_import_run_task(import_id: int) -> str:
    """Read and save an uploaded plans or sales workbook outside the web request."""
    return data_import_run(import_id=import_id).status
