from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contracts"
    verbose_name = _("Contracts and documents")

    def ready(self):
        from contracts import checks  # noqa: F401  (registers the system checks)
        from contracts.evidence import expert_year_evidence
        from contracts.profile import caps_section, contracts_section
        from contracts.selectors import contract_cap_lines
        from contracts.services import CONTRACT_APPROVAL_HANDLER
        from kolplatform.core import hooks
        from kolplatform.core.navigation import STAFF, NavItem, contribute_nav_items
        from kolplatform.core.roles import Role

        hooks.contribute(hooks.APPROVAL_HANDLER, "contracts.contract", CONTRACT_APPROVAL_HANDLER)
        hooks.contribute(hooks.PROFILE_SECTION, "contracts", contracts_section, order=10)
        hooks.contribute(hooks.EVIDENCE_EXPERT_YEAR, "contracts", expert_year_evidence, order=10)
        hooks.contribute(hooks.PROFILE_SECTION, "caps", caps_section, order=15)
        hooks.contribute(hooks.COMMITMENT_LIMITS, "contracts", contract_cap_lines, order=10)
        contribute_nav_items(
            [
                (
                    30,
                    NavItem(
                        _("Contracts"),
                        "contracts:list",
                        STAFF,
                        "file-earmark-text",
                        _("Contracts, service orders, acts and signatures"),
                    ),
                ),
                (
                    140,
                    NavItem(_("My cabinet"), "contracts:cabinet_home", (Role.KOL,), "person-badge"),
                ),
                (
                    150,
                    NavItem(
                        _("Documents"),
                        "contracts:cabinet_documents",
                        (Role.KOL,),
                        "file-earmark-check",
                        _("Contracts and acts to sign"),
                    ),
                ),
            ]
        )
