"""A NUL byte in a search parameter is answered 400 with a message (PostgreSQL gave a 500)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
MESSAGE = "NUL"


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("experts:institution_search", {"institution_q": "Бол\x00ьница"}),
        ("experts:institution_search", {"q\x00": "Больница"}),
        ("experts:list", {"q": "\x00"}),
        ("events:list", {"q": "Школа\x00"}),
    ],
)
def test_nul_in_a_search_parameter_gives_400_with_a_message(
    client, marketing_manager, url_name, params
):
    client.force_login(marketing_manager)
    response = client.get(reverse(url_name), params)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_nul_in_the_speaker_search_gives_400(client, marketing_manager, draft_event):
    client.force_login(marketing_manager)
    url = reverse("events:expert_search", args=[draft_event.pk, "speaker"])
    response = client.get(url, {"speaker_q": "Сём\x00ина"})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert client.get(url, {"speaker_q": "Сёмина"}).status_code == 200


def test_search_without_nul_is_answered_as_before(client, marketing_manager):
    client.force_login(marketing_manager)
    url = reverse("experts:institution_search")
    assert client.get(url, {"institution_q": "Больница"}).status_code == 200
