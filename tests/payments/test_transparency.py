"""Transparency report: every transfer of value per expert and year (fees and costs paid to vendors
on the expert's behalf), cash basis, named disclosure only with consent, one aggregate row with
amount, recipients and share, CSV/XLSX export, roles."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events import logistics
from events.models import Event, VendorRequest
from payments import services
from payments.models import Payout
from payments.transparency import EXPERT_CATEGORIES, Efpia, Nature
from tests.factories.contracts import force_status
from tests.factories.events import EventFactory, ParticipantFactory, VendorFactory
from tests.factories.experts import ConsentFactory, ExpertFactory
from tests.factories.payments import signed_act

pytestmark = pytest.mark.django_db
URL = "/payments/transparency/"
TRAVEL = EXPERT_CATEGORIES.index(Efpia.EVENT_TRAVEL)
FEES = EXPERT_CATEGORIES.index(Efpia.FEES)


def _paid(expert, amount, finance, paid_at=date(2026, 4, 1)):
    payout = services.payout_create_from_act(
        act=signed_act(expert=expert, amount=amount), actor=finance
    )
    force_status(payout, Payout.Status.PAID)
    Payout.objects.filter(pk=payout.pk).update(paid_at=paid_at)
    return payout


def _vendor_cost(event, manager, amount, *, kind="hotel", speaker=None, traveller=None):
    """A request quoted by the vendor and confirmed by the manager while the event ran."""
    req = logistics.vendor_request_create(
        event=event,
        actor=manager,
        vendor=VendorFactory(),
        kind=kind,
        speaker=speaker,
        traveller=traveller,
    )
    logistics.vendor_quote(request=req, amount=amount)
    return logistics.vendor_confirm(request=req, actor=manager)


def _record_payment(client, finance, req, paid_on):
    """Finance records the vendor payment on the event page (also once the event is closed)."""
    client.force_login(finance)
    url = reverse("events:vendor_payment", args=[req.event_id, req.pk])
    response = client.post(url, {"paid_on": paid_on.isoformat()})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.paid_on == paid_on


@pytest.fixture
def closed_event(marketing_manager):
    event = EventFactory(
        owner=marketing_manager,
        starts_at=timezone.make_aware(timezone.datetime(2026, 3, 20, 10)),
    )
    force_status(event, Event.Status.APPROVED)
    return event


@pytest.fixture
def speaker_hotel(client, closed_event, marketing_manager, finance):
    """The speaker of a closed event: a 100,000 fee and a 450,000 hotel paid to the vendor."""
    speaker = ExpertFactory(last_name="Открытова")
    ConsentFactory(expert=speaker, allows_named_disclosure=True)
    _paid(speaker, D("100000"), finance)
    hotel = _vendor_cost(closed_event, marketing_manager, D("450000"), speaker=speaker)
    force_status(closed_event, Event.Status.CLOSED)
    _record_payment(client, finance, hotel, date(2026, 4, 15))
    return speaker


def _row(response, expert):
    row = next(r for r in response.context["page_obj"] if r.expert_id == expert.pk)
    return row.cell_list()


def test_hotel_paid_for_the_speaker_of_a_closed_event_is_reported(
    client, compliance, speaker_hotel
):
    client.force_login(compliance)
    response = client.get(URL, {"year": 2026})
    cells = _row(response, speaker_hotel)
    assert cells[TRAVEL].amount == D("450000.00")
    assert cells[TRAVEL].nature_text == Nature.TRAVEL == "Travel and lodging"
    assert cells[FEES].amount == D("100000.00") and cells[FEES].nature_text == Nature.SPEAKER
    html = response.content.decode()
    assert "Travel and lodging" in html and speaker_hotel.last_name in html


def test_expert_without_named_disclosure_is_in_the_aggregate(
    client, compliance, finance, marketing_manager, closed_event, speaker_hotel
):
    hidden = ExpertFactory(last_name="Непоказываемый")
    ConsentFactory(expert=hidden, allows_named_disclosure=False)
    participant = ParticipantFactory(event=closed_event, expert=hidden, full_name="x")
    force_status(closed_event, Event.Status.APPROVED)
    ticket = _vendor_cost(
        closed_event, marketing_manager, D("30000"), kind="air", traveller=participant
    )
    _record_payment(client, finance, ticket, date(2026, 5, 5))
    client.force_login(compliance)
    response = client.get(URL, {"year": 2026})
    report = response.context["report"]
    assert hidden.pk not in {r.expert_id for r in report.rows}
    assert "Непоказываемый" not in response.content.decode()
    travel = report.aggregate[TRAVEL]
    # two recipients of travel & accommodation, one of them hidden: 50 %
    assert (travel.amount, travel.recipients, travel.share) == (D("30000.00"), 1, D("50.0"))
    fees = report.aggregate[FEES]
    assert (fees.amount, fees.recipients, fees.share) == (D("0.00"), 0, D("0.0"))


def test_cash_basis_a_payment_in_january_counts_in_the_new_year(
    client, compliance, finance, marketing_manager
):
    year = timezone.localdate().year
    event = EventFactory(
        owner=marketing_manager,
        starts_at=timezone.make_aware(timezone.datetime(year - 1, 12, 20, 10)),
    )
    force_status(event, Event.Status.APPROVED)
    expert = ExpertFactory(last_name="Январский")
    ConsentFactory(expert=expert, allows_named_disclosure=True)
    _paid(expert, D("70000"), finance, paid_at=date(year, 1, 1))  # acted and due in December
    hotel = _vendor_cost(event, marketing_manager, D("45000"), speaker=expert)
    force_status(event, Event.Status.CLOSED)
    client.force_login(compliance)
    undated = client.get(URL, {"year": year - 1})
    assert undated.context["report"].undated_count == 1  # confirmed, not paid: in no year
    _record_payment(client, finance, hotel, date(year, 1, 1))
    client.force_login(compliance)
    old = client.get(URL, {"year": year - 1}).context["report"]
    assert expert.pk not in {r.expert_id for r in old.rows} and old.undated_count == 0
    cells = _row(client.get(URL, {"year": year}), expert)
    assert cells[TRAVEL].amount == D("45000.00") and cells[FEES].amount == D("70000.00")


def test_export_has_the_categories_and_the_aggregate(client, compliance, speaker_hotel):
    client.force_login(compliance)
    response = client.get(URL, {"year": 2026, "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    for label in (
        "Fee for service and consultancy: fees, RUB",
        "Contribution to costs of events: travel and accommodation, RUB",
        "Contribution to costs of events: registration fees, RUB",
        "Fee for service and consultancy: related expenses agreed in the contract, RUB",
    ):
        assert label in header
    line = next(r for r in rows if r[0] == speaker_hotel.full_name)
    col = header.index("Contribution to costs of events: travel and accommodation, RUB")
    assert line[col] == "450000.00" and line[col + 1] == "Travel and lodging"
    assert any("number of recipients" in r[0] for r in rows)
    assert rows[-1][0] == "Donations and grants"
    xlsx = client.get(URL, {"year": 2026, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0] == header
    assert D(str(next(v for v in values if v[0] == speaker_hotel.full_name)[col])) == 450000


def test_vendor_cost_under_the_experts_service_order_is_a_contract_expense(
    client, compliance, finance, marketing_manager, closed_event
):
    expert = ExpertFactory()
    ConsentFactory(expert=expert, allows_named_disclosure=True)
    payout = _paid(expert, D("20000"), finance)
    hotel = _vendor_cost(closed_event, marketing_manager, D("9000"), speaker=expert)
    hotel.budget_line.service_order = payout.act.order
    hotel.budget_line.save(update_fields=["service_order"])
    _record_payment(client, finance, hotel, date(2026, 4, 2))
    client.force_login(compliance)
    cells = _row(client.get(URL, {"year": 2026}), expert)
    related = cells[EXPERT_CATEGORIES.index(Efpia.RELATED_EXPENSES)]
    assert related.amount == D("9000.00") and related.nature_text == "Travel and lodging"
    assert cells[TRAVEL].amount == 0


def test_organisations_are_reported_empty_with_the_reason(client, compliance):
    client.force_login(compliance)
    html = client.get(URL, {"year": 2026}).content.decode()
    assert 'data-testid="organisations"' in html and "no record of donations" in html


def test_the_page_reads_a_bounded_number_of_queries(
    client, compliance, finance, django_assert_max_num_queries
):
    for i in range(6):
        expert = ExpertFactory()
        ConsentFactory(expert=expert, allows_named_disclosure=i % 2 == 0)
        _paid(expert, D("1000") * (i + 1), finance)
    client.force_login(compliance)
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"year": 2026})
    assert len(response.context["page_obj"].object_list) == 3


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("compliance", 200),
        ("finance", 200),
        ("admin", 200),
        ("marketing_manager", 403),
        ("field_staff", 403),
        ("legal", 403),
        ("kol", 403),
        ("other_kol", 403),
    ],
)
def test_who_may_read_the_report(client, personas, persona, code):
    client.force_login(personas[persona])
    assert client.get(URL, {"year": 2026}).status_code == code


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL, {"year": 2026})
    assert response.status_code == 302 and "login" in response["Location"]


# --- Recording the vendor payment ------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("finance", True),
        ("admin", True),
        ("marketing_manager", False),
        ("compliance", False),
        ("field_staff", False),
        ("kol", False),
        ("other_kol", False),
    ],
)
def test_who_may_record_a_vendor_payment(
    client, personas, marketing_manager, closed_event, persona, allowed
):
    req = _vendor_cost(closed_event, marketing_manager, D("5000"))
    client.force_login(personas[persona])
    url = reverse("events:vendor_payment", args=[closed_event.pk, req.pk])
    response = client.post(url, {"paid_on": "2026-04-01"})
    req.refresh_from_db()
    assert (req.paid_on == date(2026, 4, 1)) is allowed
    assert response.status_code == (302 if allowed else 403)


def test_anonymous_cannot_record_a_vendor_payment(client, marketing_manager, closed_event):
    req = _vendor_cost(closed_event, marketing_manager, D("5000"))
    url = reverse("events:vendor_payment", args=[closed_event.pk, req.pk])
    response = client.post(url, {"paid_on": "2026-04-01"})
    req.refresh_from_db()
    assert response.status_code == 302 and "login" in response["Location"] and req.paid_on is None


def test_a_payment_needs_a_confirmed_request_and_a_past_date(
    client, finance, marketing_manager, closed_event
):
    quoted = logistics.vendor_request_create(
        event=closed_event, actor=marketing_manager, vendor=VendorFactory(), kind="hotel"
    )
    confirmed = _vendor_cost(closed_event, marketing_manager, D("5000"))
    client.force_login(finance)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    for req, paid_on in ((quoted, "2026-04-01"), (confirmed, tomorrow.isoformat())):
        url = reverse("events:vendor_payment", args=[closed_event.pk, req.pk])
        client.post(url, {"paid_on": paid_on})
        req.refresh_from_db()
        assert req.paid_on is None
    _record_payment(client, finance, confirmed, date(2026, 4, 1))
    client.force_login(marketing_manager)
    cancel = reverse("events:vendor_request_action", args=[closed_event.pk, confirmed.pk, "cancel"])
    client.post(cancel)
    confirmed.refresh_from_db()
    assert confirmed.status == VendorRequest.Status.CONFIRMED  # paid: not cancellable
