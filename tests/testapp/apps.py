from django.apps import AppConfig


class TestappConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kolplatform.core import hooks
        from tests.testapp import services

        hooks.contribute(hooks.APPROVAL_HANDLER, "testapp.widget", services.WIDGET_APPROVAL_HANDLER)
