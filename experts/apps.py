from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "experts"

    def ready(self):
        # AppConfig.ready(): the app registry is loaded only now; the registrations import here.
        from experts.evidence import expert_card
        from experts.inbox import assessments_to_decide, data_requests_to_decide
        from kolplatform.core import hooks
        from kolplatform.core.navigation import STAFF, NavItem, contribute_nav_items
        from kolplatform.core.roles import Role

        hooks.contribute(hooks.EVIDENCE_EXPERT_YEAR, "experts", expert_card, order=0)
        hooks.contribute(hooks.PENDING_DECISIONS, "assessments", assessments_to_decide, order=10)
        hooks.contribute(
            hooks.PENDING_DECISIONS, "data_requests", data_requests_to_decide, order=20
        )

        contribute_nav_items(
            [
                (
                    20,
                    NavItem(
                        _("Experts"),
                        "experts:list",
                        STAFF,
                        "people",
                        _("Expert base, grading and targeting"),
                    ),
                ),
                (
                    180,
                    NavItem(
                        _("Profile"),
                        "experts:cabinet_profile",
                        (Role.KOL,),
                        "person-vcard",
                        _("Your details and consents"),
                    ),
                ),
            ]
        )
