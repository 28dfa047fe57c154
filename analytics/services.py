"""Writes of the analytics module: the facts refresh and the XLSX imports."""

from django.db import connection, transaction
from django.utils import timezone

from analytics.models import EventFact, FactsRefresh
from analytics.sql import refresh_facts_sql


def facts_refresh() -> FactsRefresh:
    """Rebuild the per-event summary table from the live view in one transaction; readers see
    the previous rows until it commits. Safe to run twice."""
    run = FactsRefresh(started_at=timezone.now())
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in refresh_facts_sql():
                cursor.execute(sql)
        run.rows = EventFact.objects.count()
        run.finished_at = timezone.now()
        run.save()
    return run
