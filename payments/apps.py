from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = _("Payouts")

    def ready(self):
        from payments import (
            rules,  # noqa: F401  (registers the permissions)
            services,
        )

        try:  # the contracts module calls us when an act becomes signed by both sides
            from contracts.services import register_act_signed_listener
        except (ImportError, AttributeError):  # pragma: no cover - before contracts is merged
            return
        register_act_signed_listener(services.payout_create_from_act)  # pragma: no cover
