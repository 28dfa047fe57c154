"""Notification list, bell and read marks: own rows only, unread first, htmx, query counts."""

import pytest
from django.urls import reverse

from kolplatform.core.models import Notification
from tests.factories.core import NotificationFactory
from tests.url_access import SIGNED_IN_PERSONAS

pytestmark = pytest.mark.django_db
LIST = reverse("core:notifications")
BELL = reverse("core:notifications_bell")


@pytest.mark.parametrize("persona", SIGNED_IN_PERSONAS)
def test_everyone_signed_in_sees_only_their_own(client, personas, persona):
    user = personas[persona]
    mine = NotificationFactory(recipient=user, title="Моё")
    NotificationFactory(
        recipient=personas["kol" if persona != "kol" else "other_kol"], title="Чужое"
    )
    client.force_login(user)
    page = client.get(LIST).content.decode()
    assert mine.title in page and "Чужое" not in page


@pytest.mark.parametrize("url", [LIST, BELL, reverse("core:notification_read_all")])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url) if url != reverse("core:notification_read_all") else client.post(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unread_come_first_then_newest(client, kol):
    old_unread = NotificationFactory(recipient=kol, title="Старое непрочитанное")
    read = NotificationFactory(recipient=kol, title="Прочитанное")
    new_unread = NotificationFactory(recipient=kol, title="Новое непрочитанное")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client.force_login(kol)
    page = client.get(LIST).content.decode()
    positions = [page.index(n.title) for n in (new_unread, old_unread, read)]
    assert positions == sorted(positions)


def test_empty_state(client, kol):
    client.force_login(kol)
    assert 'data-testid="empty-state"' in client.get(LIST).content.decode()


def test_bell_shows_the_unread_count_and_polls(client, approver):
    NotificationFactory.create_batch(3, recipient=approver)
    client.force_login(approver)
    body = client.get(BELL).content.decode()
    assert 'data-testid="unread-count">3' in body
    assert "every 60s" in body and "notifications-changed from:body" in body


def test_bell_caps_large_counts(client, approver):
    NotificationFactory.create_batch(101, recipient=approver)
    client.force_login(approver)
    assert "99+" in client.get(BELL).content.decode()


def test_mark_one_read_via_htmx(client, approver):
    n = NotificationFactory(recipient=approver)
    client.force_login(approver)
    response = client.post(
        reverse("core:notification_read", args=[n.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    assert 'data-unread="0"' in response.content.decode()
    n.refresh_from_db()
    assert n.read_at is not None


def test_marking_again_keeps_the_first_read_time(client, approver):
    n = NotificationFactory(recipient=approver)
    client.force_login(approver)
    client.post(reverse("core:notification_read", args=[n.pk]))
    n.refresh_from_db()
    first = n.read_at
    client.post(reverse("core:notification_read", args=[n.pk]))
    n.refresh_from_db()
    assert n.read_at == first


def test_cannot_mark_or_open_another_users_notification(client, kol, other_kol):
    theirs = NotificationFactory(recipient=other_kol)
    client.force_login(kol)
    assert client.post(reverse("core:notification_read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("core:notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_mine(client, kol, other_kol):
    NotificationFactory.create_batch(2, recipient=kol)
    theirs = NotificationFactory(recipient=other_kol)
    client.force_login(kol)
    response = client.post(reverse("core:notification_read_all"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Trigger"] == "notifications-changed"
    assert not Notification.objects.filter(recipient=kol, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_is_post_only(client, kol):
    n = NotificationFactory(recipient=kol)
    client.force_login(kol)
    assert client.get(reverse("core:notification_read", args=[n.pk])).status_code == 405


def test_open_marks_read_and_follows_a_local_link(client, kol):
    n = NotificationFactory(recipient=kol, url="/core/notifications/?from=mail")
    client.force_login(kol)
    response = client.get(reverse("core:notification_open", args=[n.pk]))
    assert response["Location"] == "/core/notifications/?from=mail"
    n.refresh_from_db()
    assert n.read_at is not None


def test_open_refuses_a_foreign_link(client, kol):
    n = NotificationFactory(recipient=kol, url="https://evil.example/")
    client.force_login(kol)
    response = client.get(reverse("core:notification_open", args=[n.pk]))
    assert response["Location"] == LIST


def test_list_is_paginated(client, kol):
    NotificationFactory.create_batch(25, recipient=kol)
    client.force_login(kol)
    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()
    assert first.count('data-testid="notification"') == 20
    assert second.count('data-testid="notification"') == 5


@pytest.mark.parametrize("rows", [3, 20])
def test_list_query_count_is_constant(client, kol, rows, django_assert_num_queries):
    NotificationFactory.create_batch(rows, recipient=kol)
    client.force_login(kol)
    # session, user, role groups (navigation), pager count, unread count, the page
    with django_assert_num_queries(7):
        client.get(LIST)
