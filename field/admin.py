"""Administration of field work: the policy, radii, segmentation matrix, points table,
production calendar, representatives and their managers, segment history."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext as _

from field.models import (
    CalendarDay,
    CyclePlan,
    DistanceBand,
    ExpertSegment,
    FieldPolicy,
    FieldRep,
    PointsRule,
    SegmentCell,
    TypeRadius,
)
from field.segments import change_allowed
from field.services.segments import segment_assign, segment_current


@admin.register(FieldPolicy)
class FieldPolicyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not FieldPolicy.objects.exists()


@admin.register(TypeRadius)
class TypeRadiusAdmin(admin.ModelAdmin):
    list_display = ("kind", "radius_m")


@admin.register(SegmentCell)
class SegmentCellAdmin(admin.ModelAdmin):
    list_display = ("__str__", "potential", "influence", "visits_per_month")
    list_editable = ("visits_per_month",)


@admin.register(PointsRule)
class PointsRuleAdmin(admin.ModelAdmin):
    list_display = ("institution_kind", "visit_type", "base", "per_extra_doctor", "cap")
    list_filter = ("institution_kind", "visit_type")


@admin.register(DistanceBand)
class DistanceBandAdmin(admin.ModelAdmin):
    list_display = ("from_km", "bonus")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "note")
    list_filter = ("kind",)
    date_hierarchy = "day"


@admin.register(FieldRep)
class FieldRepAdmin(admin.ModelAdmin):
    list_display = ("__str__", "manager", "visits_per_day", "points_month")
    autocomplete_fields = ("user", "manager")
    list_select_related = ("user", "manager")


@admin.register(CyclePlan)
class CyclePlanAdmin(admin.ModelAdmin):
    list_display = ("__str__", "rep", "status", "locked_at")
    list_select_related = ("rep",)
    readonly_fields = ("status", "locked_at", "locked_by")
    raw_id_fields = ("rep",)


class SegmentForm(forms.ModelForm):
    class Meta:
        model = ExpertSegment
        fields = ("expert", "cell", "override_reason")

    def clean(self):
        data = super().clean()
        expert = data.get("expert")
        current = segment_current(expert) if expert else None
        if current is not None and not change_allowed(
            last_change=current.assigned_on,
            today=timezone.localdate(),
            override=bool((data.get("override_reason") or "").strip()),
        ):
            raise forms.ValidationError(
                _(
                    "The segment was changed on %(last)s; give a reason to override the "
                    "6-month rule."
                )
                % {"last": f"{current.assigned_on:%d.%m.%Y}"}
            )
        return data


@admin.register(ExpertSegment)
class ExpertSegmentAdmin(admin.ModelAdmin):
    """A new row sets the segment through the 6-month rule (an override needs a reason and is
    audited); rows are history and are not edited."""

    form = SegmentForm
    list_display = ("expert", "cell", "assigned_on", "assigned_by", "override_reason")
    list_select_related = ("expert", "cell", "assigned_by")
    raw_id_fields = ("expert",)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = segment_assign(
            expert=obj.expert,
            cell=obj.cell,
            actor=request.user,
            today=timezone.localdate(),
            override_reason=obj.override_reason,
        )
        obj.pk = saved.pk
