"""The analysis of one event's survey (issue 7): counts, distributions, averages, NPS and
per-speaker scores from the survey's running tallies (a few dozen rows, kept by
`feedback.tallies` in the transaction of each response), folded through the pure rules of
`feedback.scoring`."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from events.models import Participant
from experts.models import Expert
from feedback import scoring
from feedback.models import Question, Response, Survey
from feedback.tallies import survey_tallies


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
    beyond_checked_in: int
    questions: list[QuestionStats]
    speakers: list[SpeakerScore]
    nps: Decimal | None
    comments: int


def _fold_tallies(survey_id: int, questions: list[Question]) -> tuple[dict, dict, dict]:
    """The survey's tallies as {(question id, speaker id): {scale value: count}}, {question id:
    {option key: count}} and {question id: answers with a text or a choice}."""
    kinds = {q.pk: q for q in questions}
    groups: dict[tuple[int, int | None], dict[int, int]] = defaultdict(dict)
    options: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    answered: dict[int, int] = defaultdict(int)
    for question_id, speaker_id, value, n in survey_tallies(survey_id=survey_id):
        question = kinds.get(question_id)
        if question is None:
            continue
        if value == "":
            answered[question_id] += n
        elif question.is_scale:
            groups[(question_id, speaker_id)][int(value)] = n
        else:
            options[question_id][value] += n
    return groups, options, answered


def survey_analysis(*, survey: Survey, language: str = "ru") -> EventAnalysis:
    """Everything the analysis page shows, in a fixed number of small queries whatever the size:
    the counts come from the survey's running tallies (feedback.tallies), exact after every
    response, so there is nothing to cache or invalidate."""
    responses = Response.objects.filter(survey=survey).count()
    checked_in = Participant.objects.filter(
        event_id=survey.event_id, checked_in_at__isnull=False
    ).count()
    questions = list(survey.template.questions.order_by("order", "pk"))
    groups, options, answered = _fold_tallies(survey.pk, questions)
    per_speaker: dict[int, dict[int, dict]] = defaultdict(dict)
    stats = [
        _question_stats(q, groups, options, answered, per_speaker, language) for q in questions
    ]
    nps_dist = scoring.merge(*(s.distribution for s in stats if s.question.kind == "nps"))
    return EventAnalysis(
        survey=survey,
        responses=responses,
        checked_in=checked_in,
        rate=scoring.response_rate(responses=responses, checked_in=checked_in),
        beyond_checked_in=scoring.responses_beyond_checked_in(
            responses=responses, checked_in=checked_in
        ),
        questions=stats,
        speakers=_speaker_scores(questions, per_speaker),
        nps=scoring.nps(nps_dist),
        comments=sum(answered.get(q.pk, 0) for q in questions if q.kind == Question.Kind.TEXT),
    )


def _question_stats(q, groups, options, answered, per_speaker, language) -> QuestionStats:
    """The figures of one question; the per-speaker distributions go into `per_speaker`."""
    qs = QuestionStats(question=q, count=answered.get(q.pk, 0))
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
        chosen = options.get(q.pk, {})
        qs.choices = [(label, chosen.get(key, 0)) for key, label in q.choice_pairs(language)]
    return qs


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
