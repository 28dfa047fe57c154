"""Domain errors of feedback; views turn them into pages or messages."""

from kolplatform.core.errors import DomainError


class FeedbackError(DomainError):
    """Base class of feedback's domain errors."""


class SurveyClosed(FeedbackError):
    """The survey does not accept answers now (not yet open or already closed)."""


class AlreadyAnswered(FeedbackError):
    """This device has already answered this survey."""


class SurveyExists(FeedbackError):
    """The event already has its survey."""
