"""Views: a permission matrix per page (allowed role, wrong role, KOL, another KOL, anonymous),
query counts of the lists, and the actions through HTTP."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from experts.models import TaxStatus
from payments import formats, services
from payments.models import Payout
from tests.factories.contracts import force_status
from tests.factories.payments import npd_confirmed, signed_act

pytestmark = pytest.mark.django_db
S = Payout.Status


@pytest.fixture
def payout(finance, kol):
    return services.payout_create_from_act(act=signed_act(expert=kol.expert), actor=finance)


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


STAFF_PAGES = ["payments:list", "payments:registry_list"]


@pytest.mark.parametrize(
    ("persona", "list_code", "registry_code"),
    [
        ("finance", 200, 200),
        ("admin", 200, 200),
        ("marketing_manager", 200, 403),
        ("field_staff", 403, 403),
        ("compliance", 403, 403),
        ("kol", 403, 403),
        ("other_kol", 403, 403),
    ],
)
def test_staff_list_pages_by_role(client, personas, persona, list_code, registry_code):
    user = personas[persona]
    assert _get(client, user, reverse("payments:list")).status_code == list_code
    assert _get(client, user, reverse("payments:registry_list")).status_code == registry_code


def test_anonymous_is_sent_to_login(client):
    for name in [*STAFF_PAGES, "payments:cabinet_payouts", "payments:transparency"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("finance", 200),
        ("admin", 200),
        ("marketing_manager", 403),  # not the owner of this contract
        ("field_staff", 403),
        ("kol", 403),  # the KOL uses the cabinet page
        ("other_kol", 403),
    ],
)
def test_payout_detail_by_role(client, personas, payout, persona, code):
    response = _get(client, personas[persona], reverse("payments:detail", args=[payout.pk]))
    assert response.status_code == code


def test_manager_sees_payouts_of_own_contracts_only(client, marketing_manager, finance):
    own = services.payout_create_from_act(act=signed_act(), actor=finance)
    own.contract.owner = marketing_manager
    own.contract.save(update_fields=["owner"])
    other = services.payout_create_from_act(act=signed_act(), actor=finance)
    client.force_login(marketing_manager)
    page = client.get(reverse("payments:list")).content.decode()
    table = page[page.index('data-testid="payout-table"') :]
    assert f'href="/payments/{own.pk}/"' in table and f'href="/payments/{other.pk}/"' not in table
    assert client.get(reverse("payments:detail", args=[own.pk])).status_code == 200
    assert client.post(reverse("payments:approve", args=[own.pk])).status_code == 403


def test_detail_shows_breakdown_and_checks(client, finance, payout):
    client.force_login(finance)
    page = client.get(reverse("payments:detail", args=[payout.pk])).content.decode()
    assert 'data-testid="breakdown"' in page and 'data-testid="checks"' in page
    assert "13\u00a0%" in page and "17,400.00" in page


def test_amounts_follow_the_language_of_the_page(client, finance, payout):
    """English figures on the English page (the test default), Russian after the switch."""
    client.force_login(finance)
    page = client.get(reverse("payments:detail", args=[payout.pk])).content.decode()
    assert "17,400.00" in page and "17\u00a0400,00" not in page
    assert "17,400.00" in client.get(reverse("payments:list")).content.decode()
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    page = client.get(reverse("payments:detail", args=[payout.pk])).content.decode()
    assert "17\u00a0400,00" in page and "17,400.00" not in page
    assert "17\u00a0400,00" in client.get(reverse("payments:list")).content.decode()


@pytest.mark.parametrize(
    ("persona", "code"),
    [("kol", 200), ("other_kol", 403), ("finance", 403), ("marketing_manager", 403)],
)
def test_cabinet_detail_own_payout_only(client, personas, payout, persona, code):
    response = _get(client, personas[persona], reverse("payments:cabinet_detail", args=[payout.pk]))
    assert response.status_code == code


def test_cabinet_list_shows_own_payouts_only(client, kol, other_kol, payout, finance):
    theirs = services.payout_create_from_act(act=signed_act(expert=other_kol.expert), actor=finance)
    client.force_login(kol)
    page = client.get(reverse("payments:cabinet_payouts")).content.decode()
    assert payout.act.number in page and theirs.act.number not in page
    status = client.get(reverse("payments:cabinet_status", args=[payout.pk]))
    assert status.status_code == 200 and b"hx-trigger" in status.content
    assert client.get(reverse("payments:cabinet_status", args=[theirs.pk])).status_code == 403


def test_cabinet_empty_state(client, kol):
    client.force_login(kol)
    assert b'data-testid="empty"' in client.get(reverse("payments:cabinet_payouts")).content


def test_list_query_count_is_constant(client, finance, django_assert_max_num_queries):
    for _ in range(3):
        services.payout_create_from_act(act=signed_act(), actor=finance)
    client.force_login(finance)
    client.get(reverse("payments:list"))  # warm the session and content types
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("payments:list"))
    for _ in range(12):
        services.payout_create_from_act(act=signed_act(), actor=finance)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("payments:list"))


def test_cabinet_query_count_is_constant(client, finance, kol, django_assert_max_num_queries):
    services.payout_create_from_act(act=signed_act(expert=kol.expert), actor=finance)
    client.force_login(kol)
    client.get(reverse("payments:cabinet_payouts"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("payments:cabinet_payouts"))
    contract = kol.expert.contracts.get()
    for _ in range(8):
        services.payout_create_from_act(act=signed_act(contract=contract), actor=finance)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("payments:cabinet_payouts"))


def test_approve_export_import_through_http(client, finance, payout, kol):
    client.force_login(finance)
    client.post(reverse("payments:approve", args=[payout.pk]), {"comment": "ok"})
    payout.refresh_from_db()
    assert payout.status == S.APPROVED
    response = client.post(reverse("payments:registry_export"), {"payout": [payout.pk]})
    payout.refresh_from_db()
    assert payout.status == S.IN_REGISTRY
    assert response["Location"] == reverse("payments:registry_detail", args=[payout.registry_id])
    xml = client.get(reverse("payments:registry_file", args=[payout.registry_id, "xml"]))
    assert b"<PaymentRegistry" in b"".join(xml.streaming_content)
    data = formats.confirmation_csv(
        [
            {
                "registry_number": payout.registry.number,
                "line_no": 1,
                "payout_id": payout.pk,
                "amount": str(payout.net),
                "status": "paid",
                "payment_order_number": "123",
                "paid_on": "2026-03-25",
                "reason": "",
            }
        ]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("payments:confirmation_import"),
        {"file": SimpleUploadedFile("bank.csv", data, content_type="text/csv")},
    )
    payout.refresh_from_db()
    assert payout.status == S.PAID
    client.force_login(kol)
    page = client.get(reverse("payments:cabinet_payouts")).content.decode()
    assert "Выплачено" in page or "Paid" in page


def test_second_approval_via_http_shows_an_error(client, finance, payout, make_user):
    client.force_login(finance)
    client.post(reverse("payments:approve", args=[payout.pk]))
    client.force_login(make_user("finance", username="finance2"))
    response = client.post(reverse("payments:approve", args=[payout.pk]), follow=True)
    assert "alert-danger" in response.content.decode()


def test_support_thread_notifies_the_other_side(client, finance, kol, payout):
    client.force_login(kol)
    client.post(reverse("payments:cabinet_message", args=[payout.pk]), {"text": "When?"})
    assert finance.notifications.filter(title__contains=f"#{payout.pk}").exists()
    client.force_login(finance)
    client.post(reverse("payments:message", args=[payout.pk]), {"text": "Tomorrow"})
    assert kol.notifications.filter(body="Tomorrow").exists()
    assert payout.messages.count() == 2


def test_other_kol_cannot_post_to_a_thread(client, other_kol, payout):
    client.force_login(other_kol)
    response = client.post(reverse("payments:cabinet_message", args=[payout.pk]), {"text": "x"})
    assert response.status_code == 403 and not payout.messages.exists()


def test_receipt_upload_in_the_cabinet(client, finance, kol):
    from django.core.files.uploadedfile import SimpleUploadedFile

    expert = kol.expert
    expert.tax_status = TaxStatus.SELF_EMPLOYED
    expert.save(update_fields=["tax_status"])
    npd_confirmed(expert)
    payout = services.payout_create_from_act(act=signed_act(expert=expert), actor=finance)
    force_status(payout, S.PAID)
    client.force_login(kol)
    client.post(
        reverse("payments:cabinet_receipt", args=[payout.pk]),
        {"file": SimpleUploadedFile("chek.pdf", b"%PDF-1.4", content_type="application/pdf")},
    )
    payout.refresh_from_db()
    assert payout.receipt.kind == "receipt"
    doc = client.get(reverse("payments:document", args=[payout.pk, payout.receipt_id]))
    assert doc.status_code == 200


def test_document_of_another_payout_is_not_served(client, finance, kol, other_kol):
    mine = services.payout_create_from_act(act=signed_act(expert=kol.expert), actor=finance)
    theirs = services.payout_create_from_act(act=signed_act(expert=other_kol.expert), actor=finance)
    services.payout_cancel(payout=theirs, actor=finance, comment="x")
    client.force_login(kol)
    assert client.get(reverse("payments:document", args=[theirs.pk, 1])).status_code == 403
    assert client.get(reverse("payments:document", args=[mine.pk, 99999])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "code"),
    [("compliance", 200), ("finance", 200), ("marketing_manager", 403), ("kol", 403)],
)
def test_transparency_report_by_role(client, personas, persona, code):
    response = _get(client, personas[persona], reverse("payments:transparency") + "?year=2026")
    assert response.status_code == code


def test_filters_narrow_the_list(client, finance):
    blocked = services.payout_create_from_act(
        act=signed_act(amount=D("2000000"), cap_amount=D("1000000")), actor=finance
    )
    ready = services.payout_create_from_act(act=signed_act(), actor=finance)
    client.force_login(finance)
    page = client.get(reverse("payments:list"), {"status": "blocked"}).content.decode()
    table = page[page.index('data-testid="payout-table"') :]
    assert (
        f'href="/payments/{blocked.pk}/"' in table and f'href="/payments/{ready.pk}/"' not in table
    )
    htmx = client.get(reverse("payments:list"), {"status": "ready"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in htmx.content and f"/payments/{ready.pk}/".encode() in htmx.content


@pytest.mark.parametrize(
    ("persona", "url_name", "back"),
    [
        ("kol", "payments:cabinet_message", "payments:cabinet_detail"),
        ("finance", "payments:message", "payments:detail"),
    ],
)
def test_empty_message_is_refused_with_a_reason(client, personas, payout, persona, url_name, back):
    client.force_login(personas[persona])
    response = client.post(reverse(url_name, args=[payout.pk]), {"text": "  "})
    assert response["Location"] == reverse(back, args=[payout.pk]) + "#support"
    assert not payout.messages.exists()
    page = client.get(response["Location"]).content.decode()
    assert "alert-danger" in page


@pytest.mark.parametrize(
    ("persona", "url_name", "back"),
    [
        ("kol", "payments:cabinet_receipt", "payments:cabinet_detail"),
        ("finance", "payments:invoice", "payments:detail"),
    ],
)
def test_upload_without_a_file_is_refused_and_stores_nothing(
    client, personas, payout, persona, url_name, back
):
    client.force_login(personas[persona])
    response = client.post(reverse(url_name, args=[payout.pk]), {})
    assert response["Location"] == reverse(back, args=[payout.pk])
    payout.refresh_from_db()
    assert payout.receipt_id is None and payout.invoice_id is None
    assert "alert-danger" in client.get(response["Location"]).content.decode()


def test_entrepreneurs_invoice_uploaded_by_the_accountant(client, finance):
    from django.core.files.uploadedfile import SimpleUploadedFile

    act = signed_act(tax_status=TaxStatus.ENTREPRENEUR)
    payout = services.payout_create_from_act(act=act, actor=finance)
    client.force_login(finance)
    response = client.post(
        reverse("payments:invoice", args=[payout.pk]),
        {"file": SimpleUploadedFile("inv.pdf", b"%PDF-1.4", content_type="application/pdf")},
        follow=True,
    )
    payout.refresh_from_db()
    assert payout.invoice.original_name == "inv.pdf" and payout.status == S.READY
    assert "alert-success" in response.content.decode()
