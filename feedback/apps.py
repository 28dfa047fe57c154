from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback"

    def ready(self):
        # AppConfig.ready(): the app registry is loaded only now; the registrations import here.
        from feedback.evidence import event_feedback, expert_year_feedback
        from feedback.grading_source import speaker_rating_for_grading
        from feedback.participant_links import survey_link
        from feedback.profile import rating_section
        from kolplatform.core import hooks
        from kolplatform.core.navigation import NavItem, contribute_nav_items
        from kolplatform.core.roles import Role

        hooks.contribute(hooks.PROFILE_SECTION, "ratings", rating_section, order=50)
        hooks.contribute(hooks.PARTICIPANT_LINK, "survey", survey_link, order=10)
        hooks.contribute(hooks.SPEAKER_RATING, "feedback", speaker_rating_for_grading)
        hooks.contribute(hooks.EVIDENCE_EVENT, "feedback", event_feedback, order=30)
        hooks.contribute(hooks.EVIDENCE_EXPERT_YEAR, "feedback", expert_year_feedback, order=30)
        contribute_nav_items(
            [
                (
                    50,
                    NavItem(
                        _("Feedback"),
                        "feedback:overview",
                        (Role.MARKETING_MANAGER, Role.COMPLIANCE, Role.ADMIN),  # view_overview
                        "chat-square-heart",
                        _("QR surveys after events and speaker ratings"),
                        more=True,
                    ),
                )
            ]
        )
