"""Permissions per role for every view of the expert base, and query counts of the list."""

import pytest
from django.urls import reverse

from experts.models import Assessment, MasterDataRequest
from kolplatform.core.models import AuditLog
from tests.factories.experts import BankDetailsFactory, ExpertFactory

pytestmark = pytest.mark.django_db
STAFF = ["field_staff", "marketing_manager", "approver", "legal", "compliance", "finance", "admin"]


def status_for(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("experts:list", set(STAFF)),
        ("experts:rate_cards", set(STAFF)),
        ("experts:requests", set(STAFF)),
        ("experts:create", {"field_staff", "marketing_manager", "admin"}),
        ("experts:imports", {"marketing_manager", "admin"}),
        ("experts:cabinet_profile", {"kol", "other_kol"}),
    ],
)
def test_page_permissions_per_role(client, personas, url_name, allowed):
    url = reverse(url_name)
    for name, user in personas.items():
        expected = 200 if name in allowed else 403
        assert status_for(client, user, url) == expected, name
    assert client.get(url).status_code == 302  # anonymous -> login


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("experts:detail", set(STAFF)),
        ("experts:update", {"field_staff", "marketing_manager", "admin"}),
        ("experts:bank_details", {"finance", "marketing_manager", "admin"}),
        ("experts:consent_add", {"field_staff", "marketing_manager", "admin", "compliance"}),
        ("experts:erase", {"compliance", "admin"}),
        ("experts:merge", {"marketing_manager", "admin"}),
        ("experts:export_data", {"compliance", "admin"}),
    ],
)
def test_expert_page_permissions_per_role(client, personas, url_name, allowed):
    expert = personas["kol"].expert
    url = reverse(url_name, args=[expert.pk])
    for name, user in personas.items():
        code = status_for(client, user, url)
        if name in allowed:
            assert code == 200, name
        elif name == "kol" and url_name == "experts:bank_details":
            assert code == 302  # the own KOL is sent to the cabinet page
        elif name == "kol" and url_name == "experts:export_data":
            assert code == 200  # a data subject may take a copy of their own data
        else:
            assert code == 403, name
    assert client.get(url).status_code == 302


def test_kol_sees_only_own_profile_in_cabinet(client, kol, other_kol):
    # Surnames no generator produces: Faker could give both KOLs the same one.
    for user, last_name in [(kol, "Собственный-Кабинетов"), (other_kol, "Посторонний-Чужаков")]:
        user.expert.last_name = last_name
        user.expert.save(update_fields=["last_name"])
    client.force_login(kol)
    page = client.get(reverse("experts:cabinet_profile")).content.decode()
    assert "Собственный-Кабинетов" in page
    assert "Посторонний-Чужаков" not in page
    assert client.get(reverse("experts:detail", args=[other_kol.expert.pk])).status_code == 403
    assert (
        client.get(reverse("experts:bank_details", args=[other_kol.expert.pk])).status_code == 403
    )
    assert client.get(reverse("experts:list")).status_code == 403


def test_viewing_bank_details_is_audit_logged(client, finance):
    expert = BankDetailsFactory().expert
    client.force_login(finance)
    response = client.get(reverse("experts:bank_details", args=[expert.pk]))
    assert "40817810099910004312" in response.content.decode()
    log = AuditLog.objects.get(action=AuditLog.Action.VIEW_SENSITIVE)
    assert log.actor == finance and log.object_id == str(expert.pk)


def test_kol_bank_change_goes_to_review(client, kol, marketing_manager):
    BankDetailsFactory(expert=kol.expert)
    client.force_login(kol)
    assert client.get(reverse("experts:cabinet_bank")).status_code == 200
    assert AuditLog.objects.filter(action=AuditLog.Action.VIEW_SENSITIVE, actor=kol).exists()
    data = {
        "recipient_name": "Иванов Иван",
        "inn": "770123456789",
        "bank_name": "Т-Банк",
        "bik": "044525974",
        "account": "40817810000000000001",
        "corr_account": "30101810145250000974",
    }
    response = client.post(reverse("experts:cabinet_bank"), data)
    assert response.status_code == 302
    request = MasterDataRequest.objects.get(kind=MasterDataRequest.Kind.BANK_DETAILS)
    assert request.expert == kol.expert and request.payload["bik"] == "044525974"
    kol.expert.bank_details.refresh_from_db()
    assert kol.expert.bank_details.bik == "044525225"  # unchanged until approved
    client.force_login(marketing_manager)
    client.post(reverse("experts:request_decide", args=[request.pk, "approve"]))
    kol.expert.bank_details.refresh_from_db()
    assert kol.expert.bank_details.bik == "044525974"
    assert kol.expert.bank_details.verified_by == marketing_manager


