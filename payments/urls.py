from django.urls import path

from payments.views import cabinet, registries, staff, transparency

app_name = "payments"

urlpatterns = [
    path("", staff.payout_list, name="list"),
    path("<int:pk>/", staff.payout_detail, name="detail"),
    path("<int:pk>/check/", staff.payout_check, name="check"),
    path("<int:pk>/approve/", staff.payout_approve, name="approve"),
    path("<int:pk>/cancel/", staff.payout_cancel, name="cancel"),
    path("<int:pk>/retry/", staff.payout_retry, name="retry"),
    path("<int:pk>/exception/", staff.payout_exception, name="exception"),
    path("<int:pk>/npd/", staff.payout_npd_confirm, name="npd_confirm"),
    path("<int:pk>/invoice/", staff.payout_invoice, name="invoice"),
    path("<int:pk>/message/", staff.payout_message, name="message"),
    path("<int:pk>/documents/<int:doc_pk>/", staff.document_download, name="document"),
    path("registries/", registries.registry_list, name="registry_list"),
    path("registries/export/", registries.registry_export, name="registry_export"),
    path("registries/<int:pk>/", registries.registry_detail, name="registry_detail"),
    path("registries/<int:pk>/<str:kind>/", registries.registry_file, name="registry_file"),
    path("confirmations/import/", registries.confirmation_import, name="confirmation_import"),
    path("confirmations/<int:pk>/", registries.confirmation_detail, name="confirmation_detail"),
    path("transparency/", transparency.transparency_report, name="transparency"),
    path("cabinet/", cabinet.cabinet_payouts, name="cabinet_payouts"),
    path("cabinet/<int:pk>/", cabinet.cabinet_detail, name="cabinet_detail"),
    path("cabinet/<int:pk>/status/", cabinet.cabinet_status, name="cabinet_status"),
    path("cabinet/<int:pk>/receipt/", cabinet.cabinet_receipt, name="cabinet_receipt"),
    path("cabinet/<int:pk>/message/", cabinet.cabinet_message, name="cabinet_message"),
]
