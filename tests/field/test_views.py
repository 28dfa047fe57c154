"""Pages of field work: who may do what, JSON check-in and the offline report, constant queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from field.models import CyclePlan, GeoStatus, Visit
from field.selectors import points_by_period
from tests.factories.core import UserFactory
from tests.factories.field import (
    MOSCOW_HOSPITAL,
    CyclePlanFactory,
    FieldRepFactory,
    PlanTargetFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def _fix(lat=MOSCOW_HOSPITAL[0], permission="granted", at=None):
    data = {"permission": permission, "at": (at or timezone.now()).isoformat()}
    if permission == "granted":
        data.update(
            latitude=lat,
            longitude=MOSCOW_HOSPITAL[1],
            accuracy=12,
            fix_at=timezone.now().isoformat(),
        )
    return data


def test_rep_checks_in_with_the_phone_fix(client, rep):
    visit = VisitFactory(rep=rep)
    client.force_login(rep)
    answer = client.post(reverse("field:check_in", args=[visit.pk]), _fix())
    assert answer.status_code == 200
    assert answer.json()["geo_status"] == GeoStatus.VERIFIED
    again = client.post(reverse("field:check_in", args=[visit.pk]), _fix())
    assert again.status_code == 409


def test_hostile_coordinates_are_refused(client, rep):
    visit = VisitFactory(rep=rep)
    client.force_login(rep)
    answer = client.post(reverse("field:check_in", args=[visit.pk]), _fix(lat=123.0))
    assert answer.status_code == 400
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.status == Visit.Status.SCHEDULED


def test_rep_cannot_work_on_another_reps_visit(client, rep, other_rep):
    visit = VisitFactory(rep=rep)
    client.force_login(other_rep)
    assert client.post(reverse("field:check_in", args=[visit.pk]), _fix()).status_code == 403
    assert client.get(reverse("field:report", args=[visit.pk])).status_code == 403
    assert client.get(reverse("field:visit", args=[visit.pk])).status_code == 403
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.status == Visit.Status.SCHEDULED


def test_manager_sees_only_the_team(client, rep, manager, other_rep):
    mine = VisitFactory(rep=rep)
    theirs = VisitFactory(rep=other_rep)
    client.force_login(manager)
    assert client.get(reverse("field:visit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("field:visit", args=[theirs.pk])).status_code == 403
    page = client.get(reverse("field:team")).content.decode()
    assert str(rep.field_rep) in page
    assert str(other_rep.field_rep) not in page
    # the manager reviews but does not check in for the rep
    assert client.post(reverse("field:check_in", args=[mine.pk]), _fix()).status_code == 403


def test_kol_is_refused(client, kol, rep):
    visit = VisitFactory(rep=rep)
    client.force_login(kol)
    for url in (reverse("field:today"), reverse("field:team"), reverse("field:plans")):
        assert client.get(url).status_code == 403
    assert client.get(reverse("field:visit", args=[visit.pk])).status_code == 403


def test_offline_report_is_delivered_with_its_original_time(client, rep):
    visit = VisitFactory(rep=rep)
    typed_at = timezone.now() - timedelta(hours=5)
    client.force_login(rep)
    client.post(
        reverse("field:check_in", args=[visit.pk]), _fix(at=typed_at - timedelta(minutes=40))
    )
    answer = client.post(
        reverse("field:report", args=[visit.pk]),
        {"visit_type": "consultation", "notes": "Без сети", "at": typed_at.isoformat()},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 200, answer.content
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.status == Visit.Status.SUBMITTED
    assert visit.submitted_at == typed_at
    assert visit.minutes_on_site == 40
    again = client.post(
        reverse("field:report", args=[visit.pk]),
        {"visit_type": "consultation", "at": typed_at.isoformat()},
        HTTP_ACCEPT="application/json",
    )
    assert again.status_code == 409  # locked


def test_review_from_the_team_page(client, rep, manager):
    visit = VisitFactory(rep=rep)
    client.force_login(rep)
    client.post(reverse("field:check_in", args=[visit.pk]), _fix(permission="denied"))
    client.post(reverse("field:report", args=[visit.pk]), {"visit_type": "lecture"})
    client.force_login(manager)
    assert client.get(reverse("field:team")).context["queue"].paginator.count == 1
    client.post(
        reverse("field:review", args=[visit.pk]),
        {"decision": "reject", "reason": "Нет геоданных", "back": "team"},
    )
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.review == Visit.Review.REJECTED
    assert visit.review_reason == "Нет геоданных"


def _queries(client, url) -> int:
    client.get(url)  # warm: the session, the policy row, the content types
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _team_with(manager, n):
    for _ in range(n):
        rep = FieldRepFactory(manager=manager).user
        plan = CyclePlanFactory(rep=rep)
        target = PlanTargetFactory(plan=plan)
        VisitFactory(rep=rep, plan=plan, target=target, institution=target.institution)


def test_team_page_and_plan_list_queries_are_constant(client, manager):
    _team_with(manager, 2)
    client.force_login(manager)
    urls = [reverse("field:team"), reverse("field:plans")]
    before = [_queries(client, url) for url in urls]
    _team_with(manager, 5)
    assert [_queries(client, url) for url in urls] == before


def test_today_and_plan_pages_queries_are_constant(client, rep):
    plan = CyclePlanFactory(rep=rep)

    def add(n):
        for _ in range(n):
            target = PlanTargetFactory(plan=plan)
            VisitFactory(rep=rep, plan=plan, target=target, institution=target.institution)

    add(2)
    client.force_login(rep)
    urls = [reverse("field:today"), reverse("field:plan", args=[plan.pk])]
    before = [_queries(client, url) for url in urls]
    add(6)
    assert [_queries(client, url) for url in urls] == before


def test_plan_page_shows_capacity_and_search_adds_a_target(client, rep, manager):
    plan = CyclePlanFactory(rep=rep)
    inst = PlanTargetFactory().institution
    client.force_login(rep)
    page = client.get(reverse("field:plan", args=[plan.pk]), {"q": inst.name[:12]})
    assert "Capacity" in page.content.decode()
    assert inst.name in page.content.decode()
    client.post(reverse("field:target_new", args=[plan.pk]), {"institution": inst.pk, "planned": 3})
    assert plan.targets.get().planned_visits == 3
    client.force_login(manager)
    answer = client.post(reverse("field:lock", args=[plan.pk]), follow=True)
    assert "outside" in answer.content.decode()  # 3 visits is far below the capacity
    plan = CyclePlan.objects.get(pk=plan.pk)
    assert not plan.locked


def test_rep_cannot_lock_own_plan(client, rep):
    plan = CyclePlanFactory(rep=rep)
    client.force_login(rep)
    assert client.post(reverse("field:lock", args=[plan.pk])).status_code == 403


def test_another_manager_cannot_see_the_plan(client, rep):
    plan = CyclePlanFactory(rep=rep)
    client.force_login(UserFactory(role="marketing_manager"))
    assert client.get(reverse("field:plan", args=[plan.pk])).status_code == 403


def test_points_of_the_day_week_and_month_in_one_query(rep, django_assert_num_queries):
    today = date(2026, 12, 10)  # a Thursday: the week began on the 7th, the month on the 1st
    for day, points, review in [
        (today, 5, "not_needed"),
        (today - timedelta(days=2), 3, "not_needed"),  # this week
        (date(2026, 12, 2), 7, "accepted"),  # this month, last week
        (date(2026, 11, 30), 11, "not_needed"),  # last month
        (today, 13, "rejected"),
    ]:
        VisitFactory(rep=rep, scheduled_on=day, status="submitted", points=points, review=review)
    VisitFactory(rep=rep, scheduled_on=today, points=17)  # scheduled, not made
    with django_assert_num_queries(1):
        assert points_by_period(rep_ids=[rep.pk], today=today) == {rep.pk: (5, 8, 15)}
