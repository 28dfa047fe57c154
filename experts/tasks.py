"""Celery entry points of the expert base: thin, by primary key, idempotent."""

from celery import shared_task

from experts.services.grading import assessments_notify_expiring
from experts.services.imports import import_read, import_run


@shared_task(acks_late=True, time_limit=900, soft_time_limit=840)
def import_read_task(job_id: int) -> str:
    """Read an uploaded import file (and dry-run it when asked) outside the web request."""
    return import_read(job_id=job_id).status


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3500)
def import_run_task(job_id: int) -> str:
    return import_run(job_id=job_id).status


@shared_task(acks_late=True)
def assessments_notify_expiring_task() -> int:
    return assessments_notify_expiring()
