"""`next` parameters send the user to pages of this site only (no open redirect)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kolplatform.core.redirects import safe_next_url

pytestmark = pytest.mark.django_db
OFF_SITE = [
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "javascript:alert(1)",
    "https://testserver.evil.example/",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_cabinet_welcome_page_does_not_redirect_off_site(client, kol, target):
    client.force_login(kol)
    url = reverse("contracts:cabinet_onboarding") + "?" + f"next={target}"
    response = client.post(url, {"accept_esign": "on", "accept_consent": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:cabinet_home")


def test_cabinet_welcome_page_follows_a_local_next(client, kol):
    client.force_login(kol)
    back = reverse("contracts:cabinet_documents")
    url = reverse("contracts:cabinet_onboarding") + f"?next={back}"
    response = client.post(url, {"accept_esign": "on", "accept_consent": "on"})
    assert response["Location"] == back


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_does_not_redirect_off_site(client, kol, target):
    kol.set_password("pass-1234-word")
    kol.save()
    response = client.post(
        reverse("login") + f"?next={target}",
        {"username": kol.username, "password": "pass-1234-word", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith("//")


@pytest.mark.parametrize(
    ("candidate", "secure", "expected"),
    [
        ("/experts/", False, "/experts/"),
        ("http://testserver/experts/", False, "http://testserver/experts/"),
        ("http://testserver/experts/", True, "/"),  # no downgrade from HTTPS
        ("https://evil.example/", False, "/"),
        ("", False, "/"),
        (None, False, "/"),
    ],
)
def test_safe_next_url(candidate, secure, expected):
    request = RequestFactory().get("/", secure=secure)
    assert safe_next_url(request, candidate) == expected
