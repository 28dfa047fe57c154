"""Seed data: default Russian templates of every kind (v1), numbering patterns, the contract
approval route (legal -> medical -> finance from 500 000 -> signatory) and the daily beat jobs."""

from decimal import Decimal
from pathlib import Path

from django.db import migrations

TEMPLATES = Path(__file__).resolve().parent.parent / "default_templates"
TITLES = {
    "contract": "Рамочный договор возмездного оказания услуг",
    "order": "Заявка на оказание услуг",
    "act": "Акт об оказанных услугах",
    "invoice": "Счёт на оплату",
    "esign_agreement": "Соглашение об использовании простой электронной подписи",
    "consent": "Согласие на обработку персональных данных",
}
PATTERNS = {
    "contract": "К-{year}-{seq:05d}",
    "order": "З-{year}-{seq:05d}",
    "act": "А-{year}-{seq:05d}",
}
STEPS = [
    (1, "Юридическая экспертиза", "legal", None, 2),
    (2, "Медицинская экспертиза", "approver", None, 2),
    (3, "Финансовое согласование", "finance", Decimal("500000.00"), 2),
    (4, "Уполномоченный подписант", "admin", None, 1),
]
TASKS = [
    ("contracts: reminders about unsigned documents and expiring contracts",
     "contracts.tasks.contracts_send_reminders", 9),
    ("contracts: expire contracts past their end date", "contracts.tasks.contracts_expire_ended", 1),
]


def seed(apps, schema_editor):
    DocumentTemplate = apps.get_model("contracts", "DocumentTemplate")
    NumberSequence = apps.get_model("contracts", "NumberSequence")
    for kind, title in TITLES.items():
        if not DocumentTemplate.objects.filter(kind=kind).exists():
            body = (TEMPLATES / f"{kind}.html").read_text(encoding="utf-8")
            DocumentTemplate.objects.create(kind=kind, version=1, title=title, body=body)
    for kind, pattern in PATTERNS.items():
        NumberSequence.objects.get_or_create(kind=kind, year=0, defaults={"pattern": pattern})

    ContentType = apps.get_model("contenttypes", "ContentType")
    ApprovalRoute = apps.get_model("core", "ApprovalRoute")
    ApprovalStep = apps.get_model("core", "ApprovalStep")
    ct, _ = ContentType.objects.get_or_create(app_label="contracts", model="contract")
    route, created = ApprovalRoute.objects.get_or_create(
        code="contract", defaults={"name": "Согласование договора с экспертом", "target_type": ct}
    )
    if created:
        for order, name, role, min_amount, sla in STEPS:
            ApprovalStep.objects.create(
                route=route, order=order, name=name, role=role, min_amount=min_amount, sla_days=sla
            )

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour in TASKS:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute="0", hour=str(hour), day_of_week="*", day_of_month="*", month_of_year="*",
            timezone="Europe/Moscow",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": schedule, "queue": "default"}
        )


def unseed(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__startswith="contracts.tasks.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0003_documents_signing_cabinet"),
        ("core", "0003_audit_log_append_only"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
