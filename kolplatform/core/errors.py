"""The one base of domain errors: a business rule refused an operation, and the message says why,
in words for the user. Views turn it into a message or a form error (`core.actions.run_service`);
anything else raised by a service is a defect and ends as a 500."""


class DomainError(Exception):
    """A rule refused the operation; `message` is for the user, `field` (optional) names the
    form field it concerns."""

    def __init__(self, *args, field: str | None = None):
        super().__init__(*args)
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""