def test_list_query_count_is_constant(client, field_staff, django_assert_max_num_queries):
    client.force_login(field_staff)
    url = reverse("experts:list") + "?q=&tier=national&consent=yes&sort=name"
    ExpertFactory.create_batch(3)
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    ExpertFactory.create_batch(40)
    with django_assert_max_num_queries(12) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_list_filters_search_and_export(client, field_staff):
    yo = ExpertFactory(last_name="Ёжиков", first_name="Пётр", city="Казань")
    ExpertFactory(last_name="Другой", city="Москва")
    client.force_login(field_staff)
    page = client.get(reverse("experts:list"), {"q": "ежиков петр"}).content.decode()
    assert "Ёжиков" in page and "Другой" not in page
    page = client.get(reverse("experts:list"), {"city": "казань"}).content.decode()
    assert "Ёжиков" in page and "Другой" not in page
    response = client.get(reverse("experts:export", args=["csv"]), {"q": "ёжиков"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Ёжиков" in body and "Другой" not in body
    response = client.get(reverse("experts:export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT).count() == 2
    assert yo.pk


def test_invalid_filter_value_gives_empty_list_not_error(client, field_staff):
    ExpertFactory()
    client.force_login(field_staff)
    response = client.get(reverse("experts:list"), {"region": "999999"})
    assert response.status_code == 200
    assert "No experts match" in response.content.decode()


def test_grading_flow_over_http(client, field_staff, marketing_manager, approver):
    from experts.models import GradingCriterion

    expert = ExpertFactory(tier="")
    client.force_login(field_staff)
    response = client.get(reverse("experts:assessment_start", args=[expert.pk]))
    assessment = Assessment.objects.get(expert=expert)
    assert response.url == reverse("experts:assessment", args=[assessment.pk])
    data = {f"score_{c.pk}": c.max_score for c in GradingCriterion.objects.all()}
    data["submit"] = "1"
    client.post(reverse("experts:assessment", args=[assessment.pk]), data)
    assessment = Assessment.objects.get(pk=assessment.pk)
    assert assessment.status == Assessment.Status.SUBMITTED
    # the author cannot decide; field staff cannot decide at all
    assert (
        client.post(
            reverse("experts:assessment_decide", args=[assessment.pk, "approve"])
        ).status_code
        == 403
    )
    client.force_login(marketing_manager)  # a data steward, but gradings are for approvers
    assert (
        client.post(
            reverse("experts:assessment_decide", args=[assessment.pk, "approve"])
        ).status_code
        == 403
    )
    client.force_login(approver)
    client.post(reverse("experts:assessment_decide", args=[assessment.pk, "approve"]))
    expert.refresh_from_db()
    assert expert.tier == "international"


def test_field_staff_change_goes_to_request_and_author_cannot_approve(
    client, field_staff, marketing_manager, admin_user
):
    expert = ExpertFactory(position="Врач")
    client.force_login(field_staff)
    form = client.get(reverse("experts:update", args=[expert.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["specialties"] = []
    data["therapeutic_areas"] = []
    data["position"] = "Заведующий отделением"
    response = client.post(reverse("experts:update", args=[expert.pk]), data)
    assert response.status_code == 302
    request = MasterDataRequest.objects.get()
    assert request.payload == {"position": "Заведующий отделением"}
    expert.refresh_from_db()
    assert expert.position == "Врач"
    url = reverse("experts:request_decide", args=[request.pk, "approve"])
    assert client.post(url).status_code == 403  # field staff cannot decide
    client.force_login(marketing_manager)
    client.post(url)
    expert.refresh_from_db()
    assert expert.position == "Заведующий отделением"


def test_steward_cannot_decide_own_request(client, marketing_manager):
    client.force_login(marketing_manager)
    response = client.post(
        reverse("experts:request_new", args=["new_institution"]),
        {"name": "Новая больница", "kind": "public", "city": "Томск"},
    )
    request = MasterDataRequest.objects.get()
    assert response.status_code == 302
    url = reverse("experts:request_decide", args=[request.pk, "approve"])
    assert client.post(url).status_code == 403
    request = MasterDataRequest.objects.get(pk=request.pk)
    assert request.status == MasterDataRequest.Status.PENDING


def test_name_search_label_reads_full_name_in_russian():
    """The expert name search has its own context: core's "Name" is "Название"."""
    from django.utils import translation

    from experts.filters import ExpertFilter

    with translation.override("ru"):
        assert str(ExpertFilter().form.fields["q"].label) == "ФИО"
        assert translation.gettext("Name") == "Название"
