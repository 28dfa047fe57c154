"""The evidence pack of an expert's year (experts/evidence.py), downloaded from the profile."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from contracts.models import ContractDocument, DocumentKind
from kolplatform.core.documents import document_store
from tests.events.test_evidence import assert_index_matches
from tests.factories.contracts import ContractDocumentFactory, ContractFactory, small_pdf
from tests.factories.payments import PayoutFactory, signed_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert_year(kol):
    """KOL A's year: a signed contract document, an act, a payout paid this year and one paid
    last year (which belongs to last year's pack)."""
    expert = kol.expert
    contract = ContractFactory(expert=expert)
    document = ContractDocumentFactory(contract=contract)
    copy = document_store(data=small_pdf("signed"), name="signed.pdf", owner=document)
    ContractDocument.objects.filter(pk=document.pk).update(signed_copy=copy, status="signed")
    this_year = timezone.localdate().year
    act = signed_act(contract=contract)
    PayoutFactory(act=act, status="paid", paid_at=date(this_year, 1, 15),
                  payment_order_number="ПП-THIS")  # fmt: skip
    old = signed_act(contract=contract)
    PayoutFactory(act=old, status="paid", paid_at=date(this_year - 1, 12, 30),
                  payment_order_number="ПП-LAST")  # fmt: skip
    return expert, this_year


def url(expert, year):
    return reverse("experts:evidence_pack", args=[expert.pk, year])


def test_year_pack_holds_documents_and_payouts_of_the_year(client, expert_year, compliance):
    expert, year = expert_year
    client.force_login(compliance)
    response = client.get(url(expert, year))
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert f'filename="evidence-expert-{expert.pk}-{year}.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert_index_matches(archive)
    names = set(archive.namelist())
    assert {"expert/card.csv", "contracts/documents.csv", "events/talks.csv",
            "feedback/ratings.csv", "payouts/payouts.csv"} <= names  # fmt: skip
    assert any(n.startswith("contracts/") and n.endswith(f"{DocumentKind.CONTRACT}-"
               f"{ContractDocument.objects.get(expert=expert).number}-v1-signed.pdf")
               for n in names)  # fmt: skip
    payouts = archive.read("payouts/payouts.csv").decode("utf-8-sig")
    orders = [r[12] for r in csv.reader(io.StringIO(payouts), delimiter=";")][1:]
    assert orders == ["ПП-THIS"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("compliance", 200),
        ("admin", 200),
        ("marketing_manager", 403),
        ("field_staff", 403),
        ("finance", 403),
        ("legal", 403),
        ("approver", 403),
        ("kol", 403),  # their own expert: the KOL has the cabinet, not compliance's file
        ("other_kol", 403),
    ],
)
def test_who_may_download_the_year_pack(client, expert_year, personas, name, expected):
    expert, year = expert_year
    client.force_login(personas[name])
    assert client.get(url(expert, year)).status_code == expected


def test_anonymous_is_sent_to_login_and_a_future_year_is_not_found(client, expert_year, compliance):
    expert, year = expert_year
    response = client.get(url(expert, year))
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(compliance)
    assert client.get(url(expert, year + 1)).status_code == 404
    assert client.get(url(expert, 1)).status_code == 404


def test_profile_links_the_year_pack_for_compliance_only(
    client, expert_year, compliance, marketing_manager
):
    expert, year = expert_year
    client.force_login(compliance)
    page = client.get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert f'data-testid="evidence-pack-{year}"' in page
    client.force_login(marketing_manager)
    page = client.get(reverse("experts:detail", args=[expert.pk])).content.decode()
    assert "evidence-pack" not in page
