"""The engine's shape as a contract: layers that import only downward and no import cycle inside
a layer (Import Linter, configured in pyproject.toml), no ``sourcing`` import hidden in a
function outside the CLI, and modules and pages within their size limits."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCING = ROOT / "sourcing"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _modules() -> list[Path]:
    return sorted(p for p in SOURCING.rglob("*.py") if "data" not in p.relative_to(SOURCING).parts)


def test_import_linter_contracts_are_kept():
    if not LINT_IMPORTS.exists():
        pytest.fail(f"no lint-imports at {LINT_IMPORTS}: pip install -r requirements-dev.txt")
    done = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_the_layers_contract_breaks_when_a_lower_layer_imports_a_higher_one(tmp_path):
    """The contract is not vacuous: the same configuration on a copy of the package in which
    the model imports the engine (the cycle this layering removed) is broken."""
    import shutil

    copy = tmp_path / "sourcing"
    shutil.copytree(SOURCING, copy, symlinks=True)
    scenario = copy / "model" / "scenario.py"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("from __future__ import annotations\n",
                                     "from __future__ import annotations\n\n"
                                     "import sourcing.engine.scoring  # noqa\n", 1),
                        encoding="utf-8")  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    done = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(tmp_path)})  # fmt: skip
    assert done.returncode != 0
    assert "sourcing.model is not allowed to import sourcing.engine" in done.stdout


def test_no_sourcing_import_is_hidden_in_a_function_outside_the_cli():
    hidden = []
    for path in _modules():
        if path.relative_to(SOURCING).parts[0] == "cli":
            continue  # the CLI defers heavy modules on purpose: its start-up time
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                        "sourcing"
                    ):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
                    if isinstance(inner, ast.Import) and any(
                        a.name.startswith("sourcing") for a in inner.names
                    ):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, hidden


def test_no_module_over_500_lines_and_no_page_over_150():
    modules = [p for p in _modules()] + sorted((ROOT / "ui").glob("*.py"))
    long = {str(p.relative_to(ROOT)): n for p in modules
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}  # fmt: skip
    pages = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "pages").rglob("*.py"))
             if (n := len(p.read_text(encoding="utf-8").splitlines())) > 150}  # fmt: skip
    assert not long and not pages, (long, pages)
