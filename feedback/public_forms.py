"""The public survey form: one field per form item (issue 7). Validation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import Question
from feedback.selectors import FormItem
from feedback.services import AnswerValue

TEXT_MAX = 2000


class PublicSurveyForm(forms.Form):
    """Fields are named by FormItem.key (q<question>[_s<speaker>]); rendered by the template."""

    def __init__(
        self,
        *args,
        items: list[FormItem],
        language: str,
        with_contact: bool,
        with_badge_code: bool = False,
        **kw,
    ):
        super().__init__(*args, **kw)
        self.items, self.language = items, language
        if with_badge_code:
            self.fields["badge_code"] = forms.CharField(
                label=_("Code on your badge"),
                max_length=20,
                help_text=_("Eight letters and digits under the QR code of your badge."),
            )
        for item in items:
            self.fields[item.key] = self._field(item.question)
        if with_contact:
            self.fields["contact_name"] = forms.CharField(
                label=_("Your name"), max_length=200, required=False
            )
            self.fields["contact_email"] = forms.EmailField(label=_("E-mail"), required=False)

    def _field(self, q: Question) -> forms.Field:
        required, label = q.required, q.text_for(self.language)
        if q.is_scale:
            choices = [(str(v), str(v)) for v in Question.SCALES[q.kind]]
            return forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, required=required
            )
        if q.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                label=label, choices=q.choice_pairs(self.language), required=required
            )
        if q.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=label, choices=q.choice_pairs(self.language), required=required
            )
        return forms.CharField(label=label, max_length=TEXT_MAX, required=required)

    def rows(self):
        """(item, bound field) in order, for the template."""
        return [(item, self[item.key]) for item in self.items]

    def answers(self) -> list[AnswerValue]:
        values = []
        for item in self.items:
            value = self.cleaned_data.get(item.key)
            if value in (None, "", []):
                continue  # an optional question left empty stores nothing
            answer = AnswerValue(
                question_id=item.question.pk, speaker_id=item.speaker.pk if item.speaker else None
            )
            if item.question.is_scale:
                answer.value_int = value
            elif item.question.kind == Question.Kind.SINGLE:
                answer.value_choices = [value]
            elif item.question.kind == Question.Kind.MULTIPLE:
                answer.value_choices = list(value)
            else:
                answer.value_text = value.strip()
            values.append(answer)
        return values
