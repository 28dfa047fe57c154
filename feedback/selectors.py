"""Reads of feedback for views, the events page, the expert profile and analytics (issue 7).

Every figure is an SQL aggregate (GROUP BY over answers of one survey, or over the filtered set
of surveys); Python only folds the small grouped result through the pure rules of
`feedback.scoring`.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from events.models import Event, Participant, ProgramItem
from experts.models import Consent, Expert
from feedback import scoring
from feedback.models import Answer, Question, Response, Survey, SurveyTemplate

# --- access ----------------------------------------------------------------------------------


def event_get_for_feedback(*, user, pk: int, write: bool = False) -> Event:
    """The event for its survey pages: 404 when unknown, 403 without the permission."""
    event = Event.objects.select_related("owner", "region", "event_type").filter(pk=pk).first()
    if event is None:
        raise Http404
    perm = "feedback.manage_survey" if write else "feedback.view_analysis"
    if not user.has_perm(perm, event):
        raise PermissionDenied
    return event


def survey_get_public(*, token: str) -> Survey | None:
    return (
        Survey.objects.select_related("event", "template").filter(token=token).first()
        if token
        else None
    )


def template_list():
    return SurveyTemplate.objects.annotate(
        n_questions=Count("questions", distinct=True),
        n_surveys=Count("survey", distinct=True),
    ).order_by("name", "-version")


def template_default() -> SurveyTemplate | None:
    return SurveyTemplate.objects.filter(is_default=True).order_by("-version").first()


# --- the form: questions expanded per speaker ------------------------------------------------


@dataclass(frozen=True)
class FormItem:
    """One question as asked: a per-speaker question becomes one item per speaker."""

    question: Question
    speaker: Expert | None = None

    @property
    def key(self) -> str:
        suffix = f"_s{self.speaker.pk}" if self.speaker else ""
        return f"q{self.question.pk}{suffix}"


def event_speakers(event) -> list[Expert]:
    """The distinct speakers of the event programme, in programme order."""
    seen: dict[int, Expert] = {}
    items = ProgramItem.objects.filter(event=event, speaker__isnull=False).select_related("speaker")
    for item in items.order_by("starts_at", "pk"):
        seen.setdefault(item.speaker_id, item.speaker)
    return list(seen.values())


def survey_items(survey: Survey) -> list[FormItem]:
    """The questions of the survey's template in order; per-speaker questions are repeated for
    every speaker of the event (a run of them is asked speaker by speaker: A: q1, q2; B: q1, q2)
    and left out when the programme has no speaker."""
    speakers = event_speakers(survey.event)
    items: list[FormItem] = []
    run: list[Question] = []  # consecutive per-speaker questions are asked speaker by speaker

    def flush():
        items.extend(FormItem(q, speaker) for speaker in speakers for q in run)
        run.clear()

    for question in survey.template.questions.order_by("order", "pk"):
        if question.per_speaker:
            run.append(question)
            continue
        flush()
        items.append(FormItem(question))
    flush()
    return items


# --- reminders -------------------------------------------------------------------------------


def survey_reminder_recipients(*, survey: Survey) -> list[tuple[int, str]]:
    """(participant id, e-mail) of checked-in participants we may e-mail about the survey.

    A participant linked to an expert needs a current consent (given, not withdrawn) that allows
    e-mails; the participant's own e-mail wins over the expert's.
    """
    current_consent = (
        Consent.objects.filter(expert=OuterRef("expert_id"), withdrawn_at__isnull=True)
        .order_by("-given_at", "-pk")
        .values("allows_email")[:1]
    )
    rows = (
        Participant.objects.filter(event=survey.event, checked_in_at__isnull=False)
        .annotate(email_allowed=Subquery(current_consent))
        .filter(Q(expert__isnull=True) | Q(email_allowed=True))
        .values_list("pk", "email", "expert__email")
    )
    return [
        (pk, email or expert_email) for pk, email, expert_email in rows if email or expert_email
    ]


def survey_comments(*, survey: Survey):
    """Free-text answers, newest first (answers are written with their response, so the id
    order is the submission order; paginate in the view)."""
    return (
        Answer.objects.filter(survey=survey)
        .exclude(value_text="")
        .select_related("question", "speaker", "response")
        .order_by("-pk")
    )


# --- speaker ratings (the expert profile and grading evidence) -------------------------------


def months_ago(moment, months: int):
    """The same day-of-month `months` earlier (clamped to the month's length)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 27, -1) if moment.day > 28 else [moment.day]:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=28)


# The speaker rating window: responses submitted in the last 12 calendar months (from the same
# moment of the same day of the month a year ago). The one window for the profile, the cabinet and
# grading evidence.
RATING_WINDOW_MONTHS = 12


def rating_window_start(now=None):
    """The earliest submission time that counts towards a speaker rating at `now`."""
    return months_ago(now or timezone.now(), RATING_WINDOW_MONTHS)


def speaker_rating(*, expert, now=None) -> tuple[Decimal | None, int]:
    """(average, count) of the 1-5 ratings given to `expert` as a speaker in per-speaker
    questions of responses submitted within the rating window (rating_window_start)."""
    since = rating_window_start(now)
    rows = (
        Answer.objects.filter(
            speaker=expert,
            question__kind=Question.Kind.RATING,
            value_int__isnull=False,
            response__submitted_at__gte=since,
        )
        .order_by()
        .values_list("value_int")
        .annotate(n=Count("*"))
    )
    dist = dict(rows)
    return scoring.average(dist), scoring.answer_count(dist)


# --- feedback across events (analytics) ------------------------------------------------------


@dataclass
class TopicStats:
    key: str  # the question code, or its text when it has none
    label: str
    kind: str
    count: int
    average: Decimal | None
    nps: Decimal | None


@dataclass
class SpeakerSummary:
    speaker: Expert
    count: int
    average: Decimal | None


@dataclass
class FeedbackSummary:
    surveys: int
    responses: int
    topics: list[TopicStats]
    speakers: list[SpeakerSummary]
    rating: Decimal | None  # all 1-5 ratings together
    nps: Decimal | None
    events: object  # Survey queryset annotated with n_responses and avg_rating; paginate it


def _survey_filter(filters: dict) -> Q:
    q = Q()
    if filters.get("product"):
        q &= Q(event__products=filters["product"])
    if filters.get("region"):
        q &= Q(event__region=filters["region"])
    if filters.get("speaker"):
        q &= Q(event__program_items__speaker=filters["speaker"])
    if filters.get("date_from"):
        q &= Q(event__starts_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        q &= Q(event__starts_at__date__lte=filters["date_to"])
    return q


def _topics(answers, language: str) -> tuple[list[TopicStats], dict]:
    """Scale answers grouped by question code (or text), folded into distributions."""
    rows = (
        answers.order_by()
        .values_list(
            "question__code", "question__text", "question__text_en", "question__kind", "value_int"
        )
        .annotate(n=Count("*"))
    )
    dists: dict[str, dict[int, int]] = defaultdict(dict)
    meta: dict[str, tuple[str, str]] = {}
    for code, text, text_en, kind, value, n in rows:
        key = code or text
        dists[key][value] = dists[key].get(value, 0) + n
        meta.setdefault(key, ((text_en or text) if language == "en" else text, kind))
    return [
        TopicStats(
            key=key,
            label=meta[key][0],
            kind=meta[key][1],
            count=scoring.answer_count(dist),
            average=scoring.average(dist),
            nps=scoring.nps(dist) if meta[key][1] == Question.Kind.NPS else None,
        )
        for key, dist in dists.items()
    ], dists


def feedback_summary(*, filters: dict, language: str = "ru", top_speakers: int = 20):
    """Feedback over the events selected by `filters` (keys, all optional: product, region,
    speaker — an Expert or pk, date_from, date_to — the event start date). With a speaker, the
    per-speaker answers are that speaker's only."""
    surveys = Survey.objects.filter(
        pk__in=Survey.objects.filter(_survey_filter(filters)).values("pk")
    )
    answers = Answer.objects.filter(survey__in=surveys.values("pk"), value_int__isnull=False)
    if filters.get("speaker"):
        answers = answers.filter(Q(speaker__isnull=True) | Q(speaker=filters["speaker"]))
    topics, dists = _topics(answers, language)
    by_speaker: dict[int, dict[int, int]] = defaultdict(dict)
    speaker_rows = (
        answers.filter(speaker__isnull=False, question__kind=Question.Kind.RATING)
        .order_by()
        .values_list("speaker_id", "value_int")
        .annotate(n=Count("*"))
    )
    for speaker_id, value, n in speaker_rows:
        by_speaker[speaker_id][value] = n
    top = sorted(by_speaker, key=lambda sp: (-scoring.answer_count(by_speaker[sp]), sp))
    experts = Expert.objects.in_bulk(top[:top_speakers])
    kinds = {t.key: t.kind for t in topics}
    return FeedbackSummary(
        surveys=surveys.count(),
        responses=Response.objects.filter(survey__in=surveys.values("pk")).count(),
        topics=topics,
        speakers=[
            SpeakerSummary(
                speaker=experts[sp],
                count=scoring.answer_count(by_speaker[sp]),
                average=scoring.average(by_speaker[sp]),
            )
            for sp in top[:top_speakers]
            if sp in experts
        ],
        rating=scoring.average(
            scoring.merge(*(d for k, d in dists.items() if kinds[k] == Question.Kind.RATING))
        ),
        nps=scoring.nps(
            scoring.merge(*(d for k, d in dists.items() if kinds[k] == Question.Kind.NPS))
        ),
        events=_survey_rows(surveys),
    )


def _survey_rows(surveys):
    n_responses = (
        Response.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("*"))
        .values("n")
    )
    avg_rating = (
        Answer.objects.filter(survey=OuterRef("pk"), question__kind=Question.Kind.RATING)
        .order_by()
        .values("survey")
        .annotate(a=Avg("value_int"))
        .values("a")
    )
    return (
        surveys.select_related("event", "event__region")
        .annotate(n_responses=Subquery(n_responses), avg_rating=Subquery(avg_rating))
        .order_by("-event__starts_at", "-pk")
    )
