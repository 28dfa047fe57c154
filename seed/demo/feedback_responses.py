"""Realistic survey responses written in bulk (the demo's past events), with their tallies."""

import random
from datetime import timedelta

from django.db import transaction

from feedback.models import Answer, Question, Response, Survey
from feedback.selectors import survey_items
from feedback.tallies import tallies_add, tally_keys


def _value(rng: random.Random, question: Question):
    if question.kind == Question.Kind.RATING:
        return {"value_int": rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 10, 35, 50])[0]}
    if question.kind == Question.Kind.NPS:
        return {"value_int": rng.choices(range(11), weights=[1] * 7 + [6, 10, 15, 20])[0]}
    if question.is_choice:
        keys = [str(c["key"]) for c in question.choices]
        k = 1 if question.kind == Question.Kind.SINGLE else rng.randint(0, len(keys))
        return {"value_choices": rng.sample(keys, k)}
    if rng.random() < 0.3:
        return {"value_text": rng.choice(COMMENTS)}
    return None


COMMENTS = [
    "Больше клинических случаев из практики",
    "Отличный доклад, спасибо!",
    "Хотелось бы получить презентации после лекции",
    "Мало времени на вопросы",
    "Плохо было слышно в конце зала",
    "Very useful, thank you",
    "Сделать перерыв между докладами",
    "Добавить разбор новых клинических рекомендаций",
]


def seed_survey_responses(*, survey: Survey, count: int, seed: int = 0, batch: int = 2000) -> int:
    """Bulk-create `count` responses with answers to every form item of `survey` (and their
    tallies, as response_submit keeps them)."""
    rng = random.Random(seed or survey.pk)
    items = survey_items(survey)
    start = max(survey.opens_at, survey.event.ends_at - timedelta(minutes=30))
    made = 0
    while made < count:
        n = min(batch, count - made)
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(survey=survey, device_id=f"scale-{seed}-{made + i}", language="ru")
                for i in range(n)
            )
            answers = []
            for response in responses:
                for item in items:
                    value = _value(rng, item.question)
                    if value is not None:
                        answers.append(
                            Answer(
                                response=response,
                                survey=survey,
                                question=item.question,
                                speaker=item.speaker,
                                **value,
                            )
                        )
            Answer.objects.bulk_create(answers, batch_size=5000)
            tallies_add(tally_keys(survey_id=survey.pk, answers=answers))
            Response.objects.filter(pk__in=[r.pk for r in responses]).update(
                submitted_at=start + timedelta(minutes=rng.randint(0, 600))
            )
        made += n
    return made
