from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = _("Payouts")

    def ready(self):
        # AppConfig.ready(): the app registry is loaded only now; the registrations import here.
        from kolplatform.core import hooks
        from payments import (
            rules,  # noqa: F401  (registers the permissions)
            services,
        )
        from payments.cabinet import payouts_in_progress_card
        from payments.caps import annual_cap_lines
        from payments.evidence import event_payouts, expert_year_payouts
        from payments.profile import payouts_section

        hooks.contribute(
            hooks.APPROVAL_HANDLER, "payments.payout", services.PAYOUT_APPROVAL_HANDLER
        )
        # In the signing transaction of an act signed by both sides: its payout.
        hooks.contribute(hooks.ACT_SIGNED, "payments.payout", services.payout_create_from_act)
        # ... and of an entrepreneur's invoice for such an act.
        hooks.contribute(
            hooks.INVOICE_SIGNED, "payments.invoice", services.payout_attach_signed_invoice
        )
        hooks.contribute(hooks.CABINET_CARD, "payments", payouts_in_progress_card, order=30)
        hooks.contribute(hooks.PROFILE_SECTION, "payouts", payouts_section, order=40)
        hooks.contribute(hooks.EVIDENCE_EVENT, "payments", event_payouts, order=40)
        hooks.contribute(hooks.EVIDENCE_EXPERT_YEAR, "payments", expert_year_payouts, order=40)
        # Before money is promised (an order, an event to approval): the annual cap.
        hooks.contribute(hooks.COMMITMENT_LIMITS, "payments.annual_cap", annual_cap_lines, order=20)
        _contribute_nav_items()


def _contribute_nav_items():
    # Called from AppConfig.ready(): the app registry is loaded only then.
    from kolplatform.core.navigation import NavItem, contribute_nav_items
    from kolplatform.core.roles import Role

    contribute_nav_items(
        [
            (
                80,
                NavItem(
                    _("Payouts"),
                    "payments:list",
                    (Role.FINANCE, Role.ADMIN, Role.MARKETING_MANAGER),
                    "cash-coin",
                    _("Payouts, checks, taxes and registries"),
                ),
            ),
            (
                100,
                NavItem(
                    _("Transparency"),
                    "payments:transparency",
                    (Role.COMPLIANCE, Role.FINANCE, Role.ADMIN),
                    "eye",
                    _("Transfers of value to experts per year"),
                    more=True,
                ),
            ),
            (
                170,
                NavItem(
                    _("My payouts"),
                    "payments:cabinet_payouts",
                    (Role.KOL,),
                    "wallet2",
                    _("Fees and their payment status"),
                ),
            ),
        ]
    )
