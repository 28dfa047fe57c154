from django.db import migrations

ROLES = [
    "field_staff", "marketing_manager", "approver", "legal", "compliance", "finance", "admin", "kol",
]
CURRENCIES = [("RUB", "Российский рубль", "₽"), ("USD", "US dollar", "$"), ("EUR", "Euro", "€")]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Currency = apps.get_model("core", "Currency")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for code, name, symbol in CURRENCIES:
        Currency.objects.get_or_create(code=code, defaults={"name": name, "symbol": symbol})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
