"""Attendance certificates (issue 19, item 7): a PDF for a participant who checked in.

Rule: only a participant with a check-in time gets one; it is issued once and stored as a
Document (kind "attendance") with the SHA-256 of its bytes, so every later download gives the
same bytes and the public check page (/verify/) recognises the file by its hash.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Participant
from kolplatform.core.documents import document_store, documents_of
from kolplatform.core.models import Document
from kolplatform.core.pdf import html_to_pdf


def certificate_refusal(participant: Participant) -> str | None:
    """Why `participant` cannot have a certificate now, or None."""
    if participant.checked_in_at is None:
        return _(
            "The attendance certificate is available after check-in at the event: show your "
            "badge at the registration desk."
        )
    return None


def certificate_title(participant: Participant) -> str:
    return _("Attendance certificate: %(name)s, %(event)s") % {
        "name": participant.full_name,
        "event": participant.event.title,
    }


@transaction.atomic
def attendance_certificate(*, participant: Participant) -> Document:
    """The participant's certificate, made on the first request (Russian, as printed documents
    are); the row lock makes two simultaneous first downloads store one certificate."""
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("event", "event__region")
        .get(pk=participant.pk)
    )
    existing = documents_of(participant).filter(kind=Document.Kind.ATTENDANCE).first()
    if existing is not None:
        return existing
    with translation.override("ru"):
        html = render_to_string(
            "events/certificate_pdf.html",
            {
                "participant": participant,
                "event": participant.event,
                "checked_in_at": timezone.localtime(participant.checked_in_at),
                "issued_at": timezone.localtime(),
            },
        )
        title = certificate_title(participant)
    return document_store(
        data=html_to_pdf(html),
        name=f"attendance-{participant.event_id}-{participant.pk}.pdf",
        kind=Document.Kind.ATTENDANCE,
        owner=participant,
        title=title,
    )
