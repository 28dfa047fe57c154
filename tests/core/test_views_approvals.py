"""Approvals inbox and decide action: permissions per role, htmx behaviour, query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kolplatform.core.models import ApprovalRequest
from tests.testapp.factories import WidgetFactory
from tests.testapp.models import Widget
from tests.testapp.services import widget_submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("widget_route")]
INBOX = reverse("core:approvals_inbox")


def decide_url(request):
    return reverse("core:approval_decide", args=[request.pk])


@pytest.fixture
def pending(widget, marketing_manager):
    widget, request = widget_submit(widget=widget, actor=marketing_manager)
    return request


def post_decision(client, request, decision="approve", comment="", htmx=True, source="inbox"):
    data = {
        "decision": decision,
        "comment": comment,
        "step": request.current_step_id,
        "source": source,
        "next": "/core/approvals/",
    }
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(decide_url(request), data, headers=headers)


@pytest.mark.parametrize(
    ("persona", "status", "sees_request"),
    [
        ("approver", 200, True),
        ("admin", 200, True),
        ("marketing_manager", 200, False),  # their own request: separation of duties
        ("field_staff", 200, False),
        ("finance", 200, False),  # not their step yet
        ("kol", 403, False),
        ("other_kol", 403, False),
    ],
)
def test_inbox_by_role(client, personas, pending, persona, status, sees_request):
    client.force_login(personas[persona])
    response = client.get(INBOX)
    assert response.status_code == status
    if status == 200:
        assert (f'id="approval-{pending.pk}"' in response.content.decode()) is sees_request


def test_inbox_requires_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_inbox_shows_what_the_decider_needs(client, approver, pending, widget):
    ApprovalRequest.objects.filter(pk=pending.pk).update(
        step_started_at=timezone.now() - timedelta(days=5)
    )
    client.force_login(approver)
    page = client.get(INBOX).content.decode()
    for text in (str(widget), "Проверка", str(pending.requested_by), "50,000.00", "overdue"):
        assert text in page


def test_empty_inbox_says_so(client, field_staff):
    client.force_login(field_staff)
    assert 'data-testid="empty-state"' in client.get(INBOX).content.decode()


def test_approve_via_htmx_replaces_the_card(client, approver, pending, widget):
    client.force_login(approver)
    response = post_decision(client, pending, comment="Согласовано")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="decided"' in body and 'data-testid="decide-form"' not in body
    widget.refresh_from_db()
    assert widget.status == Widget.Status.APPROVED
    assert pending.decisions.get().comment == "Согласовано"


def test_reject_without_comment_is_refused_and_keeps_the_form(client, approver, pending):
    client.force_login(approver)
    response = post_decision(client, pending, decision="reject", comment="  ")
    body = response.content.decode()
    assert 'data-testid="decide-error"' in body and 'data-testid="decide-form"' in body
    pending.refresh_from_db()
    assert pending.status == ApprovalRequest.Status.PENDING


def test_refused_decision_keeps_the_typed_comment(client, field_staff, pending):
    client.force_login(field_staff)
    response = post_decision(client, pending, comment="мой длинный комментарий")
    body = response.content.decode()
    assert "мой длинный комментарий" in body and 'data-testid="decide-error"' in body
    assert not pending.decisions.exists()


def test_plain_post_redirects_with_a_message(client, approver, pending):
    client.force_login(approver)
    response = post_decision(client, pending, htmx=False, comment="")
    assert response.status_code == 302 and response["Location"] == "/core/approvals/"
    pending.refresh_from_db()
    assert pending.status == ApprovalRequest.Status.APPROVED


def test_plain_post_ignores_a_foreign_next_url(client, approver, pending):
    client.force_login(approver)
    data = {"decision": "approve", "step": pending.current_step_id, "next": "https://evil.example/"}
    response = client.post(decide_url(pending), data)
    assert response["Location"] == INBOX


def test_panel_source_reloads_the_page_on_success(client, approver, pending):
    client.force_login(approver)
    response = post_decision(client, pending, source="panel")
    assert response.status_code == 204 and response["HX-Refresh"] == "true"


def test_panel_source_rerenders_the_panel_on_error(client, approver, pending):
    client.force_login(approver)
    response = post_decision(client, pending, decision="reject", source="panel")
    body = response.content.decode()
    assert 'id="approval-panel"' in body and "rejection needs a comment" in body


@pytest.mark.parametrize("persona", ["kol", "other_kol"])
def test_kol_cannot_decide(client, personas, pending, persona):
    client.force_login(personas[persona])
    assert post_decision(client, pending).status_code == 403
    assert not pending.decisions.exists()


def test_anonymous_cannot_decide(client, pending):
    response = post_decision(client, pending)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not pending.decisions.exists()


def test_decide_is_post_only(client, approver, pending):
    client.force_login(approver)
    assert client.get(decide_url(pending)).status_code == 405


def test_stale_step_is_refused(client, approver, finance, widget, marketing_manager):
    Widget.objects.filter(pk=widget.pk).update(amount=Decimal("200000"))
    widget.refresh_from_db()
    widget, request = widget_submit(widget=widget, actor=marketing_manager)
    first_step = request.current_step_id
    client.force_login(approver)
    post_decision(client, request)
    client.force_login(finance)
    data = {"decision": "approve", "step": first_step, "source": "inbox"}
    response = client.post(decide_url(request), data, headers={"HX-Request": "true"})
    assert "already been decided" in response.content.decode()
    assert request.decisions.count() == 1


@pytest.mark.parametrize("rows", [2, 12])
def test_inbox_query_count_is_constant(
    client, approver, marketing_manager, rows, django_assert_num_queries
):
    for _ in range(rows):
        widget_submit(widget=WidgetFactory(owner=marketing_manager), actor=marketing_manager)
    client.force_login(approver)
    client.get(INBOX)  # warm the content-type cache
    # None of the nine depends on the rows: session, user, role groups, the steps the user
    # decides (the ids the requests are filtered by, on an index), the count, the submitted
    # assessments an approver decides (hooks.PENDING_DECISIONS, one query for decisions outside
    # the approval routes), the navbar's unread notification count, the page of requests and
    # the widgets (one prefetch)
    with django_assert_num_queries(9):
        response = client.get(INBOX)
    assert response.content.decode().count('data-testid="approval-row"') == rows
