import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes that match the list's order (last name, first name, id) after each filter."""

    dependencies = [("experts", "0004_assessment_expiry_schedule")]

    operations = [
        migrations.AlterField(
            model_name="expert",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="merged_duplicates",
                to="experts.expert",
                verbose_name="merged into",
            ),
        ),
        migrations.RemoveIndex(model_name="expert", name="expert_tier_idx"),
        migrations.RemoveIndex(model_name="expert", name="expert_city_idx"),
        migrations.RemoveIndex(model_name="expert", name="expert_active_idx"),
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(
                fields=["tier", "last_name", "first_name", "id"], name="expert_tier_name_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(
                fields=["city", "last_name", "first_name", "id"], name="expert_city_name_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(
                fields=["is_active", "last_name", "first_name", "id"],
                name="expert_active_name_idx",
            ),
        ),
    ]
