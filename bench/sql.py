"""Set-based generation of benchmark data on PostgreSQL (INSERT ... SELECT generate_series)."""

from django.db import connection, models


def insert_series(model, n: int, exprs: dict, *, series: str = "generate_series(1, %s)"):
    """INSERT n rows into model's table; columns not in `exprs` get their Django default."""
    cols, values, params = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key and f.column not in exprs:
            continue
        cols.append(f.column)
        if f.column in exprs:
            values.append(exprs[f.column].replace("%", "%%"))
        elif isinstance(f, models.DateTimeField | models.DateField) and (
            f.auto_now or f.auto_now_add
        ):
            values.append("now()")
        elif isinstance(f, models.UUIDField) and f.has_default():
            values.append("gen_random_uuid()")  # one value per row (badge tokens are unique)
        else:
            default = f.get_default()
            if default is None:
                values.append("NULL")
            else:
                values.append("%s")
                params.append(f.get_db_prep_save(default, connection))
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(cols)}) "
        f"SELECT {', '.join(values)} FROM {series % n} AS s(i)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def arr(ids) -> str:
    return "ARRAY[" + ",".join(str(i) for i in ids) + "]"


def text_arr(values) -> str:
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"
