"""The evidence pack of an event (events/evidence.py, kolplatform/core/evidence.py), downloaded
through the event page's link as each role meets it."""

import csv
import hashlib
import io
import os
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from contracts.models import ContractDocument, DocumentKind
from events import closing, notices
from events.models import ChecklistItem, Event, Participant, ProgramItem
from feedback.services import AnswerValue, response_submit
from kolplatform.core.documents import document_store
from kolplatform.core.evidence import FLUSH_AT, INDEX_CSV, INDEX_PDF
from kolplatform.core.models import AuditLog
from tests.events.conftest import set_status
from tests.factories.contracts import (
    ActFactory,
    ContractDocumentFactory,
    ServiceOrderFactory,
    force_status,
    small_pdf,
)
from tests.factories.core import UserFactory
from tests.factories.events import BudgetLineFactory, ParticipantFactory, make_speaker
from tests.factories.feedback import SurveyFactory
from tests.factories.payments import PayoutFactory

pytestmark = pytest.mark.django_db


def signed(document: ContractDocument, actor) -> ContractDocument:
    """Give `document` a signed copy and the signed status (as the signing service leaves it)."""
    copy = document_store(
        data=small_pdf(f"signed {document.number}"), name="signed.pdf", owner=document,
        kind="signed_copy", uploaded_by=actor,
    )  # fmt: skip
    ContractDocument.objects.filter(pk=document.pk).update(signed_copy=copy, status="signed")
    document.refresh_from_db()
    return document


@pytest.fixture
def closed_event(draft_event, marketing_manager, compliance):
    """A closed school: a speaker with signed contract, order and act, an accepted checklist file,
    a submitted notice with its proof, a checked-in participant, a feedback response, a payout."""
    event = set_status(
        draft_event,
        Event.Status.CLOSING,
        approved_total=Decimal("100000"),
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=6),
    )
    BudgetLineFactory(
        event=event, planned=Decimal("50000.00"), final=Decimal("48000.00"),
        actual=Decimal("47500.50"), description="=HYPERLINK(\"http://x\")",
    )  # fmt: skip
    expert = make_speaker(event=event)
    contract = expert.contracts.get()
    order = ServiceOrderFactory(contract=contract)
    act = ActFactory(order=order)
    force_status(act, "signed_by_company")
    ProgramItem.objects.create(
        event=event, topic="Лечение сердечной недостаточности", speaker=expert,
        service_order=order, starts_at=event.starts_at, ends_at=event.ends_at,
    )  # fmt: skip
    signed(ContractDocumentFactory(contract=contract), marketing_manager)
    signed(
        ContractDocumentFactory(kind=DocumentKind.ORDER, contract=contract, order=order,
                                number=order.number),
        marketing_manager,
    )  # fmt: skip
    signed(
        ContractDocumentFactory(kind=DocumentKind.ACT, contract=contract, order=order, act=act,
                                number=act.number),
        marketing_manager,
    )  # fmt: skip
    closing.checklist_create(event=event)
    item = event.checklist_items.filter(required=True).first()
    closing.checklist_upload(
        item=item, actor=marketing_manager,
        upload=SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 attendance sheet"),
    )  # fmt: skip
    closing.checklist_review(item=item, actor=compliance, accept=True)
    notice = notices.notice_generate(event=event, actor=compliance)
    notices.notice_submit(
        notice=notice, actor=compliance, submitted_on=timezone.localdate(), reference="РЗН-1",
        evidence=SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 receipt of the regulator"),
    )  # fmt: skip
    ParticipantFactory(
        event=event, full_name="Петров Пётр", status=Participant.Status.ATTENDED,
        checked_in_at=timezone.now() - timedelta(days=3),
    )  # fmt: skip
    survey = SurveyFactory(event=event)
    question = survey.template.questions.filter(kind="nps").first()
    response_submit(
        survey=survey, device_id="device-1",
        answers=[AnswerValue(question_id=question.pk, value_int=9)],
    )  # fmt: skip
    PayoutFactory(act=act, paid_at=timezone.localdate(), payment_order_number="ПП-77")
    return set_status(event, Event.Status.CLOSED)


