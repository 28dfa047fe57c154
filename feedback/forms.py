"""Forms of feedback: validation only (issue 7)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import Question, Survey, SurveyTemplate
from kolplatform.core.models import Region
from kolplatform.core.pickers import use_picker

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# --- templates (staff) -----------------------------------------------------------------------


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Question.Kind.choices, initial=Question.Kind.RATING
    )
    text = forms.CharField(label=_("Question"), max_length=300)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For choice questions: one option a line, “Russian | English”."),
    )
    per_speaker = forms.BooleanField(label=_("For each speaker"), required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        required=False,
        help_text=_("Optional; the same code joins this question across versions in reports."),
    )

    def clean(self):
        data = super().clean()
        kind, lines = data.get("kind"), (data.get("choices_text") or "").splitlines()
        options = [line.strip() for line in lines if line.strip()]
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(options) < 2:
                self.add_error("choices_text", _("A choice question needs at least two options."))
        elif options:
            self.add_error("choices_text", _("Only choice questions have options."))
        if data.get("per_speaker") and kind not in (Question.Kind.RATING, Question.Kind.TEXT):
            self.add_error("per_speaker", _("Only ratings and text can be asked per speaker."))
        data["choices"] = [
            {"key": str(i), "ru": ru.strip(), "en": en.strip()}
            for i, (ru, _sep, en) in enumerate((o.partition("|") for o in options), start=1)
        ]
        return data

    def question_fields(self) -> dict:
        d = self.cleaned_data
        keys = ("kind", "text", "text_en", "choices", "per_speaker", "required", "code")
        return {k: d[k] for k in keys}

    @staticmethod
    def initial_for(question: Question) -> dict:
        return {
            "kind": question.kind,
            "text": question.text,
            "text_en": question.text_en,
            "choices_text": "\n".join(
                f"{c.get('ru', '')} | {c.get('en', '')}".rstrip(" |") for c in question.choices
            ),
            "per_speaker": question.per_speaker,
            "required": question.required,
            "code": question.code,
        }


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.has_changed() or f.initial]
        kept = [f for f in kept if not self._should_delete_form(f) and f.cleaned_data]
        if not kept:
            raise forms.ValidationError(_("A template needs at least one question."))

    def questions(self) -> list[dict]:
        return [
            f.question_fields()
            for f in self.forms
            if f.cleaned_data and not self._should_delete_form(f)
        ]


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=1, can_delete=True, max_num=40
)


# --- the event's survey (staff) --------------------------------------------------------------


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["template", "opens_at", "closes_at", "is_anonymous", "access"]
        widgets = {"opens_at": DATETIME_WIDGET, "closes_at": DATETIME_WIDGET}
        help_texts = {
            "is_anonymous": _("Untick to let participants leave their name and e-mail (optional)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = SurveyTemplate.objects.order_by("name", "-version")
        self.fields["opens_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["closes_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        if self.instance.pk:  # the template of an existing survey is fixed (answers refer to it)
            self.fields["template"].disabled = True
        self.fields["access"].required = False  # left out: who may answer does not change

    def clean_access(self):
        return self.cleaned_data.get("access") or self.instance.access or Survey.Access.OPEN

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data


# --- analytics filters -----------------------------------------------------------------------


class OverviewFilterForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None, required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)
    speaker = forms.IntegerField(label=_("Speaker"), required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_picker(self.fields["product"], "product", empty_label="---------")
        self.fields["region"].queryset = Region.objects.order_by("name")
