"""Domain errors of the expert base; views turn them into messages."""

from kolplatform.core.errors import DomainError


class ExpertsError(DomainError):
    """A business rule of the expert base refused the operation; the message is for the user."""


class NoRateCardError(ExpertsError):
    pass


class GradingError(ExpertsError):
    pass


class ConsentError(ExpertsError):
    pass


class ImportFileError(ExpertsError):
    pass


class MergeError(ExpertsError):
    pass


class DataRequestError(ExpertsError):
    pass
