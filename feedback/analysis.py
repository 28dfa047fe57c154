"""The analysis of one event's survey (issue 7): counts, distributions, averages, NPS and
per-speaker scores from one GROUP BY over the survey's answers, folded through the pure rules of
`feedback.scoring`, and cached under a key made of the data they depend on."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max

from events.models import Participant
from experts.models import Expert
from feedback import scoring
from feedback.models import Answer, Question, Response, Survey


@dataclass
class QuestionStats:
    question: Question
    count: int = 0
    distribution: dict[int, int] = field(default_factory=dict)  # the full scale, zeros included
    choices: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    average: Decimal | None = None
    nps: Decimal | None = None


@dataclass
class SpeakerScore:
    speaker: Expert
    scores: list[tuple[Question, Decimal | None, int]]  # per per-speaker scale question
    average: Decimal | None
    count: int


@dataclass
class EventAnalysis:
    survey: Survey
    responses: int
    checked_in: int
    rate: Decimal | None
    questions: list[QuestionStats]
    speakers: list[SpeakerScore]
    nps: Decimal | None
    comments: int


def _scale_groups(answers) -> dict[tuple[int, int | None], dict[int, int]]:
    """{(question id, speaker id): {value: count}} by one GROUP BY."""
    groups: dict[tuple[int, int | None], dict[int, int]] = defaultdict(dict)
    rows = (
        answers.filter(value_int__isnull=False)
        .order_by()
        .values_list("question_id", "speaker_id", "value_int")
        .annotate(n=Count("*"))
    )
    for question_id, speaker_id, value, n in rows:
        groups[(question_id, speaker_id)][value] = n
    return groups


def _choice_counts(question: Question, combos: dict, language: str) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for keys, n in combos.get(question.pk, []):
        for key in keys or []:
            counts[str(key)] += n
    return [(label, counts.get(key, 0)) for key, label in question.choice_pairs(language)]


ANALYSIS_CACHE_SECONDS = 600


def survey_analysis(*, survey: Survey, language: str = "ru") -> EventAnalysis:
    """Everything the analysis page shows, in a fixed number of queries whatever the size.

    The aggregates are cached under a key made of the data they depend on (number and last id
    of the responses, participants checked in), so a new response or check-in shows at once
    while repeated views of an unchanged survey cost two small index queries.
    """
    state = Response.objects.filter(survey=survey).aggregate(n=Count("*"), last=Max("pk"))
    checked_in = Participant.objects.filter(
        event_id=survey.event_id, checked_in_at__isnull=False
    ).count()
    key = (
        f"feedback:analysis:{survey.pk}:{survey.template_id}:{state['n']}:{state['last']}:"
        f"{checked_in}:{language}"
    )
    result = cache.get(key)
    if result is None:
        result = _survey_analysis(survey, language, responses=state["n"], checked_in=checked_in)
        cache.set(key, result, ANALYSIS_CACHE_SECONDS)
    return result


def _survey_analysis(survey, language, *, responses: int, checked_in: int) -> EventAnalysis:
    answers = Answer.objects.filter(survey=survey)
    questions = list(survey.template.questions.order_by("order", "pk"))
    groups = _scale_groups(answers)
    combos: dict[int, list] = defaultdict(list)
    choice_ids = [q.pk for q in questions if q.is_choice]
    if choice_ids:
        choice_rows = (
            answers.filter(question_id__in=choice_ids)
            .order_by()
            .values_list("question_id", "value_choices")
            .annotate(n=Count("*"))
        )
        for question_id, keys, n in choice_rows:
            combos[question_id].append((keys, n))
    text_counts = dict(  # served by the partial index answer_survey_text
        answers.exclude(value_text="").order_by().values_list("question_id").annotate(n=Count("*"))
    )
    stats, per_speaker = [], defaultdict(dict)
    for q in questions:
        qs = QuestionStats(question=q)
        if q.is_scale:
            dists = {sp: d for (qid, sp), d in groups.items() if qid == q.pk}
            merged = scoring.merge(*dists.values())
            qs.distribution = {v: merged.get(v, 0) for v in Question.SCALES[q.kind]}
            qs.count = scoring.answer_count(merged)
            qs.average = scoring.average(merged)
            qs.nps = scoring.nps(merged) if q.kind == Question.Kind.NPS else None
            for speaker_id, dist in dists.items():
                if q.per_speaker and speaker_id is not None:
                    per_speaker[speaker_id][q.pk] = dist
        elif q.is_choice:
            qs.choices = _choice_counts(q, combos, language)
            qs.count = sum(n for _, n in combos.get(q.pk, []))
        else:
            qs.count = text_counts.get(q.pk, 0)
        stats.append(qs)
    nps_dist = scoring.merge(*(s.distribution for s in stats if s.question.kind == "nps"))
    return EventAnalysis(
        survey=survey,
        responses=responses,
        checked_in=checked_in,
        rate=scoring.rate(responses, checked_in),
        questions=stats,
        speakers=_speaker_scores(questions, per_speaker),
        nps=scoring.nps(nps_dist),
        comments=sum(text_counts.values()),
    )


def _speaker_scores(questions, per_speaker: dict[int, dict[int, dict]]) -> list[SpeakerScore]:
    scale_questions = [q for q in questions if q.per_speaker and q.kind == Question.Kind.RATING]
    experts = Expert.objects.in_bulk(list(per_speaker))
    scores = []
    for speaker_id, by_question in per_speaker.items():
        if speaker_id not in experts:
            continue
        rows = [
            (q, scoring.average(by_question.get(q.pk, {})), sum(by_question.get(q.pk, {}).values()))
            for q in scale_questions
        ]
        merged = scoring.merge(*(by_question.get(q.pk, {}) for q in scale_questions))
        scores.append(
            SpeakerScore(
                speaker=experts[speaker_id],
                scores=rows,
                average=scoring.average(merged),
                count=scoring.answer_count(merged),
            )
        )
    return sorted(scores, key=lambda s: (s.average is None, -(s.average or 0), s.speaker.pk))
