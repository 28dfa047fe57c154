"""The speaker and participant pickers: search endpoint, permissions, query count, the form."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import Contract
from events.selectors import EXPERT_MATCHES
from tests.factories.contracts import ContractFactory, force_status
from tests.factories.experts import ExpertFactory

pytestmark = pytest.mark.django_db


def with_contract(event, **names):
    expert = ExpertFactory(**names)
    contract = ContractFactory(
        expert=expert,
        starts_on=event.starts_at.date() - timedelta(days=10),
        ends_on=event.starts_at.date() + timedelta(days=10),
    )
    force_status(contract, Contract.Status.ACTIVE)
    return expert


def search(client, event, role, q):
    url = reverse("events:expert_search", args=[event.pk, role])
    return client.get(url, {f"{role}_q": q})


def test_speaker_search_offers_contracted_experts_by_surname(
    client, marketing_manager, draft_event
):
    match = with_contract(draft_event, last_name="Сёмина", first_name="Анна")
    with_contract(draft_event, last_name="Петрова", first_name="Анна")
    ExpertFactory(last_name="Семенова", first_name="Ольга")  # no contract
    client.force_login(marketing_manager)
    response = search(client, draft_event, "speaker", "семин")
    assert response.status_code == 200
    assert [e.pk for e in response.context["experts"]] == [match.pk]
    assert f'value="{match.pk}"' in response.content.decode()


def test_participant_search_keeps_to_the_event_region(client, marketing_manager, draft_event):
    inside = ExpertFactory(last_name="Орлова", region=draft_event.region)
    ExpertFactory(last_name="Орлова")  # another region
    client.force_login(marketing_manager)
    found = search(client, draft_event, "participant", "Орло").context["experts"]
    assert [e.pk for e in found] == [inside.pk]


def test_short_query_finds_nobody(client, marketing_manager, draft_event):
    with_contract(draft_event, last_name="Ян")
    client.force_login(marketing_manager)
    response = search(client, draft_event, "speaker", "я")
    assert response.context["experts"] == [] and response.context["too_short"]
    assert "Type at least 2 letters" in response.content.decode()


def test_matches_are_capped_and_say_there_are_more(client, marketing_manager, draft_event):
    for i in range(EXPERT_MATCHES + 2):
        ExpertFactory(last_name="Кузнецова", first_name=f"Анна{i}", region=draft_event.region)
    client.force_login(marketing_manager)
    response = search(client, draft_event, "participant", "кузнецова")
    assert len(response.context["experts"]) == EXPERT_MATCHES and response.context["more"]


def test_search_queries_do_not_grow_with_the_matches(client, marketing_manager, draft_event):
    client.force_login(marketing_manager)
    counts = []
    for batch in (2, 15):
        for i in range(batch):
            with_contract(draft_event, last_name="Лебедева", first_name=f"Мария{batch}{i}")
        with CaptureQueriesContext(connection) as ctx:
            assert search(client, draft_event, "speaker", "Лебедева").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 8


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("marketing_manager", 200),  # owner
        ("admin", 200),
        ("approver", 403),
        ("compliance", 403),
        ("finance", 403),
        ("field_staff", 403),
        ("kol", 403),
        ("other_kol", 403),
        (None, 302),
    ],
)
def test_search_per_role(client, personas, draft_event, name, expected):
    client.logout()
    if personas.get(name):
        client.force_login(personas[name])
    assert search(client, draft_event, "speaker", "Ив").status_code == expected


def test_unknown_role_is_not_found(client, marketing_manager, draft_event):
    client.force_login(marketing_manager)
    assert search(client, draft_event, "approver", "Ив").status_code == 404


def test_programme_form_renders_only_the_chosen_speaker(client, marketing_manager, draft_event):
    experts = [with_contract(draft_event, last_name=f"Фамилия{i}") for i in range(5)]
    client.force_login(marketing_manager)
    url = reverse("events:program_add", args=[draft_event.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="speaker-search"' in html
    assert not any(f'value="{e.pk}"' in html for e in experts)
    start = draft_event.starts_at.strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url, {"topic": "Тема", "starts_at": start, "ends_at": start, "speaker": experts[2].pk}
    )
    html = response.content.decode()
    assert f'value="{experts[2].pk}" selected' in html
    assert f'value="{experts[1].pk}"' not in html


def test_programme_form_refuses_an_expert_without_contract(client, marketing_manager, draft_event):
    outsider = ExpertFactory()
    client.force_login(marketing_manager)
    start = draft_event.starts_at.strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("events:program_add", args=[draft_event.pk]),
        {"topic": "Тема", "starts_at": start, "ends_at": start, "speaker": outsider.pk},
    )
    assert response.status_code == 200
    assert "speaker" in response.context["form"].errors
