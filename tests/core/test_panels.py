"""Panels for object pages: {% approval_panel %} and {% audit_trail_panel %}."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from kolplatform.core.approvals import approval_decide
from tests.testapp.services import widget_submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("widget_route")]


def render(template: str, user, obj) -> str:
    request = RequestFactory().get("/widgets/1/")
    request.user = user
    return Template("{% load core_platform %}" + template).render(
        Context({"request": request, "obj": obj})
    )


def test_approval_panel_offers_the_form_to_the_decider_only(widget, marketing_manager, personas):
    widget, _ = widget_submit(widget=widget, actor=marketing_manager)
    for persona, sees_form in [
        ("approver", True),
        ("admin", True),
        ("marketing_manager", False),
        ("finance", False),
        ("kol", False),
    ]:
        html = render("{% approval_panel obj %}", personas[persona], widget)
        assert 'data-testid="approval-history"' in html
        assert ('data-testid="decide-form"' in html) is sees_form, persona
        if sees_form:
            assert 'name="csrfmiddlewaretoken"' in html
            assert 'name="next" value="/widgets/1/"' in html


def test_approval_history_shows_who_when_and_comment(widget, marketing_manager, approver):
    widget, request = widget_submit(widget=widget, actor=marketing_manager)
    approval_decide(request=request, actor=approver, approve=False, comment="Нет сметы")
    html = render("{% approval_panel obj %}", marketing_manager, widget)
    assert str(approver) in html and "Нет сметы" in html and "Проверка" in html


def test_approval_panel_empty_state(widget, approver):
    html = render("{% approval_panel obj %}", approver, widget)
    assert 'data-testid="approval-history-empty"' in html


def test_audit_trail_panel_is_for_staff(widget, marketing_manager, personas):
    widget_submit(widget=widget, actor=marketing_manager)
    staff_html = render("{% audit_trail_panel obj %}", personas["compliance"], widget)
    assert 'data-testid="audit-trail"' in staff_html and "in_approval" in staff_html
    assert render("{% audit_trail_panel obj %}", personas["kol"], widget).strip() == ""


def test_bell_tag_counts_unread(approver):
    from kolplatform.core.notifications import notify

    notify(recipients=[approver], title="a", email=False)
    html = render("{% notification_bell %}", approver, None)
    assert 'data-testid="unread-count">1' in html
