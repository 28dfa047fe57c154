from django.urls import path

from events.views import actions, event, lists, pickers, public

app_name = "events"

urlpatterns = [
    path("", lists.event_list_view, name="list"),
    path("mine/", lists.event_list_view, {"mine": True}, name="mine"),
    path("calendar/", lists.event_calendar, name="calendar"),
    path("export.xlsx", lists.event_export, name="export"),
    path("tasks/", lists.my_tasks, name="my_tasks"),
    path("new/", event.event_form, name="create"),
    path("<int:pk>/", event.event_detail, name="detail"),
    path("<int:pk>/edit/", event.event_form, name="edit"),
    path("<int:pk>/programme/add/", event.program_add, name="program_add"),
    path("<int:pk>/experts/<str:role>/search/", pickers.expert_search, name="expert_search"),
    path("<int:pk>/programme/order/", event.speaker_order, name="speaker_order"),
    path("<int:pk>/budget/add/", event.budget_line_form, name="budget_add"),
    path("<int:pk>/budget/<int:line_pk>/", event.budget_line_form, name="budget_edit"),
    path("<int:pk>/participants/add/", event.participant_form, name="participant_add"),
    path(
        "<int:pk>/participants/<int:participant_pk>/<str:action>/",
        actions.participant_action,
        name="participant_action",
    ),
    path("<int:pk>/tasks/add/", event.task_form, name="task_add"),
    path("<int:pk>/tasks/<int:task_pk>/toggle/", actions.task_toggle, name="task_toggle"),
    path("<int:pk>/vendors/add/", event.vendor_request_form, name="vendor_request_add"),
    path(
        "<int:pk>/vendors/<int:request_pk>/paid/",
        actions.vendor_payment,
        name="vendor_payment",
    ),
    path(
        "<int:pk>/vendors/<int:request_pk>/<str:action>/",
        actions.vendor_request_action,
        name="vendor_request_action",
    ),
    path("<int:pk>/do/<str:action>/", actions.event_transition, name="transition"),
    path("<int:pk>/decide/", actions.event_decide, name="decide"),
    path("<int:pk>/notice/generate/", actions.notice_generate, name="notice_generate"),
    path("<int:pk>/notice/<int:notice_pk>/submit/", actions.notice_submit, name="notice_submit"),
    path("<int:pk>/notice/override/", actions.notice_override, name="notice_override"),
    path(
        "<int:pk>/notice/close-override/",
        actions.notice_close_override,
        name="notice_close_override",
    ),
    path(
        "<int:pk>/checklist/<int:item_pk>/upload/",
        actions.checklist_upload,
        name="checklist_upload",
    ),
    path(
        "<int:pk>/checklist/<int:item_pk>/review/",
        actions.checklist_review,
        name="checklist_review",
    ),
    path("<int:pk>/archive.zip", actions.event_archive, name="archive"),
    path("checkin/<uuid:token>/", actions.checkin_by_badge, name="checkin"),
    path("badge/<uuid:token>/", public.badge, name="badge"),
    path("badge/<uuid:token>/certificate.pdf", public.badge_certificate, name="certificate"),
    path("vendor/<str:token>/", public.vendor_page, name="vendor_page"),
    path("compliance/", public.compliance_calendar_view, name="compliance_calendar"),
    path("cabinet/", public.cabinet_events_view, name="cabinet_events"),
]
