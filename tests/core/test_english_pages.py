"""The main pages of every role, in English, show no Russian label.

On the demo data (seed_demo) each demo user opens the pages of their menu and a few object pages
with the interface switched to English. User data stays as typed (names, titles, institutions
are Russian), so the check looks at what can only be interface text:

- the text of labels, table headings, buttons, menu links, summaries and legends must contain no
  Cyrillic;
- no text on the page may be exactly a Russian translation from the catalogue (a label that was
  translated once, at import time, or rendered in the wrong language), unless it is stored
  data (a payout's recorded block reason is a record, kept in the language it was written in).
"""

import re
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from lxml import html

from kolplatform.core.models import User
from kolplatform.core.navigation import nav_for_user
from seed.demo.core import DEMO_USERS

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LABELS = (
    "//th | //label | //button | //summary | //legend | //a[contains(@class, 'nav-link')]"
    " | //*[contains(@class, 'card-header')]"
)
# Interface text that is also demo data, or a proper name (kept as typed).
NOT_LABELS = {"kolplatform"}


def russian_labels() -> set[str]:
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale/ru/LC_MESSAGES/django.po"))
    found = set()
    for entry in catalogue:
        if entry.obsolete or not entry.msgstr or "%" in entry.msgstr or "{" in entry.msgstr:
            continue
        text = " ".join(entry.msgstr.split())
        if len(text) >= 4 and CYRILLIC.search(text) and text != entry.msgid:
            found.add(text)
    return found


def object_pages(user) -> list[str]:
    from contracts.models import Contract
    from events.models import Event
    from experts.models import Expert

    pages = []
    if user.is_staff_member:
        pages.append(reverse("core:approvals_inbox"))
        expert = Expert.objects.filter(is_active=True).order_by("pk").first()
        pages.append(reverse("experts:detail", args=[expert.pk]))
        event = Event.objects.order_by("pk").first()
        pages.append(reverse("events:detail", args=[event.pk]))
        contract = Contract.objects.order_by("pk").first()
        pages.append(reverse("contracts:detail", args=[contract.pk]))
    return pages


def user_data() -> list[str]:
    """What users and the demo typed (names, titles, places), longest first: kept as typed."""
    from events.models import Event, EventType
    from experts.models import Expert, Institution
    from kolplatform.core.models import Product, Region, TherapeuticArea

    texts = {u.get_full_name() for u in User.objects.all()}
    texts |= {f"{u.last_name} {u.first_name}" for u in User.objects.all()}
    for expert in Expert.objects.all():
        texts |= {expert.full_name, str(expert), expert.city, expert.position}
    texts |= set(Event.objects.values_list("title", flat=True))
    texts |= set(Event.objects.values_list("city", flat=True))
    texts |= set(Event.objects.values_list("venue", flat=True))
    for model in (EventType, Institution, Product, Region, TherapeuticArea):
        texts |= {str(obj) for obj in model.objects.all()}
        texts |= set(model.objects.values_list("name", flat=True))
    texts |= recorded_text()
    return sorted((t for t in texts if t and CYRILLIC.search(t)), key=len, reverse=True)


def recorded_text() -> set[str]:
    """Messages stored when something happened (a payout's block reason, a check's details, an
    audit comment): records, shown as they were written, in the language of that moment."""
    from payments.models import Payout, PayoutCheck

    texts = set(Payout.objects.exclude(blocked_reason="").values_list("blocked_reason", flat=True))
    texts |= set(PayoutCheck.objects.exclude(message="").values_list("message", flat=True))
    return {" ".join(t.split()) for t in texts}


def without_data(text: str, data: list[str]) -> str:
    for typed in data:
        if typed in text:
            text = text.replace(typed, " ")
    return text


def problems(page: str, labels: set[str], data: list[str]) -> list[str]:
    tree = html.fromstring(page)
    for junk in tree.xpath("//script | //style | //select | //*[@data-user-data]"):
        junk.drop_tree()
    found = []
    for element in tree.xpath(LABELS):
        text = " ".join(element.text_content().split())
        if CYRILLIC.search(without_data(text, data)) and text not in NOT_LABELS:
            found.append(f"label: {text}")
    for text in tree.xpath("//body//text()"):
        text = " ".join(text.split())
        if text in labels and text not in data:
            found.append(f"Russian label: {text}")
    return found


def test_main_pages_of_every_role_in_english(client):
    call_command("seed_demo", stdout=StringIO())
    labels = russian_labels()
    data = user_data()
    report = {}
    for spec in DEMO_USERS:
        user = User.objects.get(username=spec.username)
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        urls = [item["url"] for item in nav_for_user(user)] + object_pages(user)
        for url in dict.fromkeys(urls):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            found = problems(response.content.decode(), labels, data)
            if found:
                report[f"{spec.username} {url}"] = sorted(set(found))
    assert report == {}


def test_the_check_finds_a_russian_label_and_keeps_user_data():
    page = (
        "<html><body><table><tr><th>Статус</th><th>Иванов Сергей</th></tr></table>"
        "<p>Согласовано</p><p>Москва</p><button>Save</button></body></html>"
    )
    found = problems(page, labels={"Согласовано", "Москва"}, data=["Иванов Сергей", "Москва"])
    assert found == ["label: Статус", "Russian label: Согласовано"]
