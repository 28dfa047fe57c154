"""Submitted assessments reach the approvers' inbox; master-data requests the data stewards';
never the author's own; the inbox runs a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from experts.models import MasterDataRequest
from experts.services.requests import data_request_create
from tests.experts.test_services import graded
from tests.factories.experts import ExpertFactory

pytestmark = pytest.mark.django_db
INBOX = "core:approvals_inbox"


def test_approver_sees_the_submitted_assessment_and_may_decide_it(
    client, field_staff, approver, marketing_manager
):
    assessment = graded(ExpertFactory(last_name="Ёлкина"), field_staff)
    client.force_login(approver)
    page = client.get(reverse(INBOX)).content.decode()
    assert 'data-testid="decisions-assessments"' in page and "Ёлкина" in page
    assert reverse("experts:assessment", args=[assessment.pk]) in page
    assert approver.has_perm("experts.decide_assessment", assessment)
    for someone in (field_staff, marketing_manager):  # the author; a data steward
        client.force_login(someone)
        assert "decisions-assessments" not in client.get(reverse(INBOX)).content.decode()
        assert not someone.has_perm("experts.decide_assessment", assessment)


def test_data_steward_sees_pending_master_data_requests_but_not_their_own(
    client, field_staff, marketing_manager, admin_user
):
    data_request_create(
        kind=MasterDataRequest.Kind.NEW_INSTITUTION,
        actor=field_staff,
        payload={"name": "Клиника «Здоровье»"},
    )
    client.force_login(marketing_manager)
    page = client.get(reverse(INBOX)).content.decode()
    assert 'data-testid="decisions-data_requests"' in page and "New institution" in page
    client.force_login(field_staff)
    assert "decisions-data_requests" not in client.get(reverse(INBOX)).content.decode()


def test_inbox_queries_do_not_grow_with_the_decisions(client, field_staff, approver):
    graded(ExpertFactory(), field_staff)
    client.force_login(approver)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(INBOX))
    for _ in range(5):
        graded(ExpertFactory(), field_staff)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(INBOX))
    assert len(many) == len(few)
