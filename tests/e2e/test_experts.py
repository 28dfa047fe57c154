"""Browser flows of the expert base."""

from datetime import date
from decimal import Decimal

import pytest

from experts.models import Expert, RateCard, ServiceType, Tier
from tests.e2e.conftest import login, shot
from tests.factories.experts import ExpertFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _migrated_data(db):
    """transaction=True flushes rows written by data migrations (role groups, the grading
    scheme and criteria) after each test: put them back before the personas are created."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from kolplatform.core.models import Currency
    from kolplatform.core.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role)
    Currency.objects.get_or_create(code="RUB", defaults={"name": "Российский рубль", "symbol": "₽"})
    migration = importlib.import_module("experts.migrations.0003_default_grading_scheme")
    migration.seed(apps, None)


def test_create_grade_approve_and_see_tier_and_rate(page, field_staff, approver):
    page.set_default_timeout(30_000)
    RateCard.objects.create(
        tier=Tier.INTERNATIONAL,
        service_type=ServiceType.LECTURE,
        fee_per_hour=Decimal("25000"),
        valid_from=date(2025, 1, 1),
    )
    login(page, field_staff)
    page.goto("/experts/")
    page.get_by_test_id("add-expert").click()
    page.fill("#id_last_name", "Ёлкина")
    page.fill("#id_first_name", "Мария")
    page.fill("#id_middle_name", "Сергеевна")
    page.fill("#id_position", "Заведующая отделением кардиологии")
    page.fill("#id_email", "elkina@example.com")
    page.fill("#id_city", "Казань")
    shot(page, "experts-create")
    page.get_by_test_id("save-and-grade").click()
    page.wait_for_url("**/experts/assessments/*/")
    for select in page.locator("[data-testid=assessment-form] select").all():
        options = select.locator("option").all()
        select.select_option(options[-1].get_attribute("value"))  # the top score
    page.locator("[data-testid=assessment-form] input[name^=evidence_]").first.fill(
        "12 публикаций ВАК за 5 лет"
    )
    shot(page, "experts-assessment-draft")
    page.get_by_test_id("submit-assessment").click()
    assert "Submitted" in page.get_by_test_id("assessment-status").inner_text() or (
        "Отправлена" in page.get_by_test_id("assessment-status").inner_text()
    )
    assessment_url = page.url
    page.context.clear_cookies()

    login(page, approver)  # approvers decide gradings (docs/decisions/experts.md)
    page.goto("/core/approvals/")
    inbox = page.get_by_test_id("decisions-assessments")
    assert "Ёлкина" in inbox.inner_text()
    shot(page, "experts-assessment-in-approver-inbox")
    inbox.locator("a").first.click()
    page.wait_for_url(assessment_url)
    shot(page, "experts-assessment-decide")
    page.get_by_test_id("approve").click()
    page.wait_for_url("**/experts/*/")
    expert = Expert.objects.get(last_name="Ёлкина")
    assert expert.tier == Tier.INTERNATIONAL
    tier = page.get_by_test_id("expert-tier").inner_text()
    assert tier in ("International", "Международный")
    assert "25" in page.get_by_test_id("rate-cards").inner_text()
    shot(page, "experts-profile")


def test_import_with_an_error_row_and_download_report(page, marketing_manager, tmp_path):
    page.set_default_timeout(30_000)
    ExpertFactory(crm_id="C-EXIST", last_name="Существующий")
    csv_path = tmp_path / "crm.csv"
    csv_path.write_text(
        "ID;Фамилия;Имя;Отчество;Город;E-mail\n"
        "C-1;Иванов;Иван;Иванович;Москва;ivanov@example.com\n"
        "C-2;Петров;Пётр;;Казань;not-an-email\n"
        "C-EXIST;Существующий;Обновлённый;;Томск;\n",
        encoding="cp1251",
    )
    login(page, marketing_manager)
    page.goto("/experts/imports/")
    page.set_input_files("input[type=file]", str(csv_path))
    page.locator("[data-testid=import-upload] button").click()
    page.wait_for_url("**/experts/imports/*/")
    page.get_by_test_id("dry-run").click()
    counts = page.get_by_test_id("import-counts").inner_text()
    assert "1" in counts
    shot(page, "experts-import-preview")
    page.get_by_test_id("start-import").click()
    page.get_by_test_id("error-report").wait_for()
    shot(page, "experts-import-done")
    with page.expect_download() as download_info:
        page.get_by_test_id("error-report").click()
    report = download_info.value.path().read_bytes().decode("utf-8-sig")
    assert "not-an-email" in report and report.splitlines()[1].startswith("3;")
    assert Expert.objects.filter(crm_id="C-1").exists()
    assert Expert.objects.get(crm_id="C-EXIST").first_name == "Обновлённый"


def test_list_and_cabinet_on_phone(phone_page, field_staff, kol):
    ExpertFactory.create_batch(5)
    login(phone_page, field_staff)
    phone_page.goto("/experts/?tier=national")
    assert phone_page.get_by_test_id("expert-table").is_visible()
    shot(phone_page, "experts-list-phone")
    phone_page.goto(f"/experts/{kol.expert.pk}/")
    shot(phone_page, "experts-profile-phone")
    phone_page.context.clear_cookies()
    login(phone_page, kol)
    phone_page.goto("/experts/cabinet/profile/")
    assert kol.expert.last_name in phone_page.get_by_test_id("cabinet-name").inner_text()
    shot(phone_page, "experts-cabinet-phone")


def test_list_desktop_filters_keep_url(page, field_staff):
    ExpertFactory.create_batch(3, city="Казань")
    ExpertFactory(city="Томск", last_name="Томский")
    login(page, field_staff)
    page.goto("/experts/")
    page.fill("#id_city", "Томск")
    page.locator("#expert-filters button[type=submit]").click()
    page.wait_for_url("**city=*")
    assert "Томский" in page.get_by_test_id("expert-table").inner_text()
    page.reload()
    assert page.input_value("#id_city") == "Томск"
    shot(page, "experts-list")
