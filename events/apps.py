from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # AppConfig.ready(): the app registry is loaded only now; the registrations import here.
        from events import rules  # noqa: F401
        from events.cabinet import upcoming_events_card
        from events.evidence import event_sections, expert_year_sections
        from events.profile import participant_section, speaker_section
        from events.services import EVENT_APPROVAL_HANDLER
        from kolplatform.core import hooks

        hooks.contribute(hooks.APPROVAL_HANDLER, "events.event", EVENT_APPROVAL_HANDLER)
        hooks.contribute(hooks.CABINET_CARD, "events", upcoming_events_card, order=20)
        hooks.contribute(hooks.PROFILE_SECTION, "program_items", speaker_section, order=20)
        hooks.contribute(hooks.PROFILE_SECTION, "participations", participant_section, order=30)
        hooks.contribute(hooks.EVIDENCE_EVENT, "events", event_sections, order=10)
        hooks.contribute(hooks.EVIDENCE_EXPERT_YEAR, "events", expert_year_sections, order=20)
        _contribute_nav_items()


def _contribute_nav_items():
    # Called from AppConfig.ready(): the app registry is loaded only then.
    from kolplatform.core.navigation import STAFF, NavItem, contribute_nav_items
    from kolplatform.core.roles import Role

    contribute_nav_items(
        [
            (
                40,
                NavItem(
                    _("Events"),
                    "events:list",
                    STAFF,
                    "calendar-event",
                    _("Events, speakers, budgets and closing"),
                ),
            ),
            (
                60,
                NavItem(
                    _("My tasks"),
                    "events:my_tasks",
                    STAFF,
                    "check2-square",
                    _("What is waiting for you"),
                ),
            ),
            (
                90,
                NavItem(
                    _("Compliance"),
                    "events:compliance_calendar",
                    (Role.COMPLIANCE, Role.ADMIN),  # events.manage_notice
                    "shield-check",
                    _("Regulatory notifications and closing evidence"),
                ),
            ),
            (
                160,
                NavItem(
                    _("My events"),
                    "events:cabinet_events",
                    (Role.KOL,),
                    "calendar-check",
                    _("Events you speak at"),
                ),
            ),
        ]
    )
