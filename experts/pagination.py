"""The expert list's paginator is the platform's (kolplatform.core.pagination)."""

from kolplatform.core.pagination import COUNT_CAP, CappedPaginator

__all__ = ["COUNT_CAP", "CappedPaginator"]
