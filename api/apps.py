from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Integrations API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kolplatform.core.navigation import NavItem, contribute_nav_items
        from kolplatform.core.roles import Role

        contribute_nav_items(
            [
                (
                    125,
                    NavItem(
                        _("API keys"),
                        "api_keys:list",
                        (Role.ADMIN,),
                        "key",
                        _("Keys of the systems that use the REST API"),
                        more=True,
                    ),
                )
            ]
        )
