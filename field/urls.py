from django.urls import path

from field.views import offline, plans, settings, team, visits

app_name = "field"

urlpatterns = [
    path("", visits.today, name="today"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<int:pk>/", team.visit_detail, name="visit"),
    path("visits/<int:pk>/check-in/", visits.check_in, name="check_in"),
    path("visits/<int:pk>/check-out/", visits.check_out, name="check_out"),
    path("visits/<int:pk>/report/", visits.report, name="report"),
    path("visits/<int:pk>/review/", team.review, name="review"),
    path("visits/<int:pk>/unlock/", team.unlock, name="unlock"),
    path("team/", team.team, name="team"),
    path("team/<int:pk>/targets/", settings.rep_targets, name="rep_targets"),
    path("settings/", settings.field_settings, name="settings"),
    path("experts/<int:pk>/segment/", settings.expert_segment, name="expert_segment"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/targets/", plans.target_new, name="target_new"),
    path(
        "plans/<int:pk>/targets/<int:target_pk>/delete/", plans.target_delete, name="target_delete"
    ),
    path(
        "plans/<int:pk>/targets/<int:target_pk>/schedule/",
        plans.target_schedule,
        name="target_schedule",
    ),
    path("plans/<int:pk>/lock/", plans.lock, name="lock"),
    path("plans/<int:pk>/goal-changes/", plans.goal_change_new, name="goal_change_new"),
    path("goal-changes/<int:pk>/decide/", plans.goal_change_decision, name="goal_change_decide"),
]
