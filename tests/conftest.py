"""Shared fixtures: copies of the sample site to build in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_PARTS = ("mkdocs.yml", "cases", "content", "theme")


def copy_site(target: Path) -> Path:
    """Copy the sample site (config, cases, content, theme) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def run_mkdocs(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a real ``mkdocs`` command in ``site`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
        env={**_clean_env(), "SOURCE_DATE_EPOCH": "1795000000"},
    )


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the sample site."""
    return copy_site(tmp_path / "site-root")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built once with ``mkdocs build --strict``; returns its site/ folder."""
    root = copy_site(tmp_path_factory.mktemp("built") / "site-root")
    result = run_mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


BuildFn = Callable[[Path], subprocess.CompletedProcess[str]]
