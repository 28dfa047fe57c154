"""Reads the product's imports with `ast` (nothing is imported): the imports written inside
functions, and the graph of module-level imports between the modules of each app.

    python -m tests.core.import_scan          # the count, then one line per in-function import

Counted: the packages below, without tests/, bench/, seed/ and migrations. An import counts as
"in a function" when a function (or method) encloses it; class bodies and `if`/`try` blocks at
module level run at import time and are module-level imports.
"""

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PACKAGES = ["kolplatform", "experts", "contracts", "events", "payments", "feedback", "analytics"]
# The apps whose modules must not import each other in a circle ("kolplatform.core" is one app).
APPS = ["kolplatform.core", "experts", "contracts", "events", "payments", "feedback", "analytics"]
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
IMPORTS = (ast.Import, ast.ImportFrom)


@dataclass(frozen=True)
class InlineImport:
    path: str
    line: int
    module: str
    project: bool
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.module}  # {self.reason or '(no reason)'}"


def module_files() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (BASE_DIR / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BASE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def absolute(node: ast.ImportFrom, current: str, is_package: bool) -> str:
    """The module named by `from ... import`, relative names resolved against `current`."""
    if not node.level:
        return node.module or ""
    base = current.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_modules(node: ast.AST, current: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = absolute(node, current, is_package)
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def is_project(module: str) -> bool:
    return module.split(".")[0] in PACKAGES


def reason_comment(lines: list[str], lineno: int) -> str:
    """The comment on the import's first line, or on the line just above it."""
    for text in (lines[lineno - 1], lines[lineno - 2] if lineno > 1 else ""):
        if "#" in text:
            comment = text.split("#", 1)[1].strip()
            comment = re.sub(r"^noqa(:\s*[A-Z]+[0-9]+(,\s*[A-Z]+[0-9]+)*)?", "", comment).strip()
            if comment and (text.strip().startswith("#") or text is lines[lineno - 1]):
                return comment
    return ""


def adjacent(lines: list[str], before: ast.AST, node: ast.AST) -> bool:
    """Nothing but blank lines between two imports (one block, as the import sorter groups it)."""
    return all(not line.strip() for line in lines[before.end_lineno : node.lineno - 1])


def walk(node: ast.AST, in_function: bool = False):
    """(import node, inside a function?) for every import below `node`; `if TYPE_CHECKING:`
    blocks are skipped (they never run)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            continue
        if isinstance(child, IMPORTS):
            yield child, in_function
        yield from walk(child, in_function or isinstance(child, FUNCTIONS))


def inline_imports() -> list[InlineImport]:
    found = []
    for path in module_files():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        current, is_package = module_name(path), path.name == "__init__.py"
        previous = None
        for node, in_function in walk(ast.parse(source)):
            if not in_function:
                continue
            modules = imported_modules(node, current, is_package)
            reason = reason_comment(lines, node.lineno)
            if not reason and previous and adjacent(lines, previous[0], node):
                reason = previous[1]  # one comment above a block of imports serves the block
            previous = (node, reason)
            found.append(
                InlineImport(
                    path=str(path.relative_to(BASE_DIR)),
                    line=node.lineno,
                    module=modules[0],
                    project=is_project(modules[0]),
                    reason=reason,
                )
            )
    return found


def app_of(module: str) -> str | None:
    return next((app for app in APPS if module == app or module.startswith(app + ".")), None)


def with_packages(target: str, importer: str) -> list[str]:
    """`target` and the packages Python runs first to import it, but those that enclose the
    importer (they have started already when the importer runs)."""
    parts = target.split(".")
    names = [".".join(parts[:end]) for end in range(1, len(parts) + 1)]
    return [name for name in names if not (importer + ".").startswith(name + ".")]


def module_graph() -> dict[str, set[str]]:
    """Module -> the modules of the same app it imports at module level."""
    paths = {module_name(path): path for path in module_files()}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        app = app_of(name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, in_function in walk(tree):
            if in_function:
                continue
            for target in imported_modules(node, name, path.name == "__init__.py"):
                for module in with_packages(target, name):
                    if module in paths and app_of(module) == app:
                        graph[name].add(module)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main() -> None:
    found = inline_imports()
    project = [item for item in found if item.project]
    print(f"in-function imports: {len(found)} ({len(project)} of project modules)")
    for item in found:
        print(item)
    for component in cycles(module_graph()):
        print("cycle:", " <-> ".join(component))


if __name__ == "__main__":
    sys.exit(main())
