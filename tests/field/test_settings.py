"""The manager's settings: the radius per institution type, each representative's targets, an
expert's segment (the 6-month rule, the administrator's override)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from field.models import ExpertSegment, FieldRep, GeoStatus, SegmentCell, TypeRadius
from field.services.segments import segment_current
from field.services.settings import radii_set, rep_targets_set
from field.services.visits import Fix, visit_check_in
from kolplatform.core.models import AuditLog
from tests.factories.experts import ExpertFactory
from tests.factories.field import MOSCOW_HOSPITAL, FieldRepFactory, VisitFactory
from tests.field.test_views import _queries

pytestmark = pytest.mark.django_db

SETTINGS_ALLOWED = {"marketing_manager", "admin"}


@pytest.mark.parametrize(
    "persona",
    ["field_staff", "marketing_manager", "approver", "legal", "finance", "admin", "kol"],
)
def test_settings_page_is_for_managers_and_administrators(client, personas, persona):
    before = dict(TypeRadius.objects.values_list("kind", "radius_m"))
    client.force_login(personas[persona])
    answer = client.get(reverse("field:settings"))
    if persona in SETTINGS_ALLOWED:
        assert answer.status_code == 200
    else:
        assert answer.status_code in (302, 403)
        assert client.post(reverse("field:settings"), {"public": "900"}).status_code in (302, 403)
        assert dict(TypeRadius.objects.values_list("kind", "radius_m")) == before


def test_anonymous_is_sent_to_the_login(client):
    assert reverse("login") in client.get(reverse("field:settings"))["Location"]


def test_manager_sets_a_radius_that_the_check_in_then_uses(client, manager, rep):
    client.force_login(manager)
    answer = client.post(reverse("field:settings"), {"public": "2000", "private": ""})
    assert answer.status_code == 302
    assert TypeRadius.objects.get(kind="public").radius_m == 2000
    record = AuditLog.objects.get(action="field.radii_set")
    assert record.actor == manager and record.changes == {
        "public": [300, 2000],
        "private": [150, None],
    }
    visit = VisitFactory(rep=rep, institution__kind="public")
    fix = Fix(
        latitude=MOSCOW_HOSPITAL[0] + 0.01,  # ~1.1 km away: outside the default 300 m
        longitude=MOSCOW_HOSPITAL[1],
        accuracy_m=10,
        fix_at=timezone.now(),
        permission="granted",
        at=timezone.now(),
    )
    visit = visit_check_in(visit=visit, fix=fix, actor=rep)
    assert visit.geo_status == GeoStatus.VERIFIED


def test_an_empty_radius_goes_back_to_the_default_and_a_tiny_one_is_refused(client, manager):
    radii_set(radii={"public": 500}, actor=manager)
    client.force_login(manager)
    client.post(reverse("field:settings"), {"public": ""})
    assert not TypeRadius.objects.filter(kind="public").exists()
    answer = client.post(reverse("field:settings"), {"public": "3"})
    assert answer.status_code == 200 and answer.context["form"].errors["public"]
    assert radii_set(radii={"public": None}, actor=manager) == {}  # nothing changed, no record
    assert AuditLog.objects.filter(action="field.radii_set").count() == 2


def test_manager_sets_the_targets_of_a_rep_of_the_team(client, manager, rep):
    client.force_login(manager)
    url = reverse("field:rep_targets", args=[rep.field_rep.pk])
    assert client.get(url).status_code == 200
    data = {"visits_per_day": 6, "points_day": 10, "points_week": 50, "points_month": 200}
    assert client.post(url, data).status_code == 302
    saved = FieldRep.objects.get(pk=rep.field_rep.pk)
    assert (saved.visits_per_day, saved.points_week, saved.points_month) == (6, 50, 200)
    record = AuditLog.objects.get(action="field.rep_targets_set")
    assert record.changes["points_month"] == [120, 200]


def test_another_manager_and_the_rep_cannot_set_the_targets(client, rep, other_rep, admin_user):
    url = reverse("field:rep_targets", args=[rep.field_rep.pk])
    client.force_login(other_rep.field_rep.manager)
    data = {"visits_per_day": 1, "points_day": 1, "points_week": 1, "points_month": 1}
    assert client.post(url, data).status_code == 403
    client.force_login(rep)
    assert client.post(url, data).status_code in (302, 403)
    assert FieldRep.objects.get(pk=rep.field_rep.pk).visits_per_day == 8
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_unchanged_targets_write_no_audit_record(manager, rep):
    rep_targets_set(rep=rep.field_rep, targets={"visits_per_day": 8}, actor=manager)
    assert not AuditLog.objects.filter(action="field.rep_targets_set").exists()


def test_settings_page_queries_are_constant(client, manager):
    client.force_login(manager)
    url = reverse("field:settings")
    few = _queries(client, url)
    radii_set(radii={"public": 400, "private": 250}, actor=manager)
    FieldRepFactory.create_batch(3, manager=manager)
    assert _queries(client, url) == few


def _segment_url(expert):
    return reverse("field:expert_segment", args=[expert.pk])


def test_manager_segments_an_expert_once_in_six_months(client, manager):
    expert = ExpertFactory()
    a1, b2 = (
        SegmentCell.objects.get(potential="A", influence=1),
        SegmentCell.objects.get(potential="B", influence=2),
    )
    client.force_login(manager)
    page = client.get(_segment_url(expert))
    assert page.status_code == 200 and "override_reason" not in page.context["form"].fields
    assert client.post(_segment_url(expert), {"cell": a1.pk}).status_code == 302
    assert segment_current(expert).cell == a1
    answer = client.post(_segment_url(expert), {"cell": b2.pk}, follow=True)
    assert "the next change is allowed from" in answer.content.decode()
    assert segment_current(expert).cell == a1
    # an override typed into the form by a manager is not even read
    client.post(_segment_url(expert), {"cell": b2.pk, "override_reason": "срочно"})
    assert segment_current(expert).cell == a1


def test_administrator_overrides_with_a_reason(client, manager, admin_user):
    expert = ExpertFactory()
    a1, b2 = (
        SegmentCell.objects.get(potential="A", influence=1),
        SegmentCell.objects.get(potential="B", influence=2),
    )
    client.force_login(manager)
    client.post(_segment_url(expert), {"cell": a1.pk})
    client.force_login(admin_user)
    client.post(_segment_url(expert), {"cell": b2.pk, "override_reason": "Новые данные"})
    assert segment_current(expert).cell == b2
    assert AuditLog.objects.filter(action="field.segment_override", actor=admin_user).exists()


@pytest.mark.parametrize("persona", ["field_staff", "approver", "finance", "kol"])
def test_segment_page_is_refused_to_other_roles(client, personas, persona):
    expert = ExpertFactory()
    client.force_login(personas[persona])
    cell = SegmentCell.objects.first()
    assert client.post(_segment_url(expert), {"cell": cell.pk}).status_code in (302, 403)
    assert segment_current(expert) is None


def test_segment_page_queries_are_constant(client, manager, admin_user):
    expert = ExpertFactory()
    client.force_login(manager)
    few = _queries(client, _segment_url(expert))
    for n, cell in enumerate(SegmentCell.objects.all()[:4]):
        ExpertSegment.objects.create(
            expert=expert, cell=cell, assigned_on=date(2025, 1 + n, 1), assigned_by=admin_user
        )
    assert _queries(client, _segment_url(expert)) == few
