from kolplatform.core.errors import DomainError


class FieldError(DomainError):
    """A rule of field work refused the operation."""
