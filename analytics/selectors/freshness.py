"""When the figures were last refreshed, and uploads of plans or sales."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from analytics.models import (
    DataImport,
    FactsRefresh,
)


def data_as_of():
    latest = FactsRefresh.objects.filter(finished_at__isnull=False).first()
    return latest.finished_at if latest else None


# --- imports ------------------------------------------------------------------------------------


def data_import_get_for_user(*, user, pk: int) -> DataImport:
    """An upload of plans or sales for `user` or 404 (another manager's upload is not revealed)."""
    data_import = get_object_or_404(DataImport, pk=pk)
    if not user.has_perm("analytics.view_dataimport", data_import):
        raise Http404
    return data_import
