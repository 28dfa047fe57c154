"""Celery entry points of the contracts module: thin, idempotent, taking ids."""

from celery import shared_task

from contracts.reminders import reminders_send
from contracts.services import contracts_expire_ended as expire
from contracts.services.rendering import document_render
from contracts.signing import signed_copies_build_pending, signed_copy_build


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def render_document_pdf(document_id: int) -> str:
    return document_render(document_id=document_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def render_signed_copy_pdf(document_id: int) -> str:
    return signed_copy_build(document_id=document_id)


@shared_task(acks_late=True)
def contracts_send_reminders() -> dict:
    return reminders_send()


@shared_task(acks_late=True)
def contracts_expire_ended() -> int:
    return expire()


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def contracts_seal_pending() -> dict:
    return signed_copies_build_pending()
