"""The OpenAPI schema is generated without a single drf-spectacular warning or error, and
describes the v1 API with typed enums."""

import pytest
from django.core.management import call_command

from api.scopes import SCOPES


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    # --fail-on-warn turns every warning (and error) of the generator into a failure
    call_command("spectacular", "--file", str(out), "--validate", "--fail-on-warn")
    text = out.read_text()
    for path in (
        "/api/v1/experts/bulk/",
        "/api/v1/experts/{id}/",
        "/api/v1/payouts/{id}/confirmation/",
        "/api/v1/documents/{id}/signed-copy/",
        "/api/v1/analytics/{dataset}/",
    ):
        assert f"  {path}:" in text, path


def test_creates_link_to_reading_and_changing_what_they_made(client):
    schema = client.get("/api/schema/?format=json").json()
    for kind in ("experts", "institutions"):
        links = schema["paths"][f"/api/v1/{kind}/"]["post"]["responses"]["201"]["links"]
        assert {link["operationId"] for link in links.values()} == {
            f"api_v1_{kind}_retrieve",
            f"api_v1_{kind}_partial_update",
        }
        assert all(link["parameters"] == {"id": "$response.body#/id"} for link in links.values())


def test_analytics_dataset_is_an_enum(client):
    schema = client.get("/api/schema/?format=json").json()
    params = schema["paths"]["/api/v1/analytics/{dataset}/"]["get"]["parameters"]
    dataset = next(p for p in params if p["name"] == "dataset")
    assert "summary" in dataset["schema"]["enum"] and "payouts" in dataset["schema"]["enum"]
    bulk = schema["components"]["schemas"]["BulkItemResult"]["properties"]["status"]
    assert bulk["$ref"].endswith("StatusA3eEnum") or "enum" in str(schema["components"]["schemas"])
    assert set(SCOPES) >= {"experts:read", "experts:write", "payouts:read", "payouts:write"}


@pytest.mark.parametrize("path", ["/api/v1/experts/", "/api/v1/analytics/summary/"])
def test_anonymous_gets_401_with_the_error_body(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert set(response.json()) == {"code", "message", "field_errors"}
