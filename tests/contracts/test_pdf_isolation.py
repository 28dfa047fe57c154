"""A document template body cannot make the PDF engine read server files, request URLs from inside
the server, or print the template context (contracts.pdf, kolplatform.core.pdf).

"Leaked" is looked for in the PDF bytes and in every inflated stream of the PDF (attachments and
images are compressed), and a positive control shows the search finds a file that is allowed.
"""

import http.server
import re
import threading
import zlib

import pytest
from django.urls import reverse

from contracts.errors import ContractError
from contracts.generation import template_create_version, template_current
from contracts.models import DocumentTemplate
from contracts.pdf import render_pdf
from kolplatform.core.pdf import html_to_pdf, static_path_for

pytestmark = pytest.mark.django_db

MARKER = b"LEAK-7f3c2a91-SECRET"


def pdf_contains(pdf: bytes, needle: bytes) -> bool:
    """The needle in the raw PDF or in any of its (Flate-compressed) streams."""
    if needle in pdf:
        return True
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            if needle in zlib.decompress(match.group(1)):
                return True
        except zlib.error:
            continue
    return False


def body_with(head: str) -> str:
    return (
        '{% extends "contracts/pdf/base.html" %}{% block body %}' + head + "<p>Текст</p>"
        "{% endblock %}"
    )


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_bytes(MARKER)
    return path


@pytest.fixture
def static_dir(settings, tmp_path):
    """A static directory of the project holding an allowed file with the marker."""
    root = tmp_path / "static"
    root.mkdir()
    (root / "allowed.txt").write_bytes(MARKER + b"-ALLOWED")
    settings.STATICFILES_DIRS = [root]
    return root


@pytest.fixture
def http_server():
    """A server on 127.0.0.1 standing for an internal service; it records every request."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_an_allowed_static_file_is_found_by_the_leak_search(static_dir):
    """Positive control: an attachment from the static files is embedded and found."""
    pdf = html_to_pdf(
        '<link rel="attachment" href="allowed.txt"><p>x</p>', base_url=str(static_dir)
    )
    assert pdf_contains(pdf, MARKER + b"-ALLOWED")


@pytest.mark.parametrize(
    "markup",
    [
        '<link rel="attachment" href="{url}">',
        '<a rel="attachment" href="{url}">file</a>',
        '<link rel="stylesheet" href="{url}">',
        '<img src="{url}">',
        '<style>@import url("{url}");</style>',
        '<style>body {{ background: url("{url}") }}</style>',
        '<object data="{url}"></object>',
    ],
)
def test_a_file_url_outside_the_static_files_leaks_nothing(static_dir, secret_file, markup):
    url = secret_file.as_uri()
    pdf = render_pdf(body=body_with(markup.format(url=url)), context={})
    assert pdf.startswith(b"%PDF")
    assert not pdf_contains(pdf, MARKER)


def test_proc_self_environ_is_not_attached(settings):
    pdf = render_pdf(
        body=body_with('<link rel="attachment" href="file:///proc/self/environ">'), context={}
    )
    assert not pdf_contains(pdf, b"SECRET_KEY") and not pdf_contains(pdf, b"PATH=")
    assert not pdf_contains(pdf, settings.SECRET_KEY.encode())


def test_a_path_that_climbs_out_of_the_static_files_is_refused(static_dir, secret_file):
    relative = "../" * 12 + str(secret_file).lstrip("/")
    pdf = html_to_pdf(
        f'<link rel="attachment" href="{relative}"><p>x</p>', base_url=str(static_dir)
    )
    assert not pdf_contains(pdf, MARKER)
    assert static_path_for((static_dir / relative).as_uri()) is None


def test_a_symlink_out_of_the_static_files_is_refused(static_dir, secret_file):
    (static_dir / "link.txt").symlink_to(secret_file)
    pdf = html_to_pdf('<link rel="attachment" href="link.txt"><p>x</p>', base_url=str(static_dir))
    assert not pdf_contains(pdf, MARKER)


@pytest.mark.parametrize(
    "markup",
    [
        '<link rel="attachment" href="{url}/attach">',
        '<link rel="stylesheet" href="{url}/style.css">',
        '<img src="{url}/image.png">',
        '<style>@import url("{url}/import.css");</style>',
    ],
)
def test_no_url_is_requested_from_inside_the_server(http_server, markup):
    base, hits = http_server
    render_pdf(body=body_with(markup.format(url=base)), context={})
    assert hits == []


def test_the_debug_tag_is_refused_when_saved(legal):
    with pytest.raises(ContractError, match="debug"):
        template_create_version(kind="act", title="x", body=body_with("{% debug %}"), actor=legal)


@pytest.mark.parametrize(
    "body",
    [
        "{% load humanize %}{{ 1000|intcomma }}",
        "{% load core_platform %}",
        '{% include "base.html" %}',
        '{% extends "registration/login.html" %}',
        "{% url 'home' %}",
        "{% csrf_token %}",
    ],
)
def test_tags_libraries_and_site_templates_beyond_the_documents_are_refused(legal, body):
    with pytest.raises(ContractError):
        template_create_version(kind="act", title="x", body=body, actor=legal)


def test_the_default_templates_still_render(legal):
    for template in DocumentTemplate.objects.filter(is_active=True):
        template_create_version(
            kind=template.kind, title=template.title, body=template.body, actor=legal
        )


# --- Through the pages, as legal meets them ----------------------------------------------------


def test_preview_on_the_template_page_leaks_no_server_file(client, legal, secret_file):
    client.force_login(legal)
    body = body_with(
        f'<link rel="attachment" href="{secret_file.as_uri()}">'
        '<link rel="attachment" href="file:///proc/self/environ">'
        f'<img src="{secret_file.as_uri()}">'
    )
    response = client.post(
        reverse("contracts:template_create"),
        {"kind": "act", "title": "Акт", "body": body, "preview": "1"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not pdf_contains(response.content, MARKER)
    assert not pdf_contains(response.content, b"SECRET_KEY")


def test_a_saved_template_preview_requests_no_internal_url(client, legal, http_server):
    base, hits = http_server
    client.force_login(legal)
    body = body_with(f'<link rel="attachment" href="{base}/x"><img src="{base}/i.png">')
    response = client.post(
        reverse("contracts:template_create"), {"kind": "act", "title": "Акт v9", "body": body}
    )
    assert response.status_code == 302
    saved = template_current(kind="act")
    assert saved.title == "Акт v9"
    preview = client.get(reverse("contracts:template_preview", args=[saved.pk]))
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    assert hits == []


def test_the_debug_tag_on_the_page_is_refused_with_a_message_and_prints_nothing(client, legal):
    client.force_login(legal)
    body = body_with("{% debug %}")
    for action in ({"preview": "1"}, {}):
        response = client.post(
            reverse("contracts:template_create"),
            {"kind": "act", "title": "Акт", "body": body, **action},
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        content = response.content.decode()
        assert "The template has an error" in content
        assert "sys.modules" not in content and "SECRET_KEY" not in content
        assert body in content.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
    assert not DocumentTemplate.objects.filter(title="Акт", body=body).exists()


def test_a_stored_debug_template_preview_prints_no_context(client, legal):
    """A body stored before this control (bypassing the check) still cannot run `debug`."""
    template = DocumentTemplate.objects.create(
        kind="act", version=99, title="old", body=body_with("{% debug %}")
    )
    client.force_login(legal)
    response = client.get(reverse("contracts:template_preview", args=[template.pk]))
    assert response.status_code == 302
    assert not pdf_contains(response.content, b"sys.modules")
