"""Shared fixtures: copies of the sample site to build in a temporary folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import inspect
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
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


BUILD_EPOCH = "1795000000"  # 2026-11-18: the sample's consents are valid then, whatever today is


def run_mkdocs(
    site: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a real ``mkdocs`` command in ``site`` and capture its output.

    ``SOURCE_DATE_EPOCH`` is pinned so consent checks and output do not depend on today.
    """
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
        env={**_clean_env(), "SOURCE_DATE_EPOCH": BUILD_EPOCH, **(env or {})},
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


def read_case(site: Path, case_id: str) -> dict[str, Any]:
    """Return a case file of ``site`` as plain data (every scalar as text, as the loader reads)."""
    from generator.content.strict_yaml import load_file

    doc, problems = load_file(site / "cases" / f"{case_id}.yml", case_id)
    assert doc is not None and not problems, problems
    assert isinstance(doc.data, dict)
    return doc.data


def write_case(site: Path, case_id: str, data: dict[str, Any]) -> None:
    """Write ``data`` as the case file ``case_id`` of ``site``."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    (site / "cases" / f"{case_id}.yml").write_text(text, encoding="utf-8")


def edit_case(site: Path, case_id: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Apply ``change`` to a case file of ``site`` in place."""
    data = read_case(site, case_id)
    change(data)
    write_case(site, case_id, data)


def built_files(site_dir: Path) -> dict[str, bytes]:
    """Return every file of a built site by its path relative to ``site_dir``."""
    return {
        p.relative_to(site_dir).as_posix(): p.read_bytes()
        for p in sorted(site_dir.rglob("*"))
        if p.is_file()
    }


def built_text(site_dir: Path) -> dict[str, str]:
    """Return every text file of a built site (gzip files decompressed), by relative path."""
    import gzip

    texts = {}
    for name, data in built_files(site_dir).items():
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        try:
            texts[name] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # images
    return texts


@contextlib.contextmanager
def serve_directory(
    directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] | None = None
) -> Iterator[str]:
    """Serve ``directory`` over HTTP on a free loopback port; yield its base URL."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


# --- tiers: `make unit` runs the fast tests, `make test` every test -----------------------------

_BROWSER_FIXTURES = frozenset({"browser", "page"})
_SLOW_FIXTURES = frozenset({"built_site", "served"})
_SLOW_CALLS = (
    "run_mkdocs(",
    "subprocess.",
    "Popen(",
    "export_site(",
    '"export"',
    "@given(",
    "workers=",
)


def _calls_slow(source: str, module: Any) -> bool:
    if any(call in source for call in _SLOW_CALLS):
        return True
    return any(f"{name}(" in source for name in _slow_helpers(module))


def _source(function: Any) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):  # made at run time (Hypothesis composites): nothing to read
        return ""


@functools.cache
def _slow_helpers(module: Any) -> tuple[str, ...]:
    # One level of module helpers, such as a `_build(site)` that runs MkDocs.
    return tuple(
        name for name, value in vars(module).items()
        if inspect.isfunction(value) and not name.startswith("test_")
        and value.__module__ == module.__name__
        and any(call in _source(value) for call in _SLOW_CALLS)
    )  # fmt: skip


def _fixture_sources(item: pytest.Item) -> str:
    # A fixture that builds a site makes its tests slow too (`built_site` and module fixtures).
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info is not None else ()
    return "".join(_source(d.func) for defs in definitions for d in defs if d.baseid)


@pytest.hookimpl(tryfirst=True)  # before -m selects by these marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium ``browser`` and every slow one ``slow``.

    Slow: it runs MkDocs, another process or Hypothesis. Marks come from what a test uses, so a
    new test cannot forget them; ``make unit`` runs ``-m "not browser and not slow"``.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & _BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        function = getattr(item, "function", None)
        if function is None:
            continue
        source = _source(function) + _fixture_sources(item)
        hypothesis = getattr(function, "is_hypothesis_test", False)
        if fixtures & _SLOW_FIXTURES or hypothesis or _calls_slow(source, item.module):  # type: ignore[attr-defined]
            item.add_marker(pytest.mark.slow)


def indexed_pages(site_dir: Path) -> dict[str, dict[str, Any]]:
    """Return what a built site's Pagefind index holds, by URL: content, filters, title.

    Pagefind keeps each page as a fragment: ``pagefind_dcd`` then JSON, gzip-compressed.
    """
    import gzip
    import json

    pages = {}
    for fragment in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        page = json.loads(data)
        pages[page["url"]] = page
    return pages


def published_sample_cases() -> tuple[Any, ...]:
    """Return the sample site's cases that a build today publishes (the catalog's rules)."""
    import datetime as dt

    from generator.catalog.selection import build_catalog
    from generator.content.layout import Layout
    from generator.content.sources import ProjectLoader

    layout = Layout(ROOT, ROOT / "cases", ROOT / "content", ROOT / "content" / "protocols")
    project = ProjectLoader().load(layout)
    models = [c.model for c in project.cases], [p.model for p in project.protocols]
    return build_catalog(*models, today=dt.date.today()).cases


@pytest.fixture
def fresh_plugins() -> Iterator[None]:
    """In-process builds with new plugin instances, none kept from another test's build."""
    from mkdocs.config.config_options import Plugins
    from mkdocs.config.defaults import MkDocsConfig

    option = dict(MkDocsConfig._schema)["plugins"]
    assert isinstance(option, Plugins)
    option.plugin_cache.clear()
    yield
    option.plugin_cache.clear()


def build_in_process(site: Path, output: Path) -> dict[str, bytes]:
    """Build ``site`` into ``output`` in this process, as ``mkdocs build`` does; return its files.

    Use with the ``fresh_plugins`` fixture.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(site / "mkdocs.yml"), site_dir=str(output))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return built_files(output)
