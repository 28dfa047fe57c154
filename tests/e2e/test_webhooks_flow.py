"""Browser flow: an administrator adds a webhook endpoint, an expert changes, the delivery shows in
the endpoint's log with its attempt (a real receiver on 127.0.0.1)."""

import pytest
from standardwebhooks.webhooks import Webhook

from experts.services.experts import expert_update
from tests.e2e.conftest import login, shot
from tests.factories.experts import ExpertFactory
from tests.webhooks.receiver import start_receiver
from webhooks.models import Endpoint

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    server = start_receiver()
    yield server
    server.close()


def test_create_an_endpoint_then_an_event_is_delivered_and_logged(
    page, phone_page, admin_user, receiver
):
    login(page, admin_user)
    page.goto("/webhooks/")
    page.get_by_test_id("empty-state").wait_for()
    shot(page, "webhooks-empty-desktop")
    page.get_by_test_id("endpoint-create").click()
    page.fill("input[name=url]", receiver.url)
    page.fill("input[name=description]", "CRM: эксперты")
    page.check("input[name=event_types][value='expert.updated']")
    shot(page, "webhooks-create-desktop")
    page.locator("[data-testid=endpoint-form] button[type=submit]").click()
    secret_box = page.get_by_test_id("endpoint-secret")
    secret_box.wait_for()
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in secret_box.inner_text()
    shot(page, "webhooks-created-secret-desktop")

    expert = ExpertFactory(city="Тула")
    expert_update(expert=expert, actor=admin_user, city="Тверь")
    (request,) = receiver.received
    payload = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert payload["data"]["expert_id"] == expert.pk

    page.reload()
    assert endpoint.secret not in page.content()  # shown once
    row = page.get_by_test_id("delivery-row")
    assert row.count() == 1 and "expert.updated" in row.inner_text()
    assert "Delivered" in row.inner_text()
    shot(page, "webhooks-endpoint-log-desktop")
    row.locator("a").click()
    page.get_by_test_id("attempt-row").wait_for()
    assert "200" in page.get_by_test_id("attempt-row").inner_text()
    shot(page, "webhooks-delivery-desktop")

    login(phone_page, admin_user)
    phone_page.goto(f"/webhooks/{endpoint.pk}/")
    shot(phone_page, "webhooks-endpoint-log-phone")
    phone_page.goto("/webhooks/")
    shot(phone_page, "webhooks-list-phone")
