"""State only through transitions: no module of the application writes a status column with a
queryset `.update()` (which skips the transition, its conditions and the audit record), and no FSM
condition reads the database (conditions are pure; the service checks facts before the
transition)."""

import ast
import inspect
from pathlib import Path

import pytest
from django.apps import apps
from django_fsm import FSMFieldMixin

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "kolplatform",
    "experts",
    "contracts",
    "events",
    "payments",
    "feedback",
    "field",
    "analytics",
    "webhooks",
]
STATUS_FIELDS = {"status", "state"}


def _app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _status_updates(tree: ast.AST) -> list[int]:
    """Lines of `<queryset>.update(status=...)` or `.update(**{"status": ...})` calls."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "update":
            continue
        names = {k.arg for k in node.keywords if k.arg}
        for k in node.keywords:
            if k.arg is None and isinstance(k.value, ast.Dict):
                names |= {c.value for c in k.value.keys if isinstance(c, ast.Constant)}
        if names & STATUS_FIELDS:
            lines.append(node.lineno)
    return lines


def test_the_guard_finds_a_status_update():
    code = "Payout.objects.filter(pk=1).update(status='paid')\nqs.update(**{'status': 'x'})"
    assert _status_updates(ast.parse(code)) == [1, 2]
    assert _status_updates(ast.parse("qs.update(total_rows=3)\nd.update(status=1)[0]")) == [2]


def test_no_queryset_update_writes_a_status():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _app_modules()
        for line in _status_updates(ast.parse(path.read_text(), str(path)))
    ]
    assert found == [], "status written around the transitions: " + ", ".join(found)


def _conditions():
    for model in apps.get_models():
        for field in model._meta.fields:
            if not isinstance(field, FSMFieldMixin):
                continue
            for transitions in field.get_all_transitions(model):
                for condition in transitions.conditions:
                    yield model, condition


def test_every_model_state_is_an_fsm_field_with_conditions_found():
    assert len({m for m, _c in _conditions()}) >= 5


@pytest.mark.django_db
def test_fsm_conditions_do_not_query_the_database(django_assert_num_queries):
    """Each condition runs on an unsaved instance whose relations are absent: a condition that
    reads the database raises or queries; a pure one answers from the instance alone."""
    seen = set()
    for model, condition in _conditions():
        if (model, condition) in seen:
            continue
        seen.add((model, condition))
        source = inspect.getsource(condition)
        for word in (".objects", ".filter(", ".exists(", ".count(", "_set.", ".all("):
            assert word not in source, f"{model.__name__}.{condition.__name__} queries: {word}"
