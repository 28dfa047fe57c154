import pytest

from kolplatform.core.roles import Role
from tests.webhooks.receiver import start_receiver
from webhooks.services.endpoints import endpoint_create


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True  # the receiver listens on 127.0.0.1
    server = start_receiver()
    yield server
    server.close()


@pytest.fixture
def webhook_admin(make_user):
    return make_user(Role.ADMIN, username="hookadmin")


@pytest.fixture
def endpoint(receiver, webhook_admin):
    return endpoint_create(
        actor=webhook_admin,
        url=receiver.url,
        event_types=["expert.updated", "payout.status_changed"],
        description="CRM",
    )
