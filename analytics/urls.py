from django.urls import path

from analytics import api, views, views_plans

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("drill/events/", views.drill_events, name="drill_events"),
    path("drill/payouts/", views.drill_payouts, name="drill_payouts"),
    path("products/", views.products, name="products"),
    path("drill/experts/", views.drill_experts, name="drill_experts"),
    path("kol/<int:pk>/", views.kol, name="kol"),
    path("roi/", views.roi_view, name="roi"),
    path("kpi/", views.kpi, name="kpi"),
    path("plans/", views_plans.plans, name="plans"),
    path("plans/new/", views_plans.plan_edit, name="plan_new"),
    path("plans/<int:pk>/", views_plans.plan_edit, name="plan_edit"),
    path("plans/import/", views_plans.plans_upload, name="plans_import"),
    path("kpi-targets/new/", views_plans.kpi_target_edit, name="kpi_target_new"),
    path("kpi-targets/<int:pk>/", views_plans.kpi_target_edit, name="kpi_target_edit"),
    path("sales/", views_plans.sales, name="sales"),
    path("sales/import/", views_plans.sales_upload, name="sales_import"),
    path("imports/<int:pk>/", views_plans.data_import, name="data_import"),
    path("imports/<int:pk>/status/", views_plans.data_import_status, name="data_import_status"),
    path("refresh/", views.refresh, name="refresh"),
    path("api/<slug:dataset>/", api.BiFeedView.as_view(), name="api"),
]
