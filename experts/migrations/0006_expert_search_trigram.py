from django.db import migrations, models

INDEX = "expert_search_trgm_idx"


def create_trigram_index(apps, schema_editor):
    """PostgreSQL only: a trigram GIN index serves the name search (LIKE '%…%' on the
    normalised name), which otherwise reads every expert. Other databases keep the scan."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON experts_expert USING gin (search_name gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("experts", "0005_list_indexes")]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
        migrations.AlterField(
            model_name="expert",
            name="search_name",
            field=models.CharField(editable=False, max_length=320),
        ),
    ]