def download(client, user, event):
    client.force_login(user)
    return client.get(reverse("events:archive", args=[event.pk]))


def unpack(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def index_rows(archive: zipfile.ZipFile) -> list[dict]:
    text = archive.read(INDEX_CSV).decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(text), delimiter=";")
    return [r for r in rows if not r["path"].startswith("#")]


def csv_rows(archive, name) -> list[list[str]]:
    return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";"))


def assert_index_matches(archive: zipfile.ZipFile) -> list[dict]:
    """Every file is listed once in index.csv with its size and the SHA-256 of its bytes."""
    rows = index_rows(archive)
    listed = {r["path"]: r for r in rows}
    assert len(listed) == len(rows)
    assert set(archive.namelist()) == set(listed) | {INDEX_CSV, INDEX_PDF}
    for path, row in listed.items():
        data = archive.read(path)
        assert row["sha256"] == hashlib.sha256(data).hexdigest(), path
        assert int(row["size"]) == len(data), path
        assert row["recorded_sha256"] in ("", row["sha256"]), path
    assert archive.read(INDEX_PDF).startswith(b"%PDF")
    return rows


def test_pack_holds_every_part_and_every_hash_matches(client, closed_event, compliance):
    response = download(client, compliance, closed_event)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    archive = unpack(response)
    rows = assert_index_matches(archive)
    names = set(archive.namelist())
    for part in (
        "event/card.csv", "event/programme.csv", "event/budget.csv", "event/participants.csv",
        "notice/notices.csv", "checklist/checklist.csv", "speakers/documents.csv",
        "feedback/summary.csv", "payouts/payouts.csv",
    ):  # fmt: skip
        assert part in names, part
    assert any(n.startswith("notice/v1-notice") for n in names)
    assert any(n.startswith("notice/v1-submission-evidence") for n in names)
    speaker_files = [n for n in names if n.startswith("speakers/") and n.endswith(".pdf")]
    kinds = {n.rsplit("/", 1)[1].split("-", 1)[0] for n in speaker_files}
    assert kinds == {"contract", "order", "act"}
    assert all(n.endswith("-signed.pdf") for n in speaker_files)
    # The signed copies are the stored bytes: the hash recorded at signing is the one listed.
    recorded = {r["path"]: r["recorded_sha256"] for r in rows}
    assert all(recorded[n] for n in speaker_files)


def test_pack_records_budget_attendance_checklist_and_payouts(client, closed_event, compliance):
    archive = unpack(download(client, compliance, closed_event))
    budget = csv_rows(archive, "event/budget.csv")
    assert budget[0][2:5] == ["Planned", "Final", "Actual"]
    assert ["50000.00", "48000.00", "47500.50"] in [r[2:5] for r in budget]
    assert any(r[1].startswith("'=HYPERLINK") for r in budget)  # formula-safe
    people = csv_rows(archive, "event/participants.csv")
    assert [people[1][0], people[1][3], people[1][5]] == ["Петров Пётр", "Attended", "yes"]
    checklist = csv_rows(archive, "checklist/checklist.csv")
    accepted = [r for r in checklist if r[3] == ChecklistItem.Status.ACCEPTED.label]
    assert accepted and accepted[0][4] in archive.namelist()
    assert "accepted" in accepted[0][5]
    summary = csv_rows(archive, "feedback/summary.csv")
    assert summary[1][:2] == ["Responses", "1"]
    payouts = csv_rows(archive, "payouts/payouts.csv")
    assert payouts[1][-3] == "ПП-77"


