from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "field"
    verbose_name = _("Field work")

    def ready(self):
        from field import rules  # noqa: F401  (object permissions)
        from field.profile import visits_section
        from kolplatform.core import hooks
        from kolplatform.core.navigation import NavItem, contribute_nav_items
        from kolplatform.core.roles import Role

        hooks.contribute(hooks.PROFILE_SECTION, "field_visits", visits_section, order=45)
        contribute_nav_items(
            [
                (
                    35,
                    NavItem(
                        _("Visits"),
                        "field:today",
                        (Role.FIELD_STAFF,),
                        "geo-alt",
                        _("Today's route, check-in and visit reports"),
                    ),
                ),
                (
                    36,
                    NavItem(
                        _("Field team"),
                        "field:team",
                        (Role.MARKETING_MANAGER, Role.ADMIN),
                        "people",
                        _("Plans, attainment and the review of visits"),
                    ),
                ),
            ]
        )
