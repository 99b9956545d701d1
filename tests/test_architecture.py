"""The layers hold: the import contract passes here and fails when a layer is crossed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(ROOT / "generator", root / "generator")
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_contracts_hold() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("content/vocab.py", "import generator.render.renderer", "Layers"),
        ("catalog/views.py", "import generator.engine.banner", "Layers"),
        ("render/charts.py", "import generator.cli.sitefile", "Layers"),
        ("cli/expiry.py", "import generator.engine.stale", "Layers"),
        ("catalog/pricing.py", "import mkdocs.utils", "Only the adapter"),
    ],
)
def test_crossing_a_layer_breaks_the_build(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    root = _copy(tmp_path)
    target = root / "generator" / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = _lint(root)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout


def test_the_core_imports_without_mkdocs() -> None:
    # As if MkDocs and Material were not installed: every layer but the adapter still imports.
    code = (
        "import sys\n"
        "sys.modules['mkdocs'] = None; sys.modules['material'] = None\n"
        "import generator.content.sources, generator.catalog.build, generator.render.pages\n"
        "import generator.cli.main, generator.cli.export\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
