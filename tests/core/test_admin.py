"""Django admin: every core model is listed; audit log and decisions cannot be edited."""

import pytest
from django.contrib import admin
from django.urls import reverse

from kolplatform.core import models
from kolplatform.core.audit import audit_log

pytestmark = pytest.mark.django_db
CORE_MODELS = [getattr(models, name) for name in models.__all__]


def test_every_core_model_is_registered():
    assert [m.__name__ for m in CORE_MODELS if m not in admin.site._registry] == []


@pytest.mark.parametrize("model", CORE_MODELS)
def test_changelist_and_search_load(admin_client, model, widget_route):
    audit_log(actor=None, action="other", comment="x")
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "x"}).status_code == 200


def test_records_of_fact_are_read_only_in_admin():
    for model in (models.AuditLog, models.ApprovalDecision, models.ApprovalRequest):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(None)
        assert not model_admin.has_change_permission(None)
        assert not model_admin.has_delete_permission(None)


def test_audit_log_is_read_only_in_admin(admin_client):
    record = audit_log(actor=None, action="other", comment="x")
    assert admin_client.get(reverse("admin:core_auditlog_add")).status_code == 403
    change = admin_client.post(reverse("admin:core_auditlog_change", args=[record.pk]), {})
    assert change.status_code in (200, 403)
    delete = admin_client.post(
        reverse("admin:core_auditlog_delete", args=[record.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert models.AuditLog.objects.filter(pk=record.pk, comment="x").exists()


def test_route_admin_edits_steps_inline(admin_client, widget_route):
    url = reverse("admin:core_approvalroute_change", args=[widget_route.pk])
    page = admin_client.get(url).content.decode()
    assert "steps-TOTAL_FORMS" in page and "Финансы" in page


def test_user_admin_has_roles_regions_and_products(admin_client, approver):
    page = admin_client.get(reverse("admin:core_user_change", args=[approver.pk])).content
    for field in (b'name="groups"', b'name="regions"', b'name="products"'):
        assert field in page
