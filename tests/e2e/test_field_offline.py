"""The visit pages open without signal (the service worker of templates/field/sw.js): the rep
opens today's page with signal, loses it, reloads the page and the visit report, types the
report, and it is delivered when the signal returns. Signed out, the kept pages are gone."""

import pytest

from experts.models import Institution
from field.models import FieldPolicy, Visit
from field.services.visits import Fix, visit_check_in
from tests.e2e.conftest import login, shot
from tests.e2e.test_field_visits import _phone, _wait_for, type_report_offline
from tests.factories.core import UserFactory
from tests.factories.field import FieldRepFactory, VisitFactory

pytestmark = pytest.mark.django_db(transaction=True)

KEPT = "caches.open('kolplatform-field-pages').then(c => c.keys()).then(k => k.map(r => r.url))"


def _checked_in(rep, name):
    from django.utils import timezone

    visit = VisitFactory(rep=rep, institution__name=name)
    fix = Fix(None, None, None, None, "denied", timezone.now())
    return visit_check_in(visit=visit, fix=fix, actor=rep)


def _offline(context):
    """No network for the pages and for the service worker's own requests."""
    context.set_offline(True)
    context.route(
        "**/*",
        lambda route: (
            route.abort("internetdisconnected")
            if route.request.service_worker
            else route.fallback()
        ),
    )


def test_visit_pages_reload_without_signal_and_the_report_is_delivered(browser, live_server):
    policy = FieldPolicy.current()
    policy.min_minutes_on_site = 0
    policy.save()
    manager = UserFactory(role="marketing_manager")
    rep = FieldRepFactory(user__username="offline-rep", manager=manager).user
    visit = _checked_in(rep, "ГКБ № 7 (подвал)")

    phone = _phone(browser, live_server)
    page = phone.new_page()
    login(page, rep)
    page.goto("/field/")
    report_url = f"{live_server.url}/field/visits/{visit.pk}/report/"
    assert _wait_for(lambda: report_url in page.evaluate(KEPT))
    Institution.objects.filter(pk=visit.institution_id).update(name="ГКБ № 7 (переименована)")

    _offline(phone)
    page.reload()
    card = page.locator(f"#visit-{visit.pk}")
    assert "ГКБ № 7 (подвал)" in card.inner_text()  # the kept page, not the server's
    page.get_by_text("No connection").wait_for()
    shot(page, "field-today-reloaded-offline-phone")
    card.get_by_role("link", name="Report").click()
    type_report_offline(
        page, visit, "Открыто и набрано без связи", "field-report-reloaded-offline-phone"
    )

    phone.unroute("**/*")
    phone.set_offline(False)
    assert _wait_for(lambda: Visit.objects.get(pk=visit.pk).status == Visit.Status.SUBMITTED)
    assert Visit.objects.get(pk=visit.pk).notes == "Открыто и набрано без связи"

    page.goto("/field/")
    page.evaluate("document.querySelector(\"form[action$='/logout/']\").submit()")
    page.wait_for_load_state("networkidle")
    assert _wait_for(lambda: page.evaluate("caches.has('kolplatform-field-pages')") is False)
    phone.close()
