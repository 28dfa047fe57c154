"""Creating an institution: data stewards directly (after a duplicate warning), field staff
propose one; every other role and a KOL are refused."""

import pytest
from django.urls import reverse

from experts.models import Institution
from experts.services.institutions import institutions_similar, normalised_name
from kolplatform.core.models import AuditLog

pytestmark = pytest.mark.django_db
URL = "experts:institution_create"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("marketing_manager", 200),
        ("admin", 200),
        ("field_staff", 403),
        ("approver", 403),
        ("legal", 403),
        ("compliance", 403),
        ("finance", 403),
        ("kol", 403),
        ("other_kol", 403),
    ],
)
def test_who_may_create_an_institution(client, personas, persona, status):
    client.force_login(personas[persona])
    assert client.get(reverse(URL)).status_code == status
    response = client.post(reverse(URL), {"name": "Клиника", "kind": "private"})
    assert response.status_code in ((200, 302) if status == 200 else (403,))
    assert Institution.objects.filter(name="Клиника").exists() == (status == 200)


def test_anonymous_goes_to_login(client):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_search_text_is_the_name_of_the_new_one(client, marketing_manager):
    client.force_login(marketing_manager)
    page = client.get(reverse(URL), {"institution_q": "Клиника Здоровье"}, **HTMX)
    assert 'value="Клиника Здоровье"' in page.content.decode()


def test_similar_ones_are_shown_before_anything_is_created(client, marketing_manager):
    Institution.objects.create(name="ГБУЗ «Городская больница № 2»", city="Казань")
    client.force_login(marketing_manager)
    data = {"name": "городская больница №2", "kind": "public", "city": "Казань"}
    page = client.post(reverse(URL), data, **HTMX).content.decode()
    assert 'data-testid="institution-duplicates"' in page and "Городская больница № 2" in page
    assert Institution.objects.count() == 1
    response = client.post(reverse(URL), {**data, "confirm_duplicate": "1"}, **HTMX)
    created = Institution.objects.get(name="городская больница №2")
    assert response["HX-Retarget"] == "#id_institution"
    assert response["HX-Trigger"] == "institution-created"
    assert f'value="{created.pk}" selected' in response.content.decode()
    assert AuditLog.objects.filter(
        action=AuditLog.Action.CREATE, object_id=str(created.pk)
    ).exists()


def test_a_name_without_the_field_keeps_what_was_typed(client, marketing_manager):
    client.force_login(marketing_manager)
    page = client.post(reverse(URL), {"name": "", "city": "Томск"}, **HTMX).content.decode()
    assert 'value="Томск"' in page and not Institution.objects.exists()


def test_similarity_rules():
    assert normalised_name(" ГБУЗ «Больница»  №1 ") == "гбуз больница 1"
    a = Institution.objects.create(name="НИИ кардиологии им. Алмазова", city="Санкт-Петербург")
    Institution.objects.create(name="Областная больница", city="Томск")
    assert institutions_similar(name="НИИ Кардиологии им Алмазова") == [a]
    assert institutions_similar(name="Частная клиника") == []
    assert institutions_similar(name="ab") == []


def test_field_staff_see_the_propose_link_and_stewards_the_create_button(
    client, field_staff, marketing_manager
):
    client.force_login(field_staff)
    page = client.get(reverse("experts:create")).content.decode()
    assert "institution-new" not in page
    assert reverse("experts:request_new", args=["new_institution"]) in page
    client.force_login(marketing_manager)
    page = client.get(reverse("experts:create")).content.decode()
    assert 'data-testid="institution-new"' in page and 'id="institution-modal"' in page
