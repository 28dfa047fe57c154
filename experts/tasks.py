"""Celery entry points of the expert base: thin, by primary key, idempotent."""

from celery import shared_task


@shared_task(acks_late=True, time_limit=3600, soft_time_limit=3500)
def import_run_task(job_id: int) -> str:
    from experts.services.imports import import_run

    return import_run(job_id=job_id).status


@shared_task(acks_late=True)
def assessments_notify_expiring_task() -> int:
    from experts.services.grading import assessments_notify_expiring

    return assessments_notify_expiring()
