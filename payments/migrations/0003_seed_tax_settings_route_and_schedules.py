"""Seed the tax settings, annual caps, the payout approval route and the reminder schedules."""

import json
from datetime import date
from decimal import Decimal

from django.db import migrations

NDFL_BASIS = "НК РФ ст. 224 п. 1 (ред. ФЗ от 12.07.2024 № 176-ФЗ)"
RESIDENT_2025 = [
    ("0", "0.13"),
    ("2400000", "0.15"),
    ("5000000", "0.18"),
    ("20000000", "0.20"),
    ("50000000", "0.22"),
]
CONTRIBUTIONS = {
    2025: ("2759000", "Постановление Правительства РФ от 27.11.2024 № 1882"),
    2026: ("2979000", "Постановление Правительства РФ о предельной базе на 2026 год"),
}
ANNUAL_CAPS = {
    "international": "6000000",
    "national": "3000000",
    "regional": "1500000",
    "local": "800000",
}
SCHEDULES = [
    ("payments: daily digest of payouts due", "payments.tasks.payout_send_daily_digest", "0", "8"),
    ("payments: escalate overdue payouts", "payments.tasks.payout_escalate_overdue", "30", "8"),
    ("payments: self-employed receipts due", "payments.tasks.payout_remind_receipts", "0", "9"),
]


def seed(apps, schema_editor):
    TaxRate = apps.get_model("payments", "TaxRate")
    ContributionSetting = apps.get_model("payments", "ContributionSetting")
    AnnualCap = apps.get_model("payments", "AnnualCap")
    PayoutSettings = apps.get_model("payments", "PayoutSettings")
    start = date(2025, 1, 1)
    for bound, rate in RESIDENT_2025:
        TaxRate.objects.get_or_create(
            scale="resident",
            valid_from=start,
            lower_bound=Decimal(bound),
            defaults={"rate": Decimal(rate), "legal_basis": NDFL_BASIS},
        )
    TaxRate.objects.get_or_create(
        scale="non_resident",
        valid_from=start,
        lower_bound=Decimal("0"),
        defaults={"rate": Decimal("0.30"), "legal_basis": "НК РФ ст. 224 п. 3"},
    )
    for year, (base, basis) in CONTRIBUTIONS.items():
        ContributionSetting.objects.get_or_create(
            year=year,
            defaults={
                "base_limit": Decimal(base),
                "rate_within": Decimal("0.30"),
                "rate_above": Decimal("0.151"),
                "legal_basis": f"НК РФ ст. 425 п. 3, ст. 421 п. 6; {basis}",
            },
        )
    for tier, amount in ANNUAL_CAPS.items():
        AnnualCap.objects.get_or_create(
            tier=tier, valid_from=start, defaults={"amount": Decimal(amount)}
        )
    PayoutSettings.objects.get_or_create(
        valid_from=start,
        defaults={
            "npd_annual_limit": Decimal("2400000"),
            "npd_receipt_day": 9,
            "npd_status_valid_days": 3,
            "escalation_days": 3,
            "payer_name": "АО «Фарма»",
            "payer_inn": "7700000000",
            "payer_kpp": "770001001",
            "payer_account": "40702810000000000001",
            "payer_bik": "044525225",
            "payer_bank": "ПАО Сбербанк",
        },
    )


def seed_route(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ApprovalRoute = apps.get_model("core", "ApprovalRoute")
    ApprovalStep = apps.get_model("core", "ApprovalStep")
    ct, _ = ContentType.objects.get_or_create(app_label="payments", model="payout")
    route, created = ApprovalRoute.objects.get_or_create(
        code="payout",
        defaults={"name": "Выплата эксперту: согласование финансами", "target_type": ct},
    )
    if created:
        ApprovalStep.objects.create(
            route=route, order=1, name="Бухгалтерия / финансы", role="finance", sla_days=2
        )


def seed_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Moscow",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "kwargs": json.dumps({})}
        )


def unseed_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_payout_checks_registries_settings"),
        ("core", "0003_audit_log_append_only"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(seed_route, migrations.RunPython.noop),
        migrations.RunPython(seed_schedules, unseed_schedules),
    ]
