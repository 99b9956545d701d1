"""`mkdocs serve` end to end: edits show up, errors show on every page, the server keeps serving."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

CASE = "leila-a-c8"
STARTUP_TIMEOUT = 120.0
RELOAD_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, check: Callable[[str], bool], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    last: str | None = None
    while time.monotonic() < deadline:
        last = _fetch(url)
        if last is not None and check(last):
            return last
        time.sleep(0.3)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {url}; last answer:\n{last}")


@pytest.fixture
def served(site: Path, tmp_path: Path) -> Iterator[str]:
    """Run `mkdocs serve` on a free loopback port; always stop it."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")  # a file, not a pipe: a full pipe stalls the server
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["SOURCE_DATE_EPOCH"] = "1795000000"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base, lambda html: "<html" in html, STARTUP_TIMEOUT)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
        log.close()


def test_edit_break_and_fix_a_case_while_serving(site: Path, served: str) -> None:
    case_file = site / "cases" / f"{CASE}.yml"
    case_url = f"{served}cases/{CASE}/"
    original = case_file.read_text()

    case_file.write_text(original.replace("headline: ", "headline: Edited while serving ", 1))
    _wait_for(case_url, lambda html: "Edited while serving" in html, RELOAD_TIMEOUT)

    broken = original.replace("  ais: D", "  ais: Z", 1)
    line = original[: original.index("  ais: D")].count("\n") + 1
    case_file.write_text(broken)
    home = _wait_for(served, lambda html: 'id="casebook-problems"' in html, RELOAD_TIMEOUT)
    assert f"cases/{CASE}.yml:{line}:8: injury.ais: " in home
    other = _fetch(f"{served}evidence/")
    assert other is not None and 'id="casebook-problems"' in other  # every page, not only home

    case_file.write_text(original)
    _wait_for(served, lambda html: 'id="casebook-problems"' not in html, RELOAD_TIMEOUT)
    page = _wait_for(case_url, lambda html: "Edited while serving" not in html, RELOAD_TIMEOUT)
    assert "<h1" in page


def test_preview_shows_draft_and_review_cases_with_a_badge(served: str) -> None:
    for case_id, status in (("ana-v-c5", "Draft"), ("k-d-l5", "Review")):
        page = _fetch(f"{served}cases/{case_id}/")
        assert page is not None, case_id
        assert f"{status}: not published" in page


def test_the_preview_keeps_edit_links_to_the_yaml_files(served: str) -> None:
    page = _fetch(f"{served}cases/{CASE}/")
    assert page is not None
    assert f'href="https://github.com/example/casebook-demo/edit/main/cases/{CASE}.yml"' in page


def test_theme_changes_are_watched(site: Path, served: str) -> None:
    css = site / "theme" / "assets" / "casebook-serve-test.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text("/* watched */\n")
    _wait_for(f"{served}assets/casebook-serve-test.css", lambda text: "watched" in text, 60)


def test_break_and_fix_a_protocol_while_serving(site: Path, served: str) -> None:
    page = site / "content" / "protocols" / "uc-msc-iv-lp.md"
    original = page.read_text()
    banner = 'id="casebook-problems"'

    page.write_text(original.replace("  name: UC-MSC", "  nmae: UC-MSC", 1))
    home = _wait_for(served, lambda html: banner in html, RELOAD_TIMEOUT)
    assert "content/protocols/uc-msc-iv-lp.md:5:9: protocol.nmae: unknown field" in home
    assert "is invalid; fix its page first" in home  # its cases are out, and say why
    other = _fetch(f"{served}cases/{CASE}/")  # a case of the other protocol is still served
    assert other is not None and banner in other

    page.write_bytes(original.encode().replace(b"  name: UC-MSC", b"  name: UC-\xffMSC", 1))
    home = _wait_for(served, lambda html: "not valid UTF-8" in html, RELOAD_TIMEOUT)
    assert "content/protocols/uc-msc-iv-lp.md:5:12: (file): not valid UTF-8" in home
    notice = _fetch(f"{served}protocols/uc-msc-iv-lp/")
    assert notice is not None and "This page cannot be read" in notice

    page.write_text(original)
    _wait_for(served, lambda html: banner not in html, RELOAD_TIMEOUT)
    fixed = _wait_for(
        f"{served}protocols/uc-msc-iv-lp/", lambda html: banner not in html, RELOAD_TIMEOUT
    )
    assert "This page cannot be read" not in fixed


def test_the_preview_relaxes_the_policy_for_live_reload_and_the_banner_shows(
    site: Path, served: str, page: Page
) -> None:
    case_file = site / "cases" / f"{CASE}.yml"
    case_file.write_text(case_file.read_text().replace("  ais: D", "  ais: Z", 1))
    html = _wait_for(served, lambda text: 'id="casebook-problems"' in text, RELOAD_TIMEOUT)
    policy = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'" in policy
    assert "sha256" not in policy  # a hash would turn 'unsafe-inline' off for live reload
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation',"
        " (e) => window.__violations.push(e.violatedDirective));"
    )
    page.goto(served, wait_until="load")
    assert page.locator("#casebook-problems").is_visible()
    page.wait_for_function("typeof livereload === 'function'")  # the inline script ran
    assert page.evaluate("window.__violations") == []


def test_the_preview_writes_the_feeds_behind_the_reload(served: str) -> None:
    feed = _wait_for(f"{served}feeds/feed.xml", lambda text: "<rss" in text, RELOAD_TIMEOUT)
    assert f"cases/{CASE}/" in feed
