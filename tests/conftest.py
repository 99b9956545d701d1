"""Shared fixtures: copies of the sample site to build in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright; a missing browser fails under CI, never silently."""
    import os

    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} is missing: apt-get install chromium (make test does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser page in its own context."""
    context = browser.new_context()
    new_page = context.new_page()
    yield new_page
    context.close()
