"""Writes of feedback: template versions, surveys, responses and reminders (issue 7)."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from feedback.errors import AlreadyAnswered, SurveyClosed, SurveyExists
from feedback.models import Answer, Question, Reminder, Response, Survey, SurveyTemplate
from feedback.selectors import survey_reminder_recipients
from feedback.tallies import tallies_add, tally_keys
from kolplatform.core import hooks
from kolplatform.core.audit import audit_log
from kolplatform.core.emails import send_templated_email
from kolplatform.core.models import AuditLog

logger = logging.getLogger(__name__)

SURVEY_OPEN_DAYS_AFTER_EVENT = 7  # the default closing time: a week after the event ends


# --- templates -------------------------------------------------------------------------------


@transaction.atomic
def template_save(
    *, template: SurveyTemplate | None, name: str, name_en: str, questions: list[dict], actor
) -> SurveyTemplate:
    """Save a template with its questions (dicts of Question fields, in order).

    Rule (issue 7): a version used by a survey is frozen; saving it creates the next version of
    the same family, which takes over the default flag. An unused version is edited in place.
    """
    if template is not None:
        template = SurveyTemplate.objects.select_for_update(of=("self",)).get(pk=template.pk)
    if template is None:
        template = SurveyTemplate(created_by=actor)
    elif template.is_frozen:
        last = SurveyTemplate.objects.filter(family=template.family).aggregate(v=Max("version"))
        was_default = template.is_default
        if was_default:
            SurveyTemplate.objects.filter(family=template.family).update(is_default=False)
        template = SurveyTemplate(
            family=template.family,
            version=last["v"] + 1,
            is_default=was_default,
            created_by=actor,
        )
    template.name, template.name_en = name, name_en
    template.save()
    template.questions.all().delete()  # safe: an unfrozen version has no answers
    Question.objects.bulk_create(
        Question(template=template, order=i, **q) for i, q in enumerate(questions, start=1)
    )
    audit_log(
        actor=actor,
        obj=template,
        action=AuditLog.Action.UPDATE,
        changes={"version": template.version, "questions": len(questions)},
    )
    return template


@transaction.atomic
def template_make_default(*, template: SurveyTemplate, actor) -> None:
    """Exactly one default template: the one offered when a survey is created."""
    SurveyTemplate.objects.filter(is_default=True).exclude(pk=template.pk).update(is_default=False)
    SurveyTemplate.objects.filter(pk=template.pk).update(is_default=True)
    audit_log(actor=actor, obj=template, action=AuditLog.Action.UPDATE, comment="default")


# --- surveys ---------------------------------------------------------------------------------


def survey_default_times(event) -> tuple:
    """A survey opens when the event starts and closes a week after it ends."""
    return event.starts_at, event.ends_at + timedelta(days=SURVEY_OPEN_DAYS_AFTER_EVENT)


@transaction.atomic
def survey_create(
    *,
    event,
    template: SurveyTemplate,
    opens_at,
    closes_at,
    is_anonymous: bool,
    actor,
    access: str = Survey.Access.OPEN,
) -> Survey:
    """Create the event's survey (one per event) and freeze the template version it uses."""
    if Survey.objects.filter(event=event).exists():
        raise SurveyExists
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                event=event,
                template=template,
                opens_at=opens_at,
                closes_at=closes_at,
                is_anonymous=is_anonymous,
                access=access,
                created_by=actor,
            )
    except IntegrityError as exc:  # a concurrent create won the one-to-one
        raise SurveyExists from exc
    SurveyTemplate.objects.filter(pk=template.pk).update(is_frozen=True)
    audit_log(actor=actor, obj=survey, action=AuditLog.Action.CREATE)
    return survey


@transaction.atomic
def survey_update(
    *, survey: Survey, opens_at, closes_at, is_anonymous: bool, actor, access: str | None = None
) -> Survey:
    survey.opens_at, survey.closes_at, survey.is_anonymous = opens_at, closes_at, is_anonymous
    survey.access = access or survey.access
    survey.save(update_fields=["opens_at", "closes_at", "is_anonymous", "access"])
    audit_log(
        actor=actor,
        obj=survey,
        action=AuditLog.Action.UPDATE,
        changes={
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
            "access": survey.access,
        },
    )
    return survey


# --- responses -------------------------------------------------------------------------------


@dataclass
class AnswerValue:
    question_id: int
    speaker_id: int | None = None
    value_int: int | None = None
    value_text: str = ""
    value_choices: list[str] = field(default_factory=list)


def response_submit(
    *,
    survey: Survey,
    device_id: str,
    answers: list[AnswerValue],
    contact_name: str = "",
    contact_email: str = "",
    language: str = "",
    now=None,
) -> Response:
    """Store one response with its answers, all or nothing.

    Rules (issue 7): only while the survey is open; one response per device (the unique
    constraint decides under concurrency, so two simultaneous posts from one device store one).
    Contact details are kept only on surveys that are not anonymous. The survey's running
    tallies are added in the same transaction (the analysis reads them).
    """
    now = now or timezone.now()
    if not survey.is_open_at(now):
        raise SurveyClosed
    if survey.is_anonymous:
        contact_name = contact_email = ""
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                device_id=device_id,
                contact_name=contact_name,
                contact_email=contact_email,
                language=language,
            )
            Answer.objects.bulk_create(
                Answer(response=response, survey=survey, **vars(a)) for a in answers
            )
            tallies_add(tally_keys(survey_id=survey.pk, answers=answers))
            hooks.emit(
                "feedback.response_received",
                response_id=response.pk,
                survey_id=survey.pk,
                event_id=survey.event_id,
            )
    except IntegrityError as exc:
        raise AlreadyAnswered from exc
    return response


# --- reminders -------------------------------------------------------------------------------


def survey_public_url(survey: Survey, participant=None) -> str:
    """The survey's address; a participant's personal one on a survey for checked-in
    participants only."""
    if participant is not None and survey.for_checked_in_only:
        path = reverse("feedback:personal", args=[survey.token, participant.badge_token])
    else:
        path = reverse("feedback:form", args=[survey.token])
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def survey_plan_reminders(*, survey: Survey) -> int:
    """Write one Reminder (the sent-marker) per checked-in participant we may e-mail.

    Rule (issue 7): only after the event, while the survey is open; only participants who checked
    in, whose e-mail is known, and — for participants who are experts — whose current consent
    allows e-mails. Re-running adds nothing twice. Returns the number of new reminders.
    """
    now = timezone.now()
    if survey.event.ends_at > now or not survey.is_open_at(now):
        return 0
    planned = set(survey.reminders.values_list("participant_id", flat=True))
    new = [
        Reminder(survey=survey, participant_id=pk, email=email)
        for pk, email in survey_reminder_recipients(survey=survey)
        if pk not in planned
    ]
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def reminder_send(*, reminder_id: int) -> str:
    """E-mail one reminder under a row lock; a sent reminder is skipped (idempotent)."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("survey__event", "participant")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.sent_at is not None:
            return "skipped"
        reminder.attempts += 1
        try:
            send_templated_email(
                to=[reminder.email],
                template="feedback_reminder",
                context={
                    "event": reminder.survey.event,
                    "survey_url": survey_public_url(reminder.survey, reminder.participant),
                    "closes_at": reminder.survey.closes_at,
                },
            )
        except Exception as exc:  # any mail failure is kept for the next attempt
            logger.warning("feedback reminder %s failed: %s", reminder.pk, exc)
            reminder.last_error = str(exc)[:300]
            reminder.save(update_fields=["attempts", "last_error"])
            return "failed"
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["attempts", "sent_at", "last_error"])
        return "sent"
