from django.contrib import admin

from feedback.models import Answer, Question, Reminder, Response, Survey, SurveyTemplate
from kolplatform.core.admin_base import ReadOnlyAdmin
from kolplatform.core.admin_scale import BigTableAdminMixin


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "kind", "text", "text_en", "choices", "per_speaker", "required", "code"]


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_default", "is_frozen", "created_at"]
    list_filter = ["is_default", "is_frozen"]
    search_fields = ["name", "name_en"]
    readonly_fields = ["family", "is_frozen", "created_by", "created_at"]
    inlines = [QuestionInline]

    def has_change_permission(self, request, obj=None):
        # A frozen version is kept as it was answered; edit it in the app to get a new version.
        if obj is not None and obj.is_frozen:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "template", "order", "kind", "per_speaker", "required", "code"]
    list_filter = ["kind", "per_speaker"]
    search_fields = ["text", "text_en", "code"]
    list_select_related = ["template"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["event", "template", "opens_at", "closes_at", "is_anonymous", "created_at"]
    list_filter = ["is_anonymous"]
    search_fields = ["event__title", "token"]
    raw_id_fields = ["event"]
    readonly_fields = ["token", "created_by", "created_at"]
    list_select_related = ["event", "template"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "speaker", "value_int", "value_text", "value_choices"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        # Each row shows its question and speaker (and its own label names the question).
        return super().get_queryset(request).select_related("question", "speaker")


@admin.register(Response)
class ResponseAdmin(BigTableAdminMixin, ReadOnlyAdmin):
    """What participants sent: shown, never edited or deleted here, so the survey's running
    tallies (feedback.tallies) always match the stored answers."""

    list_display = ["survey", "submitted_at", "language", "contact_name", "contact_email"]
    search_fields = ["survey__event__title", "contact_name", "contact_email"]
    raw_id_fields = ["survey"]
    readonly_fields = ["survey", "device_id", "submitted_at", "language"]
    list_select_related = ["survey__event"]
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(BigTableAdminMixin, ReadOnlyAdmin):
    list_display = ["question", "speaker", "value_int", "value_text", "response"]
    list_filter = ["question__kind"]
    raw_id_fields = ["response", "question", "speaker", "survey"]
    list_select_related = ["question", "speaker", "response"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["survey", "email", "created_at", "sent_at", "attempts"]
    list_filter = ["sent_at"]
    search_fields = ["email", "survey__event__title"]
    raw_id_fields = ["survey", "participant"]
    list_select_related = ["survey__event"]
