"""No label is translated once, at import time, in the language of whoever imported the module.

A static check over the product's modules: code that runs at import (module and class bodies,
decorators, default arguments; not function bodies or lambdas) must not call a non-lazy gettext,
nor turn a lazy one into a plain string (f-string, `%`, `+`, str(), .format(), .join())."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("kolplatform", "experts", "contracts", "events", "payments", "feedback", "analytics")
NONLAZY = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


def translation_names(tree) -> tuple[set, set]:
    nonlazy, lazy = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in NONLAZY:
                    nonlazy.add(alias.asname or alias.name)
                if alias.name in LAZY:
                    lazy.add(alias.asname or alias.name)
    return nonlazy, lazy


def import_time(body):
    """The expressions of `body` evaluated when the module is imported."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from stmt.decorator_list
            yield from (d for d in stmt.args.defaults + stmt.args.kw_defaults if d)
        elif isinstance(stmt, ast.ClassDef):
            yield from stmt.decorator_list
            yield from import_time(stmt.body)
        else:
            yield stmt


def walk_eager(node):
    """ast.walk without entering lambdas or nested functions (they run later)."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef):
            yield from walk_eager(child)


def _call(node, names) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def eager_translations(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    nonlazy, lazy = translation_names(tree)
    found = []
    for root in import_time(tree.body):
        for n in walk_eager(root):
            if _call(n, nonlazy):
                found.append((n.lineno, "gettext at import"))
            elif isinstance(n, ast.JoinedStr) and any(
                isinstance(v, ast.FormattedValue) and _call(v.value, lazy) for v in n.values
            ):
                found.append((n.lineno, "lazy text in an f-string"))
            elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod | ast.Add):
                if _call(n.left, lazy) or _call(n.right, lazy):
                    found.append((n.lineno, "lazy text formatted with % or +"))
            elif _call(n, {"str"}) and n.args and _call(n.args[0], lazy):
                found.append((n.lineno, "str() of lazy text"))
            if (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr in ("format", "join")
                and _call(n.func.value, lazy)
            ):
                found.append((n.lineno, "lazy text .format()/.join()"))
    return found


def test_the_check_sees_each_kind_of_eager_translation():
    source = (
        "from django.utils.translation import gettext as _, gettext_lazy as L\n"
        "A = _('x')\n"
        "B = f'{L(\"y\")}'\n"
        "C = L('z') % 1\n"
        "class K:\n    label = _('k')\n    ok = L('fine')\n"
        "    def f(self):\n        return _('later')\n"
        "D = lambda: _('later too')\n"
    )
    assert [line for line, _ in eager_translations(source)] == [2, 3, 4, 6]


def test_no_label_is_translated_at_import_time():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, why in eager_translations(path.read_text()):
                found.append(f"{path.relative_to(ROOT)}:{line}: {why}")
    assert found == []
