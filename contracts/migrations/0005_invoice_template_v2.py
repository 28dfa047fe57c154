"""The invoice template v2 (issued to entrepreneur experts for signed acts): its own number, the
payee's bank details and only the issuer's signature. A new version, as a used one is never
edited; and the invoice numbering pattern."""

from pathlib import Path

from django.db import migrations
from django.db.models import Max

BODY = Path(__file__).resolve().parent.parent / "default_templates" / "invoice.html"


def add_version(apps, schema_editor):
    DocumentTemplate = apps.get_model("contracts", "DocumentTemplate")
    NumberSequence = apps.get_model("contracts", "NumberSequence")
    body = BODY.read_text(encoding="utf-8")
    if not DocumentTemplate.objects.filter(kind="invoice", body=body).exists():
        last = DocumentTemplate.objects.filter(kind="invoice").aggregate(v=Max("version"))["v"]
        DocumentTemplate.objects.create(
            kind="invoice", version=(last or 0) + 1, title="Счёт на оплату", body=body
        )
    NumberSequence.objects.get_or_create(
        kind="invoice", year=0, defaults={"pattern": "С-{year}-{seq:05d}"}
    )


class Migration(migrations.Migration):
    dependencies = [("contracts", "0004_seed_templates_route_schedules")]

    operations = [migrations.RunPython(add_version, migrations.RunPython.noop)]
