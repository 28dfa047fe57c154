from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events import rules  # noqa: F401
        from events.cabinet import upcoming_events_card
        from events.services import register_handlers
        from kolplatform.core.cabinet import register_cabinet_card

        register_handlers()
        register_cabinet_card("events", order=20, provider=upcoming_events_card)
