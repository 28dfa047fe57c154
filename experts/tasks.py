"""Celery entry points of the expert base: thin, by primary key, idempotent."""

from celery import shared_task


@shared_task(acks_late=True, time_limit=900, soft_time_limit=840)
def import_read_task(job_id: int) -> str:
    """Read an uploaded import file (and dry-run it when asked) outside the web request."""
    from experts.services.imports import import_read

    return import_read(job_id=job_id).status


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3500)
def import_run_task(job_id: int) -> str:
    from experts.services.imports import import_run

    return import_run(job_id=job_id).status


@shared_task(acks_late=True)
def assessments_notify_expiring_task() -> int:
    from experts.services.grading import assessments_notify_expiring

    return assessments_notify_expiring()
