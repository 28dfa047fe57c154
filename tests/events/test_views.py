"""Every event view per role, query counts of the lists and the event page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, VendorRequest
from tests.events.conftest import set_status
from tests.factories.events import (
    BudgetLineFactory,
    EventFactory,
    ParticipantFactory,
    ProgramItemFactory,
    TaskFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


def status_for(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("marketing_manager", 200),  # owner
        ("approver", 200),
        ("compliance", 200),
        ("finance", 200),
        ("admin", 200),
        ("field_staff", 403),  # not their event
        ("kol", 403),
        ("other_kol", 403),
        (None, 302),
    ],
)
def test_event_page_per_role(client, personas, draft_event, name, expected):
    url = reverse("events:detail", args=[draft_event.pk])
    assert status_for(client, personas.get(name), url) == expected


def test_field_staff_sees_own_event_and_team_event(client, field_staff, school_type):
    own = EventFactory(owner=field_staff, event_type=school_type)
    team = EventFactory(event_type=school_type)
    team.team.add(field_staff)
    other = EventFactory(event_type=school_type)
    client.force_login(field_staff)
    for event, code in ((own, 200), (team, 200), (other, 403)):
        assert client.get(reverse("events:detail", args=[event.pk])).status_code == code
    listed = client.get(reverse("events:list")).context["page"].object_list
    assert {e.pk for e in listed} == {own.pk, team.pk}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("marketing_manager", 200),
        ("field_staff", 200),
        ("approver", 403),
        ("compliance", 403),
        ("kol", 403),
        (None, 302),
    ],
)
def test_create_event_per_role(client, personas, name, expected):
    assert status_for(client, personas.get(name), reverse("events:create")) == expected


def test_create_event_form(client, field_staff, school_type):
    client.force_login(field_staff)
    start = (timezone.localtime() + timedelta(days=100)).replace(microsecond=0)
    response = client.post(
        reverse("events:create"),
        {
            "title": "Школа нефролога",
            "event_type": school_type.pk,
            "format": "offline",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "timezone": "Europe/Moscow",
            "city": "Казань",
            "planned_participants": 30,
        },
    )
    event = Event.objects.get(title="Школа нефролога")
    assert response.status_code == 302 and event.owner == field_staff


def test_create_event_refuses_bad_dates(client, field_staff, school_type):
    client.force_login(field_staff)
    start = timezone.localtime() + timedelta(days=100)
    response = client.post(
        reverse("events:create"),
        {
            "title": "X",
            "event_type": school_type.pk,
            "format": "offline",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": start.strftime("%Y-%m-%dT%H:%M"),
            "timezone": "Europe/Moscow",
            "city": "Казань",
            "planned_participants": 1,
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["ends_at"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("marketing_manager", 200),
        ("field_staff", 403),
        ("approver", 403),
        ("kol", 403),
        (None, 302),
    ],
)
def test_edit_forms_per_role(client, personas, draft_event, name, expected):
    for url_name in (
        "edit",
        "budget_add",
        "participant_add",
        "task_add",
        "vendor_request_add",
        "program_add",
    ):
        url = reverse(f"events:{url_name}", args=[draft_event.pk])
        assert status_for(client, personas.get(name), url) == expected, url_name


def test_send_for_approval_and_decide_via_page(client, draft_event, marketing_manager, approver):
    client.force_login(marketing_manager)
    client.post(reverse("events:transition", args=[draft_event.pk, "send"]))
    draft_event.refresh_from_db()
    assert draft_event.status == "budget_approval"
    client.force_login(approver)
    page = client.get(reverse("events:detail", args=[draft_event.pk]))
    assert page.context["can_decide"]
    client.post(reverse("events:decide", args=[draft_event.pk]), {"decision": "approve"})
    from kolplatform.core.models import ApprovalDecision

    assert ApprovalDecision.objects.filter(decided_by=approver, outcome="approved").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("approver", 403), ("field_staff", 403), ("kol", 403), ("other_kol", 403), (None, 302)],
)
def test_transition_refused_to_others(client, personas, draft_event, name, expected):
    url = reverse("events:transition", args=[draft_event.pk, "send"])
    assert status_for(client, personas.get(name), url, "post") == expected
    draft_event.refresh_from_db()
    assert draft_event.status == "draft"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("compliance", 200), ("admin", 200), ("marketing_manager", 403), ("kol", 403), (None, 302)],
)
def test_compliance_calendar_per_role(client, personas, draft_event, name, expected):
    url = reverse("events:compliance_calendar")
    assert status_for(client, personas.get(name), url) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("marketing_manager", 200), ("compliance", 200), ("kol", 403), (None, 302)],
)
def test_lists_per_role(client, personas, name, expected):
    for url_name in ("list", "mine", "calendar", "my_tasks", "export"):
        assert status_for(client, personas.get(name), reverse(f"events:{url_name}")) == expected


def test_cabinet_shows_only_own_events(client, kol, other_kol, draft_event, school_type):
    ProgramItemFactory(event=draft_event, speaker=kol.expert)
    other = EventFactory(event_type=school_type, title="Чужое мероприятие")
    ProgramItemFactory(event=other, speaker=other_kol.expert)
    client.force_login(kol)
    content = client.get(reverse("events:cabinet_events")).content.decode()
    assert draft_event.title in content and "Чужое мероприятие" not in content
    assert client.get(reverse("events:detail", args=[draft_event.pk])).status_code == 403


def _kol_events(kol, school_type, vendor, n):
    for _ in range(n):
        event = EventFactory(event_type=school_type)
        ProgramItemFactory(event=event, speaker=kol.expert)
        ProgramItemFactory(event=event, topic="Второй доклад")
        VendorRequest.objects.create(
            event=event,
            vendor=vendor,
            kind="hotel",
            speaker=kol.expert,
            status=VendorRequest.Status.CONFIRMED,
            created_by=event.owner,
        )


def test_cabinet_events_queries_constant(
    client, kol, school_type, django_assert_max_num_queries, django_assert_num_queries
):
    vendor = VendorFactory()
    client.force_login(kol)
    _kol_events(kol, school_type, vendor, 2)
    with django_assert_max_num_queries(15) as small:
        response = client.get(reverse("events:cabinet_events"))
    assert response.content.decode().count("Второй доклад") == 2
    _kol_events(kol, school_type, vendor, 8)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("events:cabinet_events"))
    assert response.content.decode().count("Второй доклад") == 10


def test_cabinet_refuses_staff_and_anonymous(client, marketing_manager):
    assert status_for(client, marketing_manager, reverse("events:cabinet_events")) == 403
    assert status_for(client, None, reverse("events:cabinet_events")) == 302


def test_vendor_token_page_posts_quote(client, draft_event, marketing_manager):
    req = VendorRequest.objects.create(
        event=draft_event, vendor=VendorFactory(), kind="hotel", created_by=marketing_manager
    )
    url = reverse("events:vendor_page", args=[req.token])
    assert client.get(url).status_code == 200
    client.post(url, {"amount": "15000.00", "comment": "ok"})
    req.refresh_from_db()
    assert req.status == "quoted" and req.quote_amount == Decimal("15000.00")
    assert client.get(reverse("events:vendor_page", args=["wrong"])).status_code == 404


def test_badge_and_checkin_by_qr(client, draft_event, marketing_manager, field_staff):
    participant = ParticipantFactory(event=draft_event)
    badge = client.get(reverse("events:badge", args=[participant.badge_token]))
    assert b"data:image/svg+xml" in badge.content
    url = reverse("events:checkin", args=[participant.badge_token])
    assert status_for(client, field_staff, url, "post") == 403
    assert status_for(client, marketing_manager, url, "post") == 302
    participant.refresh_from_db()
    assert participant.checked_in_at is not None


def test_archive_zip_has_documents(client, draft_event, compliance):
    """The event's ZIP is its evidence pack (tests/events/test_evidence.py): the notice is in it,
    listed in index.csv."""
    import io
    import zipfile

    from events.notices import notice_generate

    notice_generate(event=draft_event, actor=compliance)
    client.force_login(compliance)
    response = client.get(reverse("events:archive", args=[draft_event.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "index.csv" in names and any(n.startswith("notice/v1-notice") for n in names)


def test_export_xlsx(client, draft_event, marketing_manager):
    client.force_login(marketing_manager)
    response = client.get(reverse("events:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_task_toggle_by_assignee(client, draft_event):
    task = TaskFactory(event=draft_event)
    client.force_login(task.assignee)
    client.post(reverse("events:task_toggle", args=[draft_event.pk, task.pk]))
    task.refresh_from_db()
    assert task.status == "done"


def make_events(n, owner, event_type):
    for _ in range(n):
        event = EventFactory(owner=owner, event_type=event_type)
        BudgetLineFactory.create_batch(3, event=event)


def test_list_queries_constant(
    client, marketing_manager, school_type, django_assert_max_num_queries
):
    client.force_login(marketing_manager)
    make_events(2, marketing_manager, school_type)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("events:list"), {"status": "draft"})
    make_events(12, marketing_manager, school_type)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("events:list"), {"status": "draft"})


def populate(event, n):
    for i in range(n):
        BudgetLineFactory(event=event)
        ParticipantFactory(event=event)
        ProgramItemFactory(event=event, speaker=None, topic=f"Тема {i}")
        TaskFactory(event=event)


def test_event_page_queries_constant(
    client, marketing_manager, draft_event, django_assert_max_num_queries
):
    client.force_login(marketing_manager)
    set_status(draft_event, "approved", approved_total=Decimal("1000000"))
    populate(draft_event, 1)
    url = reverse("events:detail", args=[draft_event.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    populate(draft_event, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_task_toggle_refused_to_others(client, draft_event, field_staff):
    task = TaskFactory(event=draft_event)
    client.force_login(field_staff)
    response = client.post(reverse("events:task_toggle", args=[draft_event.pk, task.pk]))
    assert response.status_code == 403


def edit_data(event, **changes):
    data = {
        "title": event.title,
        "event_type": event.event_type_id,
        "format": event.format,
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "timezone": event.timezone,
        "city": event.city,
        "venue": event.venue,
        "planned_participants": event.planned_participants,
    }
    return {**data, **changes}


def test_editing_a_draft_saves(client, draft_event, marketing_manager):
    client.force_login(marketing_manager)
    client.post(
        reverse("events:edit", args=[draft_event.pk]), edit_data(draft_event, venue="Зал Б")
    )
    draft_event.refresh_from_db()
    assert draft_event.venue == "Зал Б"


def test_editing_venue_of_approved_event_needs_approval(client, draft_event, marketing_manager):
    from events.models import EventChange

    set_status(draft_event, "approved", approved_total=Decimal("100000"))
    client.force_login(marketing_manager)
    data = edit_data(draft_event, venue="Зал Б", description="Новое описание")
    client.post(reverse("events:edit", args=[draft_event.pk]), data)
    draft_event.refresh_from_db()
    assert draft_event.venue == "Конгресс-центр"
    assert draft_event.description == "Новое описание"
    assert EventChange.objects.get(event=draft_event).payload == {"fields": {"venue": "Зал Б"}}
