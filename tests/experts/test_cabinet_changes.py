"""A KOL's changes of contacts, workplace, specialty and address from the cabinet go through
the master-data change request (issue 19, item 10), as bank details do."""

import pytest
from django.urls import reverse

from experts.models import Expert, MasterDataRequest
from tests.factories.experts import InstitutionFactory

pytestmark = pytest.mark.django_db
URL = "experts:cabinet_change"


def form_data(expert, **changes) -> dict:
    data = {
        "email": expert.email,
        "phone": expert.phone,
        "institution": expert.institution_id or "",
        "position": expert.position,
        "specialties": [s.pk for s in expert.specialties.all()],
        "region": expert.region_id or "",
        "city": expert.city,
    }
    return {k: v for k, v in {**data, **changes}.items() if v not in (None,)}


def test_kol_change_goes_to_review_and_applies_on_approval(client, kol, marketing_manager):
    expert = kol.expert
    new_place = InstitutionFactory(name="ГКБ № 52")
    client.force_login(kol)
    assert client.get(reverse(URL)).status_code == 200
    data = form_data(expert, phone="+7 912 345-67-89", institution=new_place.pk, city="Тверь")
    response = client.post(reverse(URL), data)
    assert response.status_code == 302
    request = MasterDataRequest.objects.get(kind=MasterDataRequest.Kind.CHANGE_EXPERT)
    assert request.expert == expert and request.created_by == kol
    assert request.payload == {
        "phone": "+7 912 345-67-89",
        "institution": new_place.pk,
        "city": "Тверь",
    }
    expert.refresh_from_db()
    assert expert.city != "Тверь" and expert.institution_id != new_place.pk  # not before review
    profile = client.get(reverse("experts:cabinet_profile")).content.decode()
    assert 'data-testid="profile-change-pending"' in profile
    client.force_login(marketing_manager)
    client.post(reverse("experts:request_decide", args=[request.pk, "approve"]))
    expert = Expert.objects.get(pk=expert.pk)
    assert (expert.phone, expert.institution_id, expert.city) == (
        "+7 912 345-67-89",
        new_place.pk,
        "Тверь",
    )


def test_nothing_changed_creates_no_request(client, kol):
    client.force_login(kol)
    response = client.post(reverse(URL), form_data(kol.expert))
    assert response.status_code == 302
    assert not MasterDataRequest.objects.exists()


def test_bad_phone_keeps_what_was_typed(client, kol):
    client.force_login(kol)
    response = client.post(reverse(URL), form_data(kol.expert, phone="call me", city="Тверь"))
    html = response.content.decode()
    assert response.status_code == 200 and "Тверь" in html and "call me" in html
    assert not MasterDataRequest.objects.exists()


@pytest.mark.parametrize("persona", ["field_staff", "marketing_manager", "admin_user"])
def test_staff_have_no_cabinet_change(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {"city": "Тверь"}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(reverse(URL)).status_code == 302


def test_kol_changes_only_their_own_expert(client, kol, other_kol):
    client.force_login(kol)
    client.post(reverse(URL), form_data(kol.expert, city="Тверь"))
    assert MasterDataRequest.objects.get().expert == kol.expert
    assert not other_kol.expert.data_requests.exists()


def test_kol_may_search_institutions_for_the_workplace(client, kol):
    InstitutionFactory(name="Городская больница Твери")
    client.force_login(kol)
    response = client.get(reverse("experts:institution_search") + "?institution_q=Твер")
    assert response.status_code == 200 and "Городская больница Твери" in response.content.decode()