def test_pack_names_the_file_for_every_client(client, closed_event, compliance):
    response = download(client, compliance, closed_event)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f'filename="evidence-event-{closed_event.pk}.zip"' in disposition
    assert "filename*=UTF-8''evidence-event-" in disposition
    assert AuditLog.objects.filter(action="event.evidence_downloaded", actor=compliance).exists()


def test_pack_is_streamed_in_bounded_chunks(client, closed_event, compliance, marketing_manager):
    """A pack with several megabytes of files comes in many chunks of bounded size: the ZIP is
    never built whole in memory."""
    item = closed_event.checklist_items.exclude(document__isnull=False).first()
    item.document = document_store(data=os.urandom(3 * 1024 * 1024), name="photos.bin")
    item.save(update_fields=["document"])
    for n in range(40):
        ParticipantFactory(event=closed_event)
        document_store(data=os.urandom(2048), name=f"x{n}.bin")
    response = download(client, compliance, closed_event)
    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    assert len(chunks) >= 8
    assert max(len(c) for c in chunks) < FLUSH_AT + 256 * 1024
    total = sum(len(c) for c in chunks)
    assert total > 3 * 1024 * 1024
    assert_index_matches(zipfile.ZipFile(io.BytesIO(b"".join(chunks))))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("marketing_manager", 200),  # the owner
        ("compliance", 200),
        ("admin", 200),
        ("approver", 403),
        ("legal", 403),
        ("finance", 403),
        ("field_staff", 403),  # even on the team: the pack holds one KOL's fees
        ("kol", 403),
        ("other_kol", 403),
    ],
)
def test_who_may_download_the_pack(client, closed_event, personas, name, expected):
    closed_event.team.add(personas["field_staff"])
    assert download(client, personas[name], closed_event).status_code == expected


def test_another_marketing_manager_and_anonymous_are_refused(client, closed_event):
    assert download(client, UserFactory(role="marketing_manager"), closed_event).status_code == 403
    client.logout()
    response = client.get(reverse("events:archive", args=[closed_event.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_event_page_links_the_pack_only_for_those_allowed(
    client, closed_event, marketing_manager, approver
):
    client.force_login(marketing_manager)
    page = client.get(reverse("events:detail", args=[closed_event.pk])).content.decode()
    assert 'data-testid="evidence-pack"' in page
    client.force_login(approver)
    page = client.get(reverse("events:detail", args=[closed_event.pk])).content.decode()
    assert 'data-testid="evidence-pack"' not in page


def test_pack_of_a_closed_demo_event_opens_and_every_hash_matches(client, db):
    """The quality bar: the demo's closed event downloads and its index holds."""
    from django.core.management import call_command

    from kolplatform.core.roles import Role

    call_command("seed_demo", stdout=io.StringIO())
    event = Event.objects.filter(status=Event.Status.CLOSED).order_by("pk").first()
    assert event is not None
    officer = type(event.owner).objects.filter(groups__name=Role.COMPLIANCE).first()
    response = download(client, officer, event)
    assert response.status_code == 200
    archive = unpack(response)
    assert_index_matches(archive)
    assert {"event/card.csv", "event/budget.csv", "checklist/checklist.csv"} <= set(
        archive.namelist()
    )


def test_index_shows_a_stored_file_changed_after_it_was_recorded(client, closed_event, compliance):
    """The index hashes the bytes in the pack and keeps the hash recorded at upload beside it:
    a file altered in storage shows up as a mismatch instead of passing silently."""
    item = closed_event.checklist_items.exclude(document=None).first()
    with item.document.file.open("wb") as fh:
        fh.write(b"%PDF-1.4 altered afterwards")
    archive = unpack(download(client, compliance, closed_event))
    row = next(r for r in index_rows(archive) if r["path"].startswith(f"checklist/{item.code}"))
    assert row["sha256"] == hashlib.sha256(b"%PDF-1.4 altered afterwards").hexdigest()
    assert row["recorded_sha256"] == item.document.sha256 != row["sha256"]
