import importlib
from datetime import timedelta

import factory
from django.utils import timezone

from feedback.models import Answer, Question, Response, Survey, SurveyTemplate
from tests.factories.events import EventFactory


class SurveyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyTemplate

    name = factory.Sequence(lambda n: f"Анкета {n}")
    name_en = factory.Sequence(lambda n: f"Questionnaire {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    template = factory.SubFactory(SurveyTemplateFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.RATING
    text = factory.Sequence(lambda n: f"Вопрос {n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")


def standard_template() -> SurveyTemplate:
    """The default template seeded by the data migration (re-seeded the same way after a
    transactional test flushed the tables)."""
    if not SurveyTemplate.objects.filter(is_default=True).exists():
        from django.apps import apps

        importlib.import_module("feedback.migrations.0003_default_template").seed(apps, None)
    return SurveyTemplate.objects.get(is_default=True)


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open survey of a past event (the event ended an hour ago) with the standard template."""

    class Meta:
        model = Survey

    event = factory.SubFactory(
        EventFactory,
        starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=5)),
        ends_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
    )
    template = factory.LazyFunction(standard_template)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=5))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    device_id = factory.Sequence(lambda n: f"device-{n}")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    survey = factory.SelfAttribute("response.survey")
    question = factory.SubFactory(QuestionFactory)
