from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = _("Payouts")

    def ready(self):
        from contracts.services import (
            register_act_signed_listener,
            register_invoice_signed_listener,
        )
        from kolplatform.core.cabinet import register_cabinet_card
        from payments import (
            rules,  # noqa: F401  (registers the permissions)
            services,
        )
        from payments.cabinet import payouts_in_progress_card

        # The contracts module calls us when an act becomes signed by both sides.
        register_act_signed_listener(services.payout_create_from_act)
        # ... and when an entrepreneur signs the invoice for such an act.
        register_invoice_signed_listener(services.payout_attach_signed_invoice)
        register_cabinet_card("payments", order=30, provider=payouts_in_progress_card)
