"""Size bars of the code (docs/architecture.md): no module of the product over 400 lines and no
function over 60, migrations and the demo/scale data (`seed/`) aside. A module that grows past
the bar is split by responsibility, a function by well-named steps."""

import ast
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PACKAGES = [
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
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

MODULES = sorted(
    path
    for package in PACKAGES
    for path in (BASE_DIR / package).rglob("*.py")
    if "migrations" not in path.parts
)


def test_modules_are_found():
    assert len(MODULES) > 100


def test_no_module_or_function_over_the_bar():
    too_long = []
    for path in MODULES:
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(BASE_DIR)
        if (lines := len(source.splitlines())) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (length := node.end_lineno - node.lineno + 1) > MAX_FUNCTION_LINES:
                too_long.append(f"{name}:{node.name}: {length} lines")
    assert too_long == []
