"""The module layering of docs/architecture.md is checked by import-linter (`make lint`): the
contracts in pyproject.toml hold for the code, and an upward import breaks them."""

import shutil
import subprocess
import sys
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
    "api",
    "webhooks",
    "seed",
]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(command), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_code_keeps_the_layering():
    result = lint_imports(BASE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def source_copy(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(
            BASE_DIR / name, tmp_path / name, ignore=shutil.ignore_patterns("migrations", "*.pyc")
        )
    shutil.copy2(BASE_DIR / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_an_upward_import_breaks_the_layering(tmp_path):
    root = source_copy(tmp_path)
    append(root / "experts" / "selectors.py", "from events.models import Event  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "experts is not allowed to import events" in result.stdout


def test_payments_and_feedback_stay_independent_and_nobody_imports_analytics(tmp_path):
    root = source_copy(tmp_path)
    append(root / "payments" / "checks.py", "import feedback.models  # noqa")
    append(root / "kolplatform" / "core" / "navigation.py", "import analytics.models  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "payments is not allowed to import feedback" in result.stdout
    assert "kolplatform.core is not allowed to import analytics" in result.stdout
    assert "Nobody imports analytics BROKEN" in result.stdout


def test_no_module_imports_the_demo_and_scale_data(tmp_path):
    root = source_copy(tmp_path)
    append(root / "events" / "services" / "lifecycle.py", "import seed.demo.events  # noqa")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "events is not allowed to import seed" in result.stdout
