"""A real clinic's caseload: build time, page sizes and search bytes at 2,000 cases.

Prints each figure beside its target (issue "A real clinic's caseload"), in one run:

- ``mkdocs build`` of a 2,000-case Casebook site against plain Material for MkDocs building
  2,000 hand-written pages of the same kind (the baseline, written by :func:`write_baseline`:
  one page per case with a facts table, an admonition, a 12-row table and two paragraphs,
  out of the nav, with the same theme settings and the search plugin). Both builds run in
  their own process, one after the other, each into a new, empty folder, three times in
  turn; the ratio is the median of the three pairs' ratios;
- the largest HTML page of the Casebook build;
- in Chromium, over HTTP from a local server: the bytes of the search index that a page view
  fetches before anyone searches, and all the bytes a first search for a country fetches.

``python -m tests.benchmarks.caseload`` runs it alone.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks.reload import make_site
from tests.benchmarks.scale import build_once

CASES = 2000
# Builds of each kind, in turn: the machine's speed drifts, so the ratio is the median of
# the pairs' ratios, each pair built back to back.
PAIRS = 3
PAGE_TARGET_KB = 150
SEARCH_TARGET_KB = 300
COUNTRY = "Norway"
BUILD_TARGET, BUILD_AIM = 1.5, 0.8

_BASELINE_CONFIG = """site_name: Baseline
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - tables
  - attr_list
  - md_in_html
  - toc:
      permalink: true
nav:
  - Home: index.md
"""

_BASELINE_PAGE = """# Patient {number}: no change in walking six months after treatment

!!! info "What to expect from this treatment"
    This is one patient's experience, not a typical result. Most patients see little or no
    measurable change. Results on this site come from published cases only.

| | |
|---|---|
| Age at treatment | {age} |
| Country | Norway |
| Level | T{level} |
| AIS grade | B |

Before treatment the patient used a manual wheelchair and needed help with transfers. The
examination found no voluntary movement below the level of injury.

| Week | Measure | Baseline | Latest | Change |
|---:|---|---:|---:|---|
{rows}

Six months after treatment the scores are within the variation expected between two
examinations. The patient reports better sleep, which may have other causes.
"""


def write_baseline(target: Path, count: int) -> Path:
    """Write a plain Material site of ``count`` hand-written pages shaped like case pages."""
    docs = target / "docs"
    (docs / "p").mkdir(parents=True)
    (target / "mkdocs.yml").write_text(_BASELINE_CONFIG)
    (docs / "index.md").write_text("# Baseline\n\nHand-written pages, out of the nav.\n")
    rows = "\n".join(f"| {4 * n} | Score {n} | {10 + n} | {11 + n} | +1 |" for n in range(12))
    for number in range(count):
        age, level = 20 + number % 60, 1 + number % 12
        page = _BASELINE_PAGE.format(number=number, age=age, level=level, rows=rows)
        (docs / "p" / f"{number:05d}.md").write_text(page)
    return target


def _largest_page(site_dir: Path) -> tuple[float, str]:
    size, name = max(
        (p.stat().st_size, p.relative_to(site_dir).as_posix()) for p in site_dir.rglob("*.html")
    )
    return size / 1024, name


def search_bytes(site_dir: Path, query: str = COUNTRY) -> tuple[int, int, int]:
    """Return the index bytes a page view fetches, those a first search fetches, and results.

    Loads the case index in Chromium, then types ``query`` into the search box; counts the
    response bodies of the search index (Pagefind's files, or Material's search_index.json).
    """
    from playwright.sync_api import Response, sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory

    fetched: list[Response] = []
    with sync_playwright() as playwright, serve_directory(site_dir) as base:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("response", lambda response: fetched.append(response))
        page.goto(base + "cases/", wait_until="networkidle")
        on_load = _index_bytes(fetched)
        fetched.clear()
        page.focus("input.md-search__input")
        page.keyboard.type(query, delay=20)
        page.locator(".md-search-result__link").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        searched = sum(len(r.body()) for r in fetched)
        results = page.locator(".md-search-result__link").count()
        browser.close()
    return on_load, searched, results


def _index_bytes(responses: list[Any]) -> int:
    index = [r for r in responses if "/pagefind/" in r.url or "search_index" in r.url]
    return sum(len(r.body()) for r in index)


def _pairs(baseline_site: Path, site: Path) -> list[tuple[float, float]]:
    """Build the baseline and Casebook in turn, PAIRS times, each into a new, empty folder.

    Nothing is deleted while timing: on this machine's file system (ext4 without a journal)
    creating files is several times slower for a minute after many were deleted, so a build
    after clearing an earlier one paid for that one's size (4 to 8 s more system time
    measured at 2,000 cases). A build into a new folder is what a fresh CI checkout does.
    """
    timed = []
    for number in range(PAIRS):
        baseline, _ = build_once(baseline_site, baseline_site / f"site-{number}")
        casebook, _ = build_once(site, site / f"site-{number}")
        timed.append((baseline, casebook))
    return timed


def main() -> None:
    """Build both sites and print the figures with their targets."""
    print(f"a caseload of {CASES} cases")
    with tempfile.TemporaryDirectory(prefix="casebook-caseload-") as folder:
        root = Path(folder)
        baseline_site = write_baseline(root / "baseline", CASES)
        site = make_site(root / "casebook", CASES)
        timed = _pairs(baseline_site, site)
        largest, name = _largest_page(site / "site-0")
        on_load, searched, results = search_bytes(site / "site-0")
    for number, (baseline, casebook) in enumerate(timed, start=1):
        print(
            f"  pair {number}: plain Material, {CASES} hand-written pages {baseline:5.1f} s; "
            f"Casebook, {CASES} cases {casebook:5.1f} s; ratio {casebook / baseline:.2f}x"
        )
    ratio = statistics.median(casebook / baseline for baseline, casebook in timed)
    print(
        f"  ratio, median of {PAIRS} pairs: {ratio:.2f}x "
        f"(target <= {BUILD_TARGET}x, aim {BUILD_AIM}x)"
    )
    print(f"  largest page: {largest:.1f} KB, {name} (target <= {PAGE_TARGET_KB} KB)")
    print(f"  search index bytes fetched by a page view: {on_load} (target 0)")
    print(
        f"  a first search for {COUNTRY!r}: {searched / 1024:.0f} KB fetched in all, "
        f"{results} results shown (target < {SEARCH_TARGET_KB} KB)"
    )


if __name__ == "__main__":
    main()
