from kolplatform.core.errors import DomainError


class ContractError(DomainError):
    """A request the contract rules refuse; the message is shown to the user."""


class SigningError(ContractError):
    """A signing step refused (code wrong, expired, used, not allowed)."""


class SealUnavailable(ContractError):
    """The organisation's seal cannot be applied now: its certificate is missing."""
