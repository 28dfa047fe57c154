from functools import partial

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from kolplatform.core import hooks
        from kolplatform.core.navigation import NavItem, contribute_nav_items
        from kolplatform.core.roles import Role
        from webhooks.services.outbox import record_event, record_events

        # The outbox: every domain event, written in the transaction that emits it.
        for event in hooks.EVENTS:
            hooks.subscribe(
                event,
                "webhooks",
                partial(record_event, event),
                in_transaction=True,
                many=partial(record_events, event),
            )
        contribute_nav_items(
            [
                (
                    125,
                    NavItem(
                        _("Webhooks"),
                        "webhooks:endpoints",
                        (Role.ADMIN,),
                        "broadcast",
                        _("Domain events pushed to other systems"),
                        more=True,
                    ),
                )
            ]
        )
