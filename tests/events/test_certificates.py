"""Attendance certificates (issue 19, item 7): a checked-in participant downloads a PDF whose
hash the public check page recognises."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.verification import verify_hash, verify_pdf
from kolplatform.core.models import Document
from tests.factories.events import ParticipantFactory

pytestmark = pytest.mark.django_db


def certificate_url(participant):
    return reverse("events:certificate", args=[participant.badge_token])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_not_checked_in_gets_no_certificate(client):
    participant = ParticipantFactory(checked_in_at=None)
    refused = client.get(certificate_url(participant))
    assert refused.status_code == 403
    assert not Document.objects.filter(kind=Document.Kind.ATTENDANCE).exists()
    badge = client.get(reverse("events:badge", args=[participant.badge_token])).content.decode()
    assert 'data-testid="certificate"' not in badge


def test_checked_in_participant_downloads_the_same_verifiable_pdf(client):
    participant = ParticipantFactory(checked_in_at=timezone.now(), full_name="Анна Смирнова")
    first = client.get(certificate_url(participant))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    disposition = first["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and "filename*=UTF-8''" in disposition
    data = body(first)
    assert data.startswith(b"%PDF")
    assert body(client.get(certificate_url(participant))) == data  # issued once, same bytes
    document = Document.objects.get(kind=Document.Kind.ATTENDANCE)
    assert document.owner == participant and document.sha256 == hashlib.sha256(data).hexdigest()
    by_hash = verify_hash(document.sha256)
    assert by_hash.issued == document and not by_hash.found
    assert verify_pdf(data).issued == document
    assert verify_pdf(data + b"%changed").issued is None


def test_verify_page_names_the_certificate(client):
    participant = ParticipantFactory(checked_in_at=timezone.now(), full_name="Анна Смирнова")
    data = body(client.get(certificate_url(participant)))
    page = client.post(reverse("verify"), {"sha256": hashlib.sha256(data).hexdigest()})
    html = page.content.decode()
    assert page.status_code == 200 and "Анна Смирнова" in html
    assert 'alert-success" data-testid="verify-result"' in html


def test_badge_page_links_the_certificate_after_check_in(client):
    participant = ParticipantFactory(checked_in_at=timezone.now())
    html = client.get(reverse("events:badge", args=[participant.badge_token])).content.decode()
    assert certificate_url(participant) in html and participant.badge_code in html
