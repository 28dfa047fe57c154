from django.urls import path

from experts.views import cabinet, grading, imports, institutions, lists, profile, requests

app_name = "experts"

urlpatterns = [
    path("", lists.expert_list_view, name="list"),
    path("export/<str:fmt>/", lists.expert_export_view, name="export"),
    path("institutions/search/", lists.institution_search_view, name="institution_search"),
    path("institutions/new/", institutions.institution_create_view, name="institution_create"),
    path("new/", profile.expert_create_view, name="create"),
    path("<int:pk>/", profile.expert_detail_view, name="detail"),
    path("<int:pk>/edit/", profile.expert_update_view, name="update"),
    path("<int:pk>/bank/", profile.bank_details_view, name="bank_details"),
    path("<int:pk>/consent/", profile.consent_add_view, name="consent_add"),
    path("consents/<int:pk>/withdraw/", profile.consent_withdraw_view, name="consent_withdraw"),
    path("<int:pk>/activities/", profile.activity_add_view, name="activity_add"),
    path("<int:pk>/competencies/", profile.competency_add_view, name="competency_add"),
    path("<int:pk>/personal-data.zip", profile.export_data_view, name="export_data"),
    path("<int:pk>/evidence/<int:year>.zip", profile.evidence_pack_view, name="evidence_pack"),
    path("<int:pk>/erase/", profile.erase_view, name="erase"),
    path("<int:pk>/merge/", profile.merge_view, name="merge"),
    path("<int:pk>/assess/", grading.assessment_start_view, name="assessment_start"),
    path("assessments/<int:pk>/", grading.assessment_view, name="assessment"),
    path(
        "assessments/<int:pk>/<str:decision>/",
        grading.assessment_decide_view,
        name="assessment_decide",
    ),
    path("rate-cards/", grading.rate_cards_view, name="rate_cards"),
    path("imports/", imports.import_list_view, name="imports"),
    path("imports/<int:pk>/", imports.import_detail_view, name="import"),
    path("imports/<int:pk>/start/", imports.import_start_view, name="import_start"),
    path("imports/<int:pk>/progress/", imports.import_progress_view, name="import_progress"),
    path("imports/<int:pk>/errors.csv", imports.import_errors_view, name="import_errors"),
    path("requests/", requests.request_list_view, name="requests"),
    path("requests/new/<str:kind>/", requests.request_new_view, name="request_new"),
    path("requests/<int:pk>/", requests.request_detail_view, name="request"),
    path("requests/<int:pk>/<str:decision>/", requests.request_decide_view, name="request_decide"),
    path("cabinet/profile/", cabinet.cabinet_profile_view, name="cabinet_profile"),
    path("cabinet/bank/", cabinet.cabinet_bank_view, name="cabinet_bank"),
    path("cabinet/profile/change/", cabinet.cabinet_profile_change_view, name="cabinet_change"),
    path("cabinet/personal-data.zip", cabinet.cabinet_export_view, name="cabinet_export"),
]
