"""Feedback: survey templates, a survey per event (token + QR), responses and answers.
Skeleton of the shared fields; the feedback module extends it (adds, never renames)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_survey_token() -> str:
    return secrets.token_urlsafe(24)


class SurveyTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_default = models.BooleanField(_("default"), default=False)
    is_frozen = models.BooleanField(_("frozen (used)"), default=False)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["name", "-version"]

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

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "order"]

    def __str__(self):
        return self.text


class Survey(models.Model):
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="survey")
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT)
    token = models.CharField(max_length=64, unique=True, default=new_survey_token, editable=False)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return str(self.event)


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    device_id = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "device_id"], name="one_response_per_device")
        ]

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

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "speaker"])]

    def __str__(self):
        return f"{self.question}: {self.value_int or self.value_text}"
