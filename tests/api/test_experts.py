"""Experts and institutions through the API: the UI's visibility, writes through the services,
ETags, the error body, cursor pagination, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import ExpertExternalId
from experts.models import Expert, Specialty
from kolplatform.core.hooks import EVENTS
from kolplatform.core.models import AuditLog
from kolplatform.core.roles import Role
from tests.api.conftest import assert_error, kol_key_client
from tests.factories.core import RegionFactory
from tests.factories.experts import ConsentFactory, ExpertFactory, InstitutionFactory

LIST = "/api/v1/experts/"


def test_kol_session_and_key_see_only_their_own_expert(api, kol, other_kol):
    ExpertFactory(last_name="Чужойтест")
    api.force_login(kol)
    ids = [e["id"] for e in api.get(LIST).json()["results"]]
    assert ids == [kol.expert.pk]
    assert api.get(f"{LIST}{kol.expert.pk}/").status_code == 200
    assert_error(api.get(f"{LIST}{other_kol.expert.pk}/"), 403, "permission_denied")
    assert_error(
        api.patch(f"{LIST}{kol.expert.pk}/", {"position": "x"}, format="json"),
        403,
    )
    client = kol_key_client(kol)
    assert [e["id"] for e in client.get(LIST).json()["results"]] == [kol.expert.pk]
    assert_error(client.get(f"{LIST}{other_kol.expert.pk}/"), 403)
    assert "Чужойтест" not in client.get(LIST).content.decode()


def test_staff_session_sees_what_the_ui_filters_show(api, field_staff):
    region = RegionFactory()
    inside = ExpertFactory(region=region, tier="regional")
    ExpertFactory(tier="regional")
    api.force_login(field_staff)
    body = api.get(LIST, {"region": region.pk, "tier": "regional"}).json()
    assert [e["id"] for e in body["results"]] == [inside.pk]
    assert body["results"][0]["region"] == region.code
    # an invalid filter value gives an empty list, as in the UI
    assert api.get(LIST, {"region": 999999}).json()["results"] == []


def test_cursor_pagination_walks_every_row_once(key_client):
    experts = ExpertFactory.create_batch(7)
    client = key_client(["experts:read"])
    seen, url = [], f"{LIST}?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [e["id"] for e in body["results"]]
        url = body["next"]
    assert seen == sorted(e.pk for e in experts)


def test_list_query_count_is_constant(key_client):
    client = key_client(["experts:read"])
    ExpertFactory.create_batch(2)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for expert in ExpertFactory.create_batch(15):
        ConsentFactory(expert=expert)
        expert.specialties.add(Specialty.objects.create(name=f"Спец {expert.pk}"))
        ExpertExternalId.objects.create(expert=expert, source="crm", value=f"c{expert.pk}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST).json()["results"]) == 17
    assert len(many.captured_queries) == len(few.captured_queries)


def test_etag_gives_304_until_the_expert_changes(key_client):
    expert = ExpertFactory()
    client = key_client(["experts:*"], role=Role.MARKETING_MANAGER)
    first = client.get(f"{LIST}{expert.pk}/")
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = client.get(f"{LIST}{expert.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    client.patch(f"{LIST}{expert.pk}/", {"city": "Казань"}, format="json")
    changed = client.get(f"{LIST}{expert.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_create_goes_through_the_service(key_client, django_capture_on_commit_callbacks):
    institution = InstitutionFactory()
    Specialty.objects.create(name="Кардиология")
    client = key_client(["experts:write", "experts:read"], role=Role.FIELD_STAFF)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            LIST,
            {
                "last_name": "Иванов",
                "first_name": "Пётр",
                "institution": institution.pk,
                "specialties": ["Кардиология"],
                "external_ids": [{"source": "crm", "value": "A-1"}],
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    expert = Expert.objects.get(pk=body["id"])
    assert expert.region_id == institution.region_id  # the service filled it
    assert body["external_ids"] == [{"source": "crm", "value": "A-1"}]
    assert body["specialties"] == ["Кардиология"]
    assert AuditLog.objects.filter(object_id=str(expert.pk), action="create").exists()
    assert callbacks  # expert.created goes out on commit
    assert "expert.created" in EVENTS


def test_validation_error_shape(key_client):
    client = key_client(["experts:*"])
    body = assert_error(
        client.post(LIST, {"first_name": "", "email": "nope", "region": "ZZ"}, format="json"),
        400,
        "invalid",
    )
    assert {"last_name", "first_name", "email", "region"} <= set(body["field_errors"])
    taken = ExpertFactory()
    ExpertExternalId.objects.create(expert=taken, source="crm", value="X")
    body = assert_error(
        client.post(
            LIST,
            {
                "last_name": "A",
                "first_name": "B",
                "external_ids": [{"source": "crm", "value": "X"}],
            },
            format="json",
        ),
        400,
    )
    assert "external_ids" in body["field_errors"]
    assert_error(client.get(f"{LIST}99999999/"), 404, "not_found")


@pytest.mark.parametrize("role", [Role.FIELD_STAFF, Role.LEGAL])
def test_update_needs_the_ui_permission(key_client, role):
    expert = ExpertFactory()
    client = key_client(["experts:*"], role=role)
    assert_error(client.patch(f"{LIST}{expert.pk}/", {"city": "Омск"}, format="json"), 403)


def test_institutions(key_client, api, kol):
    client = key_client(["experts:*"], role=Role.MARKETING_MANAGER)
    region = RegionFactory()
    response = client.post(
        "/api/v1/institutions/",
        {"name": "ГКБ № 1", "city": "Тверь", "region": region.code,
         "external_ids": [{"source": "crm", "value": "I-1"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    found = client.get("/api/v1/institutions/", {"source": "crm", "external_id": "I-1"}).json()
    assert [i["id"] for i in found["results"]] == [pk]
    assert (
        client.patch(f"/api/v1/institutions/{pk}/", {"beds": 300}, format="json").json()["beds"]
        == 300
    )
    api.force_login(kol)
    assert_error(api.get("/api/v1/institutions/"), 403)


def test_a_key_with_a_nul_character_is_a_field_error(key_client):
    """A NUL in a reference key (found by schemathesis: PostgreSQL text cannot hold it) is a 400
    on that field, not a server error."""
    client = key_client(["experts:*"])
    body = assert_error(
        client.post(
            LIST,
            {"last_name": "Петров", "first_name": "Пётр", "region": "7\x00",
             "specialties": ["c\x00"], "therapeutic_areas": ["c\x00"]},
            format="json",
        ),
        400,
        "invalid",
    )  # fmt: skip
    assert {"region", "specialties", "therapeutic_areas"} <= set(body["field_errors"])
