"""The Content Security Policy in every page: the browser runs only what the generator wrote.

Unit tests read the policy of hand-made pages; browser tests serve the built sample and let
Chromium enforce it: no page type reports a violation, search and the estimator work, and a
script or an ``onerror`` handler put into a built page is refused.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.render.csp import inline_scripts, policy, with_policy
from tests.conftest import built_text, serve_directory

THEME_SCRIPT = 'var palette=__md_get("__palette")'
PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>{THEME_SCRIPT}</script>
<script id="__config" type="application/json">{{"base": ".."}}</script>
<script src="assets/x.js"></script>
</head><body><div class="md-content"><article class="md-content__inner md-typeset">
<script>alert("written in a content page")</script>
</article></div><script type="module">import "./y.js"</script></body></html>"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _directives(page_html: str) -> dict[str, str]:
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page_html)
    assert found is not None
    pairs = (d.strip().partition(" ") for d in found.group(1).split(";"))
    return {name: value for name, _, value in pairs}


def test_theme_scripts_are_allowed_by_hash_and_content_scripts_are_not() -> None:
    directives = _directives(with_policy(PAGE))
    sources = directives["script-src"].split()
    assert sources == ["'self'", "'wasm-unsafe-eval'", _sha(THEME_SCRIPT), _sha('import "./y.js"')]
    assert _sha('alert("written in a content page")') not in sources
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "unsafe-eval'" not in directives["script-src"].replace("'wasm-unsafe-eval'", "")


def test_the_policy_locks_down_everything_else() -> None:
    directives = _directives(with_policy(PAGE))
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["font-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"


def test_the_policy_comes_first_in_the_head() -> None:
    page = with_policy(PAGE)
    meta = page.index('http-equiv="Content-Security-Policy"')
    assert page.index('<meta charset="utf-8">') < meta < page.index("<script")
    no_charset = with_policy("<html><head><script>1</script></head></html>")
    assert no_charset.startswith('<html><head><meta http-equiv="Content-Security-Policy"')
    assert with_policy("<p>a fragment</p>") == "<p>a fragment</p>"


def test_only_scripts_that_run_count() -> None:
    scripts = list(inline_scripts(PAGE))
    assert [s.text for s in scripts] == [
        THEME_SCRIPT,
        'alert("written in a content page")',
        'import "./y.js"',
    ]
    assert [s.in_content for s in scripts] == [False, True, False]


def test_the_same_script_is_listed_once() -> None:
    twice = "<html><head><script>x()</script></head><body><script>x()</script></body></html>"
    assert policy(twice).count(_sha("x()")) == 1


def test_a_preview_allows_inline_scripts_for_live_reload() -> None:
    directives = _directives(with_policy(PAGE, preview=True))
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval' 'unsafe-inline'"
    assert "sha256" not in directives["script-src"]  # a hash would switch unsafe-inline off


def test_every_built_page_carries_the_policy_of_its_own_scripts(built_site: Path) -> None:
    pages = {name: text for name, text in built_text(built_site).items() if name.endswith(".html")}
    assert len(pages) > 40
    for name, text in pages.items():
        sources = _directives(text)["script-src"].split()
        for script in inline_scripts(text):
            assert script.source in sources, (name, script.text[:60])
        assert ' style="' not in text, name  # style attributes would be refused


def test_two_builds_give_the_same_policies(built_site: Path, tmp_path: Path) -> None:
    from tests.conftest import copy_site, run_mkdocs

    again = copy_site(tmp_path / "again")
    assert run_mkdocs(again, "build", "--strict").returncode == 0
    first, second = built_text(built_site), built_text(again / "site")
    for name in (n for n in first if n.endswith(".html")):
        assert _directives(first[name]) == _directives(second[name]), name


# --- Chromium, with the policy enforced ------------------------------------------------------

_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""
PAGE_TYPES = (
    "",  # home
    "cases/",  # case index
    "cases/ingrid-s-t8/",  # case page
    "cases/country/no/",  # a facet
    "candidates/",
    "results/",
    "protocols/uc-msc-iv-lp/",
    "cost/",
    "evidence/",
    "understanding-sci/",
    "404.html",
)


def _violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.__violations")
    return found


@pytest.mark.browser
def test_no_page_type_breaks_the_policy_and_search_toggle_and_estimator_work(
    built_site: Path, page: Page
) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(_RECORD_VIOLATIONS)
    with serve_directory(built_site) as base:
        for address in PAGE_TYPES:
            page.goto(base + address, wait_until="networkidle")
            assert _violations(page) == [], address
        scheme = "document.body.getAttribute('data-md-color-scheme')"
        before = page.evaluate(scheme)
        page.locator('form[data-md-component="palette"] label:visible').first.click()
        page.wait_for_function(f"{scheme} !== {before!r}")  # the theme toggle works
        page.goto(base + "cases/", wait_until="networkidle")
        page.focus("input.md-search__input")
        page.keyboard.type("Norway", delay=20)
        results = page.locator(".md-search-result__link")
        results.first.wait_for(timeout=10_000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert "/cases/ingrid-s-t8/" in hrefs, hrefs
        assert _violations(page) == []
        page.goto(base + "cost/", wait_until="networkidle")
        page.fill("#cb-cost-sessions", "2")
        assert float(page.locator("#cb-cost-total").get_attribute("data-total") or "nan") > 0
        assert _violations(page) == []
    assert not [text for text in console if "Content Security Policy" in text], console


@pytest.mark.browser
def test_a_script_and_a_handler_put_into_a_built_page_are_refused(
    built_site: Path, page: Page, tmp_path: Path
) -> None:
    import shutil

    site = shutil.copytree(built_site, tmp_path / "tampered")
    case_page = site / "cases" / "ingrid-s-t8" / "index.html"
    text = case_page.read_text(encoding="utf-8")
    attack = (
        "<script>window.__ran = 'script'</script>"
        '<img src="missing.png" onerror="window.__ran = \'handler\'">'
    )
    case_page.write_text(text.replace("</article>", attack + "</article>", 1), encoding="utf-8")
    page.add_init_script(_RECORD_VIOLATIONS)
    with serve_directory(site) as base:
        page.goto(base + "cases/ingrid-s-t8/", wait_until="networkidle")
        assert page.evaluate("window.__ran === undefined")
        violations = _violations(page)
    assert len([v for v in violations if v.startswith("script-src")]) == 2, violations
