import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_staff_member_sees_home(client, marketing_manager):
    client.force_login(marketing_manager)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert marketing_manager.first_name in response.content.decode()


def test_kol_has_an_expert_with_consent(kol):
    assert kol.is_kol and not kol.is_staff_member
    assert kol.expert.consents.count() == 1
