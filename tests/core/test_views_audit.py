"""The audit log page: compliance and administrators only; filters, pagination, query count."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from kolplatform.core.audit import audit_log
from kolplatform.core.models import AuditLog, Notification
from tests.testapp.factories import WidgetFactory

pytestmark = pytest.mark.django_db
URL = reverse("core:audit_log")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("compliance", 200),
        ("admin", 200),
        ("approver", 403),
        ("legal", 403),
        ("finance", 403),
        ("field_staff", 403),
        ("marketing_manager", 403),
        ("kol", 403),
        ("other_kol", 403),
    ],
)
def test_audit_log_by_role(client, personas, persona, status):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.fixture
def records(compliance, approver):
    widget = WidgetFactory(name="Виджет-А")
    note = Notification.objects.create(recipient=approver, title="Уведомление-Б")
    return {
        "transition": audit_log(
            actor=approver, action="transition", obj=widget, from_state="draft", to_state="done"
        ),
        "export": audit_log(actor=compliance, action="export", obj=note, comment="выгрузка"),
        "system": audit_log(actor=None, action="other", comment="ночная задача"),
    }


def rows(client, **params):
    return client.get(URL, params).content.decode().count('data-testid="audit-row"')


def test_filters(client, compliance, approver, records):
    client.force_login(compliance)
    widget_type = ContentType.objects.get(app_label="testapp", model="widget")
    assert rows(client) == 3
    assert rows(client, actor=approver.username) == 1
    assert rows(client, actor=compliance.last_name) == 1
    assert rows(client, action="export") == 1
    assert rows(client, content_type=widget_type.pk) == 1
    today = timezone.localdate()
    assert rows(client, date_from=today.isoformat(), date_to=today.isoformat()) == 3
    assert rows(client, date_from=(today + timedelta(days=1)).isoformat()) == 0
    assert rows(client, date_to=(today - timedelta(days=1)).isoformat()) == 0


def test_invalid_filter_is_shown_not_crashing(client, compliance, records):
    client.force_login(compliance)
    response = client.get(URL, {"date_from": "не дата", "action": "nonsense"})
    assert response.status_code == 200
    assert (
        "invalid" in response.content.decode().lower() or "is-invalid" in response.content.decode()
    )


def test_object_type_choices_are_readable(client, compliance, records):
    client.force_login(compliance)
    page = client.get(URL).content.decode()
    assert ">Widget<" in page  # the model's verbose name, not "testapp | widget"


def test_htmx_filter_returns_only_the_results(client, compliance, records):
    client.force_login(compliance)
    body = client.get(URL, {"action": "export"}, headers={"HX-Request": "true"}).content.decode()
    assert body.lstrip().startswith('<div id="audit-results">') and "<html" not in body


def test_empty_state(client, compliance):
    client.force_login(compliance)
    assert 'data-testid="empty-state"' in client.get(URL).content.decode()


def test_pagination(client, compliance):
    for i in range(55):
        audit_log(actor=compliance, action="other", comment=f"запись {i}")
    client.force_login(compliance)
    assert rows(client) == 50
    assert rows(client, page=2) == 5


@pytest.mark.parametrize("size", [5, 60])
def test_query_count_is_constant(client, compliance, approver, size, django_assert_num_queries):
    widgets = WidgetFactory.create_batch(size)
    for w in widgets:
        audit_log(actor=approver, action=AuditLog.Action.TRANSITION, obj=w, to_state="x")
    client.force_login(compliance)
    client.get(URL)  # warm the content-type cache
    # session, user, role groups, audited types (filter form), pager count, the page
    with django_assert_num_queries(7):
        client.get(URL)
