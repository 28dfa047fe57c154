"""What a demo event in a later state has behind it, so its pages tell a coherent story: the
region of its city, its approval decided step by step, the attendees who checked in, and the
files its accepted or uploaded checklist items claim."""

import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone

from events.models import ChecklistItem, Event, Participant
from events.services import PURPOSE_APPROVAL, budget_totals, route_for
from kolplatform.core.approvals import approval_steps_for
from kolplatform.core.documents import document_store
from kolplatform.core.models import ApprovalDecision, ApprovalRequest, Document, Region
from kolplatform.core.pdf import html_to_pdf

S = Event.Status
# The region (its code) of each demo city; online events belong to the organiser in Moscow.
CITY_REGIONS = {
    "": "77",
    "Москва": "77",
    "Санкт-Петербург": "78",
    "Казань": "16",
    "Екатеринбург": "66",
    "Новосибирск": "54",
    "Самара": "63",
    "Нижний Новгород": "52",
    "Краснодар": "23",
    "Ростов-на-Дону": "61",
    "Уфа": "02",
    "Пермь": "59",
    "Воронеж": "36",
}
APPROVED_OR_LATER = (S.APPROVED, S.BUDGET_REAPPROVAL, S.HELD, S.CLOSING, S.CLOSED)
SURNAMES = "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков".split()  # noqa: SIM905
FIRST = [("Мария", "Петровна"), ("Алексей", "Игоревич"), ("Ольга", "Викторовна"),
         ("Дмитрий", "Сергеевич"), ("Анна", "Николаевна"), ("Игорь", "Андреевич"),
         ("Елена", "Павловна"), ("Сергей", "Олегович")]  # fmt: skip


def region_for(city: str) -> Region | None:
    return Region.objects.filter(code=CITY_REGIONS[city]).first()


def attendee_names(event: Event, count: int) -> list[str]:
    """`count` distinct plausible names (surname in the right gender), stable per event."""
    names = []
    for i in range(count):
        first, patronymic = FIRST[(event.pk + i) % len(FIRST)]
        surname = SURNAMES[(event.pk * 7 + i) % len(SURNAMES)]
        feminine = patronymic.endswith("вна")
        surname = surname[:-1] + "ва" if feminine and surname.endswith("в") else surname
        names.append(f"{surname} {first} {patronymic}")
    return list(dict.fromkeys(names))


def attendees(event: Event) -> None:
    """Past events: most of the planned audience came and checked in (up to 40 in the demo)."""
    if event.status not in (S.HELD, S.CLOSING, S.CLOSED):
        return
    count = max(8, min(40, event.planned_participants * 3 // 4))
    have = set(event.participants.values_list("full_name", flat=True))
    Participant.objects.bulk_create(
        Participant(
            event=event,
            full_name=name,
            institution_name=f"ГКБ № {1 + (event.pk + i) % 30}",
            specialty=event.therapeutic_area.name if event.therapeutic_area_id else "",
            status=Participant.Status.ATTENDED,
            checked_in_at=event.starts_at + timezone.timedelta(minutes=5 + i % 25),
        )
        for i, name in enumerate(attendee_names(event, count))
        if name not in have
    )


def approval_history(event: Event) -> None:
    """An event past its approval shows the approval decided at every step of its route."""
    if event.status not in APPROVED_OR_LATER:
        return
    route = route_for(event)
    amount = budget_totals(event)["planned"]
    decided_at = event.starts_at - timezone.timedelta(days=20)
    request = ApprovalRequest.objects.create(
        route=route,
        target=event,
        purpose=PURPOSE_APPROVAL,
        amount=amount,
        status=ApprovalRequest.Status.APPROVED,
        requested_by=event.owner,
        decided_at=min(decided_at, timezone.now()),
    )
    users = get_user_model().objects
    for step in approval_steps_for(route=route, amount=amount):
        decider = step.user or users.filter(groups__name=step.role).order_by("pk").first()
        ApprovalDecision.objects.create(
            request=request,
            step=step,
            decided_by=decider or event.owner,
            outcome=ApprovalDecision.Outcome.APPROVED,
            comment="Согласовано" if step.order == 1 else "",
        )


def checklist_files(event: Event) -> None:
    """Each checklist item accepted or awaiting review carries the evidence it claims: the file
    of its kind (a photo is an image) or its typed value."""
    items = event.checklist_items.filter(
        status__in=[ChecklistItem.Status.ACCEPTED, ChecklistItem.Status.UPLOADED],
        document__isnull=True,
    )
    for item in items:
        if item.takes_file:
            item.document = _evidence_document(event, item)
            item.save(update_fields=["document"])
        else:
            values = DEMO_VALUES[item.kind](event)
            for name, value in values.items():
                setattr(item, name, value)
            item.save(update_fields=list(values))


DEMO_VALUES = {
    ChecklistItem.Kind.NUMBER: lambda e: {"value_number": Decimal(e.participants.count() or 12)},
    ChecklistItem.Kind.TEXT: lambda e: {
        "value_text": "Разобраны клинические рекомендации и вопросы слушателей; "
        "запись: https://webinar.example.com/rec/" + str(e.pk)
    },
    ChecklistItem.Kind.DATE: lambda e: {"value_date": timezone.localdate(e.ends_at)},
}


def _evidence_document(event: Event, item: ChecklistItem) -> Document:
    if item.kind == ChecklistItem.Kind.PHOTO:
        data, name = _demo_photo(f"{item.name}\n{event.title}"), f"{item.code}-{event.pk}.png"
    else:
        html = render_to_string("seed/demo_evidence.html", {"event": event, "item": item})
        data, name = html_to_pdf(html), f"{item.code}-{event.pk}.pdf"
    return document_store(
        data=data,
        name=name,
        kind=Document.Kind.EVIDENCE,
        owner=event,
        uploaded_by=event.owner,
        title=item.name,
    )


def _demo_photo(caption: str) -> bytes:
    """A placeholder photo (PNG) with a caption, so a photo item holds an image."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (800, 500), (214, 226, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 300, 760, 460), fill=(120, 144, 170))
    draw.ellipse((320, 120, 480, 280), fill=(245, 245, 245))
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 26)
    except OSError:
        font = ImageFont.load_default()
    draw.multiline_text((40, 30), caption, fill=(20, 30, 40), font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
