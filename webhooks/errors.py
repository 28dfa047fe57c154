from kolplatform.core.errors import DomainError


class WebhookError(DomainError):
    """A webhook endpoint or delivery change that cannot be made."""
