from django.db import migrations, models


class Migration(migrations.Migration):
    """The inbox's capped count (pending at the user's steps, not their own requests) from the
    index alone: the requester joins status and step."""

    dependencies = [("core", "0006_list_order_indexes")]

    operations = [
        migrations.RemoveIndex(model_name="approvalrequest", name="core_approv_status_7896d7_idx"),
        migrations.AddIndex(
            model_name="approvalrequest",
            index=models.Index(
                fields=["status", "current_step", "requested_by"], name="core_approval_inbox_count"
            ),
        ),
    ]
