"""Reference data of events: the 11 event types, approval routes, the notice rule, budget rules,
and the daily beat job."""

import datetime
from decimal import Decimal

from django.db import migrations

CHECKLIST = {
    "programme": "Программа",
    "attendance": "Лист регистрации участников",
    "photos": "Фотоотчёт",
    "presentation": "Презентации докладчиков",
    "recording": "Запись трансляции",
    "acts": "Акты оказанных услуг",
    "invoices": "Счета и закрывающие документы подрядчиков",
    "feedback": "Результаты обратной связи",
}
ALL_CATEGORIES = ["venue", "catering", "av", "travel", "accommodation", "transfers",
                  "speaker_fees", "agency_fee", "printing", "other"]
ONLINE_CATEGORIES = ["av", "speaker_fees", "agency_fee", "other"]


def checklist(*codes, optional=()):
    return [{"code": c, "name": CHECKLIST[c], "required": c not in optional} for c in codes]


OFFLINE_LIST = checklist("programme", "attendance", "photos", "presentation", "acts", "invoices",
                         "feedback", optional=("photos",))
ONLINE_LIST = checklist("programme", "attendance", "recording", "presentation", "acts",
                        "feedback")
TYPES = [
    ("congress", "Конгресс", "offline", True, "lecture", ALL_CATEGORIES, OFFLINE_LIST),
    ("symposium", "Симпозиум", "offline", True, "lecture", ALL_CATEGORIES, OFFLINE_LIST),
    ("satellite", "Сателлитный симпозиум", "offline", True, "lecture", ALL_CATEGORIES,
     OFFLINE_LIST),
    ("school", "Школа / лекция", "offline", True, "lecture", ALL_CATEGORIES, OFFLINE_LIST),
    ("round_table", "Круглый стол", "offline", True, "lecture", ALL_CATEGORIES, OFFLINE_LIST),
    ("advisory_board", "Экспертный совет", "offline", False, "advisory_board", ALL_CATEGORIES,
     checklist("programme", "attendance", "acts", "invoices")),
    ("department_meeting", "Встреча в отделении", "offline", True, "lecture",
     ["catering", "speaker_fees", "printing", "other"],
     checklist("programme", "attendance", "presentation", "acts")),
    ("webinar", "Вебинар / трансляция", "online", True, "lecture", ONLINE_CATEGORIES,
     ONLINE_LIST),
    ("medical_survey", "Медицинский опрос", "online", False, "consulting",
     ["speaker_fees", "agency_fee", "other"], checklist("programme", "acts")),
    ("case_collection", "Сбор клинических случаев", "online", False, "publication",
     ["speaker_fees", "agency_fee", "other"], checklist("programme", "acts")),
    ("training", "Обучение", "offline", True, "training", ALL_CATEGORIES, OFFLINE_LIST),
]
ROUTES = [
    # code, name, min, max, tolerance, steps (name, role, min_amount, sla)
    ("event-standard", "Мероприятие до 1 млн ₽", None, Decimal("1000000"), Decimal("10"),
     [("Руководитель направления", "approver", None, 2), ("Комплаенс", "compliance", None, 2),
      ("Финансы", "finance", Decimal("500000"), 2)]),
    ("event-large", "Мероприятие от 1 млн ₽", Decimal("1000000"), None, Decimal("5"),
     [("Руководитель направления", "approver", None, 2), ("Комплаенс", "compliance", None, 2),
      ("Финансы", "finance", None, 3)]),
    ("event-advisory", "Экспертный совет", None, None, Decimal("10"),
     [("Руководитель направления", "approver", None, 2), ("Юристы", "legal", None, 2),
      ("Комплаенс", "compliance", None, 2)]),
]
BUDGET_RULES = [
    ("cost_per_participant", "warn", Decimal("50000")),
    ("catering_per_person", "block", Decimal("5000")),
    ("participants_per_speaker", "warn", Decimal("5")),
    ("no_entertainment", "block", None),
]


def seed(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Route = apps.get_model("core", "ApprovalRoute")
    Step = apps.get_model("core", "ApprovalStep")
    EventType = apps.get_model("events", "EventType")
    NoticeRule = apps.get_model("events", "NoticeRule")
    BudgetRuleSetting = apps.get_model("events", "BudgetRuleSetting")
    event_ct, _ = ContentType.objects.get_or_create(app_label="events", model="event")
    routes = {}
    for code, name, lo, hi, tolerance, steps in ROUTES:
        route, created = Route.objects.get_or_create(code=code, defaults={
            "name": name, "target_type": event_ct, "min_amount": lo, "max_amount": hi,
            "over_budget_tolerance_percent": tolerance,
            # the advisory route is chosen through its type only, never by amount
            "is_active": True,
        })
        if code == "event-advisory" and created:
            route.target_type = None
            route.save(update_fields=["target_type"])
        if created:
            for order, (step_name, role, min_amount, sla) in enumerate(steps, start=1):
                Step.objects.create(route=route, order=order, name=step_name, role=role,
                                    min_amount=min_amount, sla_days=sla)
        routes[code] = route
    for code, name, fmt, notice, service, categories, items in TYPES:
        EventType.objects.update_or_create(code=code, defaults={
            "name": name, "default_format": fmt, "requires_regulator_notice": notice,
            "service_type": service, "allowed_budget_categories": categories,
            "checklist": items,
            "approval_route": routes["event-advisory"] if code == "advisory_board" else None,
        })
    if not NoticeRule.objects.exists():
        NoticeRule.objects.create(authority="Росздравнадзор", months_before=2, margin_days=7,
                                  reminder_offsets=[14, 7, 3, 1],
                                  effective_from=datetime.date(2013, 1, 1))
    for code, mode, limit in BUDGET_RULES:
        BudgetRuleSetting.objects.get_or_create(code=code, defaults={"mode": mode, "limit": limit})
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = Crontab.objects.get_or_create(minute="0", hour="7", day_of_week="*",
                                               day_of_month="*", month_of_year="*",
                                               timezone="Europe/Moscow")
    PeriodicTask.objects.get_or_create(name="events: daily notices and tasks", defaults={
        "task": "events.tasks.events_daily", "crontab": crontab})


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_operations_compliance"),
        ("core", "0003_audit_log_append_only"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
