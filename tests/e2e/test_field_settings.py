"""The manager's settings in the browser, at 360 px and on the desktop: the radius of a type of
institution, a representative's targets from the team page, an expert's segment."""

import pytest

from field.models import FieldRep, TypeRadius
from tests.e2e.conftest import DESKTOP, PHONE, login, shot
from tests.factories.core import UserFactory
from tests.factories.experts import ExpertFactory
from tests.factories.field import FieldRepFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_manager_sets_a_radius_and_a_reps_targets(page, size):
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    manager = UserFactory(role="marketing_manager", username=f"settings-manager-{size}")
    rep = FieldRepFactory(manager=manager, user__last_name="Полевой")
    login(page, manager)
    page.goto("/field/team/")
    page.get_by_role("link", name="Settings").click()
    page.get_by_test_id("matrix").wait_for()
    page.get_by_label("Public").fill("800")
    shot(page, f"field-settings-{size}")
    page.get_by_test_id("radii").get_by_role("button", name="Save").click()
    page.get_by_text("The radii are saved.").wait_for()
    assert TypeRadius.objects.get(kind="public").radius_m == 800
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto("/field/team/")
    page.get_by_role("link", name=f"Targets: {rep}").click()
    page.get_by_label("Points target per month").fill("300")
    shot(page, f"field-rep-targets-{size}")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/field/team/")
    assert FieldRep.objects.get(pk=rep.pk).points_month == 300
    assert "300" in page.get_by_test_id("team").inner_text()
    shot(page, f"field-team-{size}")

    expert = ExpertFactory(last_name="Сегментов")
    page.goto(f"/field/experts/{expert.pk}/segment/")
    page.get_by_label("Segment").select_option(label="A1")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The segment is set.").wait_for()
    assert "A1" in page.get_by_test_id("segment-history").inner_text()
    shot(page, f"field-expert-segment-{size}")
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
