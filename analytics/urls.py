from django.urls import path

from analytics import api, views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("drill/events/", views.drill_events, name="drill_events"),
    path("drill/payouts/", views.drill_payouts, name="drill_payouts"),
    path("drill/experts/", views.drill_experts, name="drill_experts"),
    path("kol/<int:pk>/", views.kol, name="kol"),
    path("roi/", views.roi_view, name="roi"),
    path("kpi/", views.kpi, name="kpi"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_edit, name="plan_new"),
    path("plans/<int:pk>/", views.plan_edit, name="plan_edit"),
    path("plans/import/", views.plans_upload, name="plans_import"),
    path("kpi-targets/new/", views.kpi_target_edit, name="kpi_target_new"),
    path("kpi-targets/<int:pk>/", views.kpi_target_edit, name="kpi_target_edit"),
    path("sales/", views.sales, name="sales"),
    path("sales/import/", views.sales_upload, name="sales_import"),
    path("refresh/", views.refresh, name="refresh"),
    path("api/<slug:dataset>/", api.BiFeedView.as_view(), name="api"),
]
