"""Every menu entry a role sees opens for that role (a menu never leads to "access denied")."""

import pytest

from kolplatform.core.navigation import nav_for_user

pytestmark = pytest.mark.django_db
PERSONAS = [
    "field_staff",
    "marketing_manager",
    "approver",
    "legal",
    "compliance",
    "finance",
    "admin",
    "kol",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_menu_entry_opens_for_its_role(client, personas, persona):
    user = personas[persona]
    client.force_login(user)
    entries = nav_for_user(user)
    assert entries
    refused = {e["url"]: client.get(e["url"]).status_code for e in entries}
    assert {url: status for url, status in refused.items() if status != 200} == {}
