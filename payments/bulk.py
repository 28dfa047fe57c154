"""Inserting many rows at once with one prepared statement (executemany).

Django's bulk_create compiles every value of every row into one statement; for the tens of
thousands of check and audit rows of a batch run that compilation dominates. These rows are
append-only records with no signals or save() logic, so a prepared INSERT is equivalent.
"""

from django.db import connection, models

# Values the drivers take as they are (Django registers Decimal for SQLite); others are prepared.
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)
PLAIN += (models.DecimalField, models.BooleanField, models.GenericIPAddressField)


def prepare_row(fields, values) -> list:
    """Database values for one row: plain values as they are, dates and JSON prepared."""
    return [
        value if value is None or isinstance(f, PLAIN) else f.get_db_prep_save(value, connection)
        for f, value in zip(fields, values, strict=True)
    ]


def insert_rows(model, field_names: list[str], rows: list[list]) -> None:
    """INSERT `rows` (values in `field_names` order, attnames for foreign keys) into `model`."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepared = [prepare_row(fields, row) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def audit_rows(*, actor, entries) -> None:
    """Status-change audit records, the fields of core.audit.audit_transition, for many objects.

    `entries`: (obj, from_state, to_state, comment) tuples.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from kolplatform.core.models import AuditLog

    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    fields = ["created_at", "actor", "action", "content_type", "object_id", "object_repr"]
    fields += ["from_state", "to_state", "changes", "comment", "ip_address"]
    insert_rows(
        AuditLog,
        fields,
        [
            [
                now,
                actor_id,
                AuditLog.Action.TRANSITION,
                ContentType.objects.get_for_model(obj).pk,
                str(obj.pk),
                str(obj)[:300],
                from_state,
                to_state,
                {},
                comment,
                None,
            ]
            for obj, from_state, to_state, comment in entries
        ],
    )
