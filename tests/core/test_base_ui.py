"""Home, navigation by role, language switch, reference data, error pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from kolplatform.core.navigation import nav_for_user
from tests.factories.core import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _russian_ui(settings, _english, personas):
    """These tests look at the product as the demo company sees it: Russian by default."""
    settings.LANGUAGE_CODE = "ru"
    type(personas["field_staff"]).objects.update(language="ru")
    with translation.override("ru"):
        yield


STAFF = ["field_staff", "marketing_manager", "approver", "legal", "compliance", "finance", "admin"]


@pytest.mark.parametrize("persona", STAFF)
def test_staff_home_shows_reference_tile(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("home"))
    assert response.status_code == 200
    urls = [tile["url"] for tile in response.context["home_tiles"]]
    assert reverse("reference_data") in urls
    assert reverse("home") not in urls


def test_kol_menu_has_no_staff_entries(kol):
    urls = [item["url"] for item in nav_for_user(kol, "/")]
    assert reverse("home") not in urls
    assert reverse("reference_data") not in urls


def test_superuser_is_not_shown_the_kol_cabinet(admin_user):
    labels = [str(i["label"]) for i in nav_for_user(admin_user, "/")]
    assert "My cabinet" not in labels and "Мой кабинет" not in labels


def test_the_longest_matching_entry_is_active(field_staff):
    items = nav_for_user(field_staff, reverse("reference_data") + "?kind=products")
    active = [i["url"] for i in items if i["active"]]
    assert active == [reverse("reference_data")]


def test_home_is_active_only_on_home(field_staff):
    assert [i["url"] for i in nav_for_user(field_staff, "/") if i["active"]] == ["/"]
    assert not [i for i in nav_for_user(field_staff, "/nowhere/") if i["active"]]


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_page_in_russian_by_default_and_english_after_switch(client, field_staff):
    client.force_login(field_staff)
    assert "Справочники" in client.get(reverse("reference_data")).content.decode()
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("reference_data") + "?kind=products"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reference_data") + "?kind=products"
    assert "Reference data" in client.get(reverse("reference_data")).content.decode()
    field_staff.refresh_from_db()
    assert field_staff.language == "en"


def test_language_switch_rejects_unknown_language(client, field_staff):
    client.force_login(field_staff)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    field_staff.refresh_from_db()
    assert field_staff.language == "ru"


def test_language_switch_works_for_anonymous_login_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response["Location"] == "/login/"
    assert "Sign in" in client.get("/login/").content.decode()


@pytest.mark.parametrize("persona", STAFF)
def test_reference_data_open_to_staff(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("reference_data")).status_code == 200


@pytest.mark.parametrize("persona", ["kol", "other_kol"])
def test_reference_data_is_403_for_kol(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("reference_data"))
    assert response.status_code == 403
    assert "error-403" in response.content.decode()


def test_reference_data_anonymous_goes_to_login(client):
    response = client.get(reverse("reference_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reference_data_unknown_kind_is_404(client, field_staff):
    client.force_login(field_staff)
    response = client.get(reverse("reference_data"), {"kind": "secrets"})
    assert response.status_code == 404
    assert "error-404" in response.content.decode()


def test_reference_data_search_and_empty_state(client, field_staff):
    RegionFactory(code="77", name="Москва")
    RegionFactory(code="78", name="Санкт-Петербург")
    client.force_login(field_staff)
    page = client.get(reverse("reference_data"), {"q": "Петер"}).context["page_obj"]
    assert [r.code for r in page] == ["78"]
    response = client.get(reverse("reference_data"), {"q": "Атлантида"})
    assert "empty-state" in response.content.decode()


def test_reference_pagination_keeps_the_search(client, field_staff):
    for n in range(60):
        RegionFactory(code=f"X{n:02d}", name=f"Область {n:02d}")
    client.force_login(field_staff)
    html = client.get(reverse("reference_data"), {"q": "Область", "kind": "regions"}).content
    assert b"?q=%D0%9E%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C&amp;kind=regions&amp;page=2" in html


@pytest.mark.parametrize("rows", [5, 60])
def test_reference_data_query_count_is_constant(
    client, field_staff, django_assert_max_num_queries, rows
):
    from tests.factories.core import ProductFactory

    ProductFactory.create_batch(rows)
    client.force_login(field_staff)
    with django_assert_max_num_queries(8):
        client.get(reverse("reference_data"), {"kind": "products"})


def test_password_pages_render(client, field_staff):
    assert client.get(reverse("password_reset")).status_code == 200
    client.force_login(field_staff)
    assert client.get(reverse("password_change")).status_code == 200


def test_password_reset_sends_a_letter_with_the_link(client, field_staff, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": field_staff.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/reset/" in mailoutbox[0].body
    assert field_staff.username in mailoutbox[0].body


def test_logout_page(client, field_staff):
    client.force_login(field_staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_healthz_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "500" in html and "Ошибка сервера" in html


def test_breadcrumbs_lead_from_home_to_the_current_page(client, field_staff):
    client.force_login(field_staff)
    html = client.get(reverse("reference_data"), {"kind": "areas"}).content.decode()
    crumbs = html.split('<ol class="breadcrumb')[1].split("</ol>")[0]
    assert f'href="{reverse("home")}"' in crumbs
    assert f'href="{reverse("reference_data")}"' in crumbs
    assert 'aria-current="page">Терапевтические области<' in crumbs


def test_pagination_is_hidden_on_a_single_page(client, field_staff):
    RegionFactory(code="77", name="Москва")
    client.force_login(field_staff)
    html = client.get(reverse("reference_data")).content.decode()
    assert 'data-testid="pagination"' not in html and "Москва" in html


def test_sign_in_applies_the_users_saved_language(client, make_user):
    make_user(None, username="anna", language="en")
    response = client.post(reverse("login"), {"username": "anna", "password": "pass12345!"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_language_chosen_on_the_login_page_is_remembered(client, make_user):
    user = make_user(None, username="boris", language="ru")
    client.cookies["django_language"] = "en"
    client.post(reverse("login"), {"username": "boris", "password": "pass12345!"})
    user.refresh_from_db()
    assert user.language == "en"


def test_failed_sign_in_changes_no_language(client, make_user):
    user = make_user(None, username="vera", language="ru")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "vera", "password": "wrong"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.language == "ru"
