"""Seed the standard survey template (issue 7): lecturer quality and content value for each speaker,
organisation quality, NPS and what to improve — in Russian with English texts."""

from django.db import migrations

STANDARD_NAME = "Стандартная анкета"
STANDARD_QUESTIONS = [
    # order, code, kind, text, text_en, per_speaker, required
    (
        1,
        "lecturer_quality",
        "rating",
        "Оцените качество выступления лектора",
        "Rate the quality of the lecturer's talk",
        True,
        True,
    ),
    (
        2,
        "content_value",
        "rating",
        "Насколько полезным для вашей практики было содержание доклада?",
        "How useful was the content of the talk for your practice?",
        True,
        True,
    ),
    (
        3,
        "organisation_quality",
        "rating",
        "Оцените организацию мероприятия",
        "Rate the organisation of the event",
        False,
        True,
    ),
    (
        4,
        "nps",
        "nps",
        "Насколько вероятно, что вы порекомендуете это мероприятие коллеге?",
        "How likely are you to recommend this event to a colleague?",
        False,
        True,
    ),
    (
        5,
        "improve",
        "text",
        "Что нам улучшить?",
        "What should we improve?",
        False,
        False,
    ),
]


def seed(apps, schema_editor):
    SurveyTemplate = apps.get_model("feedback", "SurveyTemplate")
    Question = apps.get_model("feedback", "Question")
    if SurveyTemplate.objects.filter(is_default=True).exists():
        return
    template = SurveyTemplate.objects.create(
        name=STANDARD_NAME, name_en="Standard questionnaire", version=1, is_default=True
    )
    Question.objects.bulk_create(
        Question(
            template=template,
            order=order,
            code=code,
            kind=kind,
            text=text,
            text_en=text_en,
            per_speaker=per_speaker,
            required=required,
        )
        for order, code, kind, text, text_en, per_speaker, required in STANDARD_QUESTIONS
    )


def unseed(apps, schema_editor):
    SurveyTemplate = apps.get_model("feedback", "SurveyTemplate")
    SurveyTemplate.objects.filter(name=STANDARD_NAME, version=1, survey__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_survey_versions_reminders")]

    operations = [migrations.RunPython(seed, unseed)]
