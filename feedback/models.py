"""Feedback: survey templates, a survey per event (token + QR), responses and answers.
Skeleton of the shared fields; the feedback module extends it (adds, never renames)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_survey_token() -> str:
    return secrets.token_urlsafe(24)


class SurveyTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_default = models.BooleanField(_("default"), default=False)
    is_frozen = models.BooleanField(_("frozen (used)"), default=False)
    # Every version of one template shares its family; the newest version is the one to use.
    family = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="one_template_version"),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating 1-5")
        NPS = "nps", _("NPS 0-10")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    per_speaker = models.BooleanField(_("asked for each speaker"), default=False)
    required = models.BooleanField(_("required"), default=True)
    # A stable name for reports across template versions (lecturer_quality, nps, ...).
    code = models.SlugField(_("code"), max_length=64, blank=True)

    SCALES = {Kind.RATING: range(1, 6), Kind.NPS: range(0, 11)}

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "order"]

    def __str__(self):
        return self.text

    @property
    def is_scale(self) -> bool:
        return self.kind in self.SCALES

    @property
    def is_choice(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def text_for(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text

    def choice_pairs(self, language: str) -> list[tuple[str, str]]:
        """(key, label) of each option; choices are stored as [{"key", "ru", "en"}]."""
        pairs = []
        for c in self.choices:
            label = c.get("en") if language == "en" and c.get("en") else c.get("ru", "")
            pairs.append((str(c["key"]), label))
        return pairs


class Survey(models.Model):
    class Access(models.TextChoices):
        OPEN = "open", _("Anyone with the link or the QR code")
        CHECKED_IN = "checked_in", _("Checked-in participants only (personal link or badge code)")

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="survey")
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT)
    token = models.CharField(max_length=64, unique=True, default=new_survey_token, editable=False)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    access = models.CharField(
        _("who may answer"), max_length=16, choices=Access.choices, default=Access.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return str(self.event)

    def get_absolute_url(self):
        return reverse("feedback:form", args=[self.token])

    @property
    def for_checked_in_only(self) -> bool:
        return self.access == self.Access.CHECKED_IN

    def is_open_at(self, moment) -> bool:
        """A survey accepts answers from opens_at (inclusive) until closes_at (exclusive)."""
        return self.opens_at <= moment < self.closes_at


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    device_id = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "device_id"], name="one_response_per_device")
        ]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT)
    speaker = models.ForeignKey(
        "experts.Expert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_answers",
    )
    value_int = models.SmallIntegerField(null=True, blank=True)
    value_text = models.TextField(blank=True)
    value_choices = models.JSONField(default=list, blank=True)
    # Denormalised from response.survey so one event's analysis is an index-only aggregate.
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "speaker"]),
            models.Index(
                fields=["survey", "question", "speaker", "value_int"], name="answer_survey_scale"
            ),
            models.Index(fields=["speaker", "value_int"], name="answer_speaker_value"),
            models.Index(
                fields=["survey", "question", "id"],
                condition=~models.Q(value_text=""),
                name="answer_survey_text",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.value_int or self.value_text}"


class Reminder(models.Model):
    """The after-event reminder to one checked-in participant: the sent-marker that makes the
    reminder job idempotent (one row per survey and participant, e-mailed once)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    participant = models.ForeignKey(
        "events.Participant", on_delete=models.CASCADE, related_name="feedback_reminders"
    )
    email = models.EmailField(_("e-mail"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("survey reminder")
        verbose_name_plural = _("survey reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "participant"], name="one_reminder_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.survey} → {self.email}"


class Tally(models.Model):
    """A running count of the answers of one survey per (question, speaker, value), kept in the
    transaction that stores each response, so the analysis reads a few dozen rows instead of
    scanning every answer. `value` is the scale value (1-5, 0-10) as text, the key of a chosen
    option, or "" for the count of answers with a text or a choice; `speaker_key` is the expert
    id of a per-speaker question and 0 otherwise (a plain integer: the unique key has no NULL)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    speaker_key = models.PositiveIntegerField(default=0)
    value = models.CharField(max_length=64, blank=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("answer tally")
        verbose_name_plural = _("answer tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "speaker_key", "value"], name="one_tally_per_value"
            )
        ]

    def __str__(self):
        return f"{self.survey_id}/{self.question_id}/{self.speaker_key}/{self.value}: {self.n}"
