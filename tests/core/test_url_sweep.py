"""The URL permission sweep: every URL that takes an id or a token, requested as every persona.

The declarations (who is let in, and how to build the URL) are in tests/url_access.py, whose
docstring says how to declare a new view in one line. A pattern with a path converter and no
declaration fails `test_every_pattern_with_an_id_or_token_is_declared`, so a new view cannot
ship without saying who may open it.

The world (personas and objects of KOL A) is built once for the module inside a transaction
that is rolled back at the end; each request runs in its own savepoint, so an allowed POST
cannot disturb the next one.
"""

import logging
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.views.decorators.http import require_POST

from kolplatform.core.models import Region
from tests.url_access import ACCESS, ADMIN_SAMPLE, FORGED, PERSONAS, build_world

# Rows that any request may write (sign-in records, sessions).
IGNORED_TABLES = {"django_session", "axes_accesslog", "axes_accessattempt"}


def _walk(patterns, prefix="", namespace=None, converters=None):
    for pattern in patterns:
        found = {**(converters or {}), **pattern.pattern.converters}
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern.url_patterns, route, ns, found)
        elif isinstance(pattern, URLPattern) and found:
            name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else None
            yield route, name


def patterns_with_converters() -> list[tuple[str, str | None]]:
    """(route, URL name) of every pattern taking an id or token; admin/ stands as one entry."""
    found, admin = [], False
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            admin = True
        else:
            found.append((route, name))
    if admin:
        found.append(("admin/…", ADMIN_SAMPLE))
    return found


def undeclared(patterns) -> list[str]:
    return [f"{name or '(unnamed)'} ({route})" for route, name in patterns if name not in ACCESS]


def test_every_pattern_with_an_id_or_token_is_declared():
    patterns = patterns_with_converters()
    missing = undeclared(patterns)
    assert not missing, "No access declaration in tests/url_access.py for: " + ", ".join(missing)
    stale = set(ACCESS) - {name for _, name in patterns}
    assert not stale, f"Declared but not in the URL conf: {sorted(stale)}"
    print(f"\nURL sweep: {len(patterns)} patterns covered, {len(PERSONAS)} personas each")


def _new_view(request, pk):  # pragma: no cover - only resolved, never called
    raise AssertionError


@require_POST
def _writes_then_refuses(request):
    Region.objects.create(code="ZZ", name="Written by a refused request")
    raise PermissionDenied


urlpatterns = [
    path("", include("kolplatform.urls")),
    path("widgets/<int:pk>/", _new_view),
    path("refuses/", _writes_then_refuses),
]


@pytest.mark.urls(__name__)
def test_a_new_view_without_a_declaration_is_named():
    assert undeclared(patterns_with_converters()) == ["(unnamed) (widgets/<int:pk>/)"]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_refused_post_that_wrote_is_reported(client):
    answer = request_as(client, "/refuses/", SimpleNamespace(), "deny")
    assert answer == "POST /refuses/: deny, but the database changed"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("sweep-media")
    old_media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    request_log = logging.getLogger("django.request")
    log_level = request_log.level
    request_log.setLevel(logging.CRITICAL)  # the refusals are the point here
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            built.media = media
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            settings.MEDIA_ROOT = old_media
            request_log.setLevel(log_level)


@pytest.fixture(autouse=True)
def _media_root(settings, request):
    """The world's files live in one folder for the module (overrides the per-test folder)."""
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world").media


def _state(w) -> tuple:
    """Row counts of every table (one query), and the rows of the world's own objects."""
    tables = sorted(
        {m._meta.db_table for m in apps.get_models() if not m._meta.proxy} - IGNORED_TABLES
    )
    qn = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # nosec B608 - table names from the models
        row = cursor.fetchone()
    objects = [v for v in vars(w).values() if isinstance(v, models.Model)]
    rows = [list(type(o)._default_manager.filter(pk=o.pk).values()) for o in objects]
    return dict(zip(tables, row, strict=True)), rows


def outcome(response, method: str) -> str:
    code = response.status_code
    if code in (403, 404, 410):
        return "deny"
    if 300 <= code < 400:
        to = urlparse(response.headers.get("Location", "")).path
        return (
            "deny" if to in (resolve_url(settings.LOGIN_URL), reverse("admin:login")) else "allow"
        )
    if 200 <= code < 300 or (code == 400 and method == "POST"):
        return "allow"
    return f"unexpected {code}"


def request_as(client: Client, url: str, world, expected: str) -> str:
    """GET the URL (an empty POST when the view takes only POST); a refused POST must not
    change the database."""
    response = client.get(url)
    if response.status_code != 405:
        return f"GET {url}: {outcome(response, 'GET')}"
    before = _state(world) if expected == "deny" else None
    got = outcome(client.post(url, {}), "POST")
    if got == "deny" and before is not None and _state(world) != before:
        got = "deny, but the database changed"
    return f"POST {url}: {got}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_url_answers_each_persona_as_declared(world, name, persona, settings):
    settings.RATELIMIT_ENABLE = False  # counters outlive the test; rate limits are tested apart
    declaration = ACCESS[name]
    url = reverse(name, kwargs=declaration.kwargs(world))
    client = Client(raise_request_exception=False)
    if world.users[persona] is not None:
        client.force_login(world.users[persona])
    expected = "allow" if persona in declaration.allow else "deny"
    answer = request_as(client, url, world, expected)
    assert answer.endswith(f": {expected}"), f"{persona} {answer}, declared {expected}"


def test_every_token_url_has_a_forged_token_probe():
    with_token = {
        name
        for route, name in patterns_with_converters()
        if "<token>" in route or ":token>" in route
    }
    assert with_token == set(FORGED), "Add the token URLs to FORGED in tests/url_access.py"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "marketing_manager", "kol"])
@pytest.mark.parametrize("name", sorted(n for n, kwargs in FORGED.items() if kwargs))
def test_a_made_up_token_is_refused(world, name, persona, settings):
    settings.RATELIMIT_ENABLE = False
    client = Client(raise_request_exception=False)
    if world.users[persona] is not None:
        client.force_login(world.users[persona])
    answer = request_as(client, reverse(name, kwargs=FORGED[name]), world, "deny")
    assert answer.endswith(": deny"), f"{persona} {answer}"
