import sys
import types
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from kolplatform.core.models import CostCenter, Product, Region, User
from kolplatform.core.roles import Role
from seed.demo.core import DEMO_PASSWORD, DEMO_USERS
from seed.management.commands._modules import module_hook
from seed.scale.core import STAFF_PER_FACTOR, role_for

needs_postgres = pytest.mark.skipif(not settings.IS_POSTGRES, reason="seed_scale needs PostgreSQL")

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_seed_demo_creates_one_login_per_role_and_prints_them():
    output = run("seed_demo")
    for spec in DEMO_USERS:
        user = authenticate(username=spec.username, password=DEMO_PASSWORD)
        assert user is not None, spec.username
        assert user.has_role(spec.role)
        assert spec.username in output
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(username="accountant").has_role(Role.FINANCE)
    kol = User.objects.get(username="kol")
    assert kol.is_kol and not kol.is_staff_member
    assert Region.objects.filter(code="77", name="Москва").exists()


def test_seed_demo_twice_creates_nothing_twice():
    run("seed_demo")
    counts = (User.objects.count(), Region.objects.count(), Product.objects.count())
    run("seed_demo")
    assert (User.objects.count(), Region.objects.count(), Product.objects.count()) == counts


def test_seed_demo_keeps_a_changed_password():
    run("seed_demo")
    user = User.objects.get(username="field")
    user.set_password("my-own-secret-1")
    user.save()
    run("seed_demo")
    assert authenticate(username="field", password="my-own-secret-1") is not None


def test_seed_demo_once_reuses_the_existing_company():
    run("seed_demo", "--once")
    CostCenter.objects.all().delete()  # nothing refers to cost centers yet
    output = run("seed_demo", "--once")
    assert "nothing to seed" in output
    assert not CostCenter.objects.exists()
    assert "demo12345" in output  # the logins are printed every time


@pytest.fixture
def fake_app(monkeypatch):
    """A module `fakeapp` with demo/scale hooks that record their calls."""
    calls = []
    demo = types.ModuleType("seed.demo.fakeapp")
    demo.seed = lambda *, stdout: calls.append(("demo", User.objects.filter(username="kol")))
    scale = types.ModuleType("seed.scale.fakeapp")
    scale.seed_scale = lambda *, run: calls.append(("scale", run.factor, run.seed))
    for name, module in [("seed.demo.fakeapp", demo), ("seed.scale.fakeapp", scale)]:
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr("seed.management.commands.seed_demo.MODULES", ["fakeapp"])
    monkeypatch.setattr("seed.management.commands.seed_scale.MODULES", ["fakeapp"])
    return calls


def test_seed_demo_calls_module_hooks_after_core_users(fake_app):
    run("seed_demo")
    (kind, kols), *_ = fake_app
    assert kind == "demo" and kols.exists()


@needs_postgres
def test_seed_scale_calls_module_hooks_with_the_factor(fake_app):
    run("seed_scale", "--factor", "2", "--seed", "7")
    assert fake_app == [("scale", 2, 7)]


@pytest.mark.skipif(settings.IS_POSTGRES, reason="the refusal on other databases")
def test_seed_scale_refuses_other_databases_saying_what_to_do():
    with pytest.raises(CommandError, match="DATABASE_URL=postgres://"):
        run("seed_scale", "--factor", "1")


def test_missing_module_is_skipped():
    assert module_hook("no_such_app", "demo") is None
    assert module_hook("kolplatform", "no_such_module") is None


def test_broken_import_inside_a_module_is_not_hidden(monkeypatch, tmp_path):
    import seed.demo

    (tmp_path / "brokenapp.py").write_text("import does_not_exist_anywhere\n")
    monkeypatch.setattr(seed.demo, "__path__", [*seed.demo.__path__, str(tmp_path)])
    with pytest.raises(ModuleNotFoundError):
        module_hook("brokenapp", "demo")


@needs_postgres
def test_seed_scale_creates_staff_once(monkeypatch):
    monkeypatch.setattr("seed.management.commands.seed_scale.MODULES", [])
    run("seed_scale", "--factor", "1")
    scale_users = User.objects.filter(username__regex=r"^scale[0-9]{6}$")
    assert scale_users.count() == STAFF_PER_FACTOR
    assert all(u.is_staff_member for u in scale_users[:20])
    run("seed_scale", "--factor", "1")
    assert scale_users.count() == STAFF_PER_FACTOR


@pytest.mark.parametrize("factor", ["0", "101"])
def test_seed_scale_rejects_a_silly_factor(factor):
    with pytest.raises(CommandError):
        run("seed_scale", "--factor", factor)


def test_role_mix_is_mostly_field_staff():
    roles = [role_for(n) for n in range(100)]
    assert roles.count(Role.FIELD_STAFF) == 60
    assert roles.count(Role.MARKETING_MANAGER) == 20
    assert Role.KOL not in roles and Role.ADMIN not in roles


def index_definitions() -> set[str]:
    """The schema's indexes and constraints, as definitions."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class t "
            "ON t.oid = i.indrelid WHERE t.relnamespace = current_schema()::regnamespace "
            "UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || "
            "pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = current_schema()::regnamespace"
        )
        return {row[0] for row in cursor.fetchall()}


@needs_postgres
def test_seed_scale_builds_again_every_index_it_dropped_for_the_load(fake_app):
    before = index_definitions()
    run("seed_scale", "--factor", "1")
    assert index_definitions() == before


@needs_postgres
def test_a_failed_seed_scale_leaves_the_database_as_it_was(monkeypatch):
    before = index_definitions()

    def broken(*, run):
        raise RuntimeError("broken module")

    scale = types.ModuleType("seed.scale.brokenapp")
    scale.seed_scale = broken
    monkeypatch.setitem(sys.modules, "seed.scale.brokenapp", scale)
    monkeypatch.setattr("seed.management.commands.seed_scale.MODULES", ["brokenapp"])
    with pytest.raises(RuntimeError, match="broken module"):
        run("seed_scale", "--factor", "1")
    assert not User.objects.filter(username__startswith="scale").exists()
    assert index_definitions() == before


@needs_postgres
def test_seed_scale_refuses_a_database_not_migrated(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.migration import Migration

    pending = [(Migration("0099_later", "events"), False)]
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: pending)
    with pytest.raises(CommandError, match=r"not migrated.*events\.0099_later.*manage.py migrate"):
        run("seed_scale", "--factor", "1")
    assert not User.objects.filter(username__startswith="scale").exists()


@needs_postgres
def test_seed_scale_refuses_without_the_reference_data_naming_what_is_missing():
    from django.contrib.auth.models import Group

    from feedback.models import SurveyTemplate

    Group.objects.filter(name=Role.LEGAL).delete()
    SurveyTemplate.objects.update(is_default=False)
    with pytest.raises(CommandError) as refused:
        run("seed_scale", "--factor", "1")
    assert "'legal'" in str(refused.value) and "default survey template" in str(refused.value)
    assert not User.objects.filter(username__startswith="scale").exists()
