from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kolplatform.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        # AppConfig.ready(): the app registry is loaded only now; the registrations import here.
        from django.contrib.auth.signals import user_logged_in

        from kolplatform.core import (
            checks,  # noqa: F401  (registers the deploy checks)
            two_factor,  # noqa: F401  (the sign-in receiver)
        )
        from kolplatform.core.navigation import contribute_nav_items, core_nav_items
        from kolplatform.core.session_timeout import session_start_on_sign_in

        # Every way of signing in (the form, the admin, a second factor) starts the clocks.
        user_logged_in.connect(session_start_on_sign_in, dispatch_uid="core.session_start")
        contribute_nav_items(core_nav_items())
