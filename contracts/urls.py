from django.urls import path

from contracts import archive_views, cabinet_views, views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list_view, name="list"),
    path("new/", views.contract_create_view, name="create"),
    path("<int:pk>/", views.contract_detail_view, name="detail"),
    path("<int:pk>/edit/", views.contract_edit_view, name="edit"),
    path("<int:pk>/decide/", views.contract_decide_view, name="decide"),
    path("<int:pk>/identity/", views.identity_confirm_view, name="identity_confirm"),
    path("<int:pk>/orders/new/", views.order_create_view, name="order_create"),
    path("<int:pk>/do/<slug:action>/", views.contract_action_view, name="action"),
    path("orders/<int:pk>/<slug:action>/", views.order_action_view, name="order_action"),
    path("documents/<int:pk>/", cabinet_views.document_view, name="document"),
    path("documents/<int:pk>/send/", views.document_send_view, name="document_send"),
    path("documents/<int:pk>/code/", cabinet_views.otp_request_view, name="otp_request"),
    path("documents/<int:pk>/sign/", cabinet_views.sign_view, name="sign"),
    path("documents/<int:pk>/decline/", cabinet_views.decline_view, name="decline"),
    path("documents/<int:pk>/<str:which>.pdf", cabinet_views.document_file, name="document_file"),
    path("templates/", archive_views.template_list_view, name="templates"),
    path("templates/new/", archive_views.template_edit_view, name="template_create"),
    path("templates/<int:pk>/", archive_views.template_edit_view, name="template_edit"),
    path(
        "templates/<int:pk>/preview/", archive_views.template_preview_view, name="template_preview"
    ),
    path("archive/", archive_views.archive_view, name="archive"),
    path("cabinet/", cabinet_views.cabinet_home, name="cabinet_home"),
    path("cabinet/documents/", cabinet_views.cabinet_documents_view, name="cabinet_documents"),
    path("cabinet/documents/<int:pk>/", cabinet_views.document_view, name="cabinet_document"),
    path("cabinet/welcome/", cabinet_views.cabinet_onboarding, name="cabinet_onboarding"),
    path("cabinet/agreements/<slug:kind>.pdf", cabinet_views.agreement_pdf, name="agreement_pdf"),
    path("invitation/<str:token>/", cabinet_views.invitation_view, name="invitation"),
]
