"""The service worker of the field pages: served from /field/ (its scope), never cached by the
browser, naming the static files of the page shell as the storage serves them."""

import pytest
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escapejs

pytestmark = pytest.mark.django_db


def test_service_worker_is_served_from_the_field_scope(client):
    url = reverse("field:service_worker")
    assert url == "/field/sw.js"
    answer = client.get(url)
    assert answer.status_code == 200  # also signed out: the browser checks it for updates
    assert answer["Content-Type"].startswith("application/javascript")
    assert "no-cache" in answer["Cache-Control"] or "max-age=0" in answer["Cache-Control"]
    body = answer.content.decode()
    assert f'"{escapejs(static("js/field-visits.js"))}"' in body
    assert f'var SCOPE = "{escapejs("/field/")}"' in body
    assert f'var LOGIN_URL = "{escapejs("/login/")}"' in body
    assert client.post(url).status_code == 405


def test_the_worker_changes_with_the_static_file_names(client, settings):
    first = client.get(reverse("field:service_worker")).content
    settings.STATIC_URL = "/assets/"
    second = client.get(reverse("field:service_worker")).content
    assert first != second and f'var STATIC_URL = "{escapejs("/assets/")}"'.encode() in second


def test_field_pages_register_the_worker_and_signed_out_pages_say_so(client, rep):
    assert b"data-signed-in" not in client.get(reverse("login")).content
    client.force_login(rep)
    page = client.get(reverse("field:today")).content.decode()
    assert 'data-service-worker="/field/sw.js"' in page
    assert "data-signed-in" in page
