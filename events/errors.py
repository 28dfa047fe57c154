"""The error of the event writes (events.services, the programme, logistics, notices, closing)."""

from kolplatform.core.errors import DomainError


class EventError(DomainError):
    """A write the rules refuse; the message is shown to the user."""
