from django.db import migrations, models

SHOWN = models.Q(merged_into__isnull=True)


def list_index(column: str) -> models.Index:
    return models.Index(
        fields=[column, "last_name", "first_name", "id"],
        name=f"expert_list_{column}_idx",
        condition=SHOWN,
    )


class Migration(migrations.Migration):
    """The list's filter indexes hold only the experts it shows (not merged away): the page and
    its capped count (10,001 rows at the target scale) are read from the index alone. Region
    joins tier, city and active."""

    dependencies = [
        ("core", "0006_list_order_indexes"),
        ("experts", "0010_speaker_rating_criterion"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="expert", name="expert_tier_name_idx"),
        migrations.RemoveIndex(model_name="expert", name="expert_city_name_idx"),
        migrations.RemoveIndex(model_name="expert", name="expert_active_name_idx"),
        *(
            migrations.AddIndex(model_name="expert", index=list_index(column))
            for column in ("tier", "city", "is_active", "region")
        ),
    ]
