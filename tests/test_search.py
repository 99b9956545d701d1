"""Visitors find a case with the site's search (Pagefind, in Material's search box).

Nothing of the index is fetched before a visitor opens the search; a case is found by its
country, its level or words of its story, and the filters narrow results to exactly the cases
that match.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Response

from tests.conftest import published_sample_cases, serve_directory

RESULTS = ".md-search-result__link"


def _result_links(page: Page) -> list[str]:
    results = page.locator(RESULTS)
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def _search(page: Page, query: str) -> list[str]:
    page.focus("input.md-search__input")
    page.keyboard.type(query, delay=20)
    page.locator(RESULTS).first.wait_for(timeout=10_000)
    return _result_links(page)


@pytest.mark.parametrize(
    ("query", "case_id"),
    [
        ("Norway", "ingrid-s-t8"),  # country name (the file says NO)
        ("T8", "ingrid-s-t8"),  # level
        ("catheterisation", "ingrid-s-t8"),  # words of the condition before treatment
        ("Singapore", "mei-c-c6"),
    ],
)
def test_search_finds_a_case(built_site: Path, page: Page, query: str, case_id: str) -> None:
    with serve_directory(built_site) as base:
        page.goto(base, wait_until="networkidle")
        links = _search(page, query)
    assert f"/cases/{case_id}/" in links, links
    assert not [link for link in links if link.startswith("/es/")], links  # English only


def test_a_search_on_a_spanish_page_finds_spanish_pages_only(built_site: Path, page: Page) -> None:
    with serve_directory(built_site) as base:
        page.goto(base + "es/cases/", wait_until="networkidle")
        links = _search(page, "vejiga")  # "bladder", in the Spanish translation only
        meta = page.locator(".md-search-result__meta").inner_text()
    assert "/es/cases/ingrid-s-t8/" in links, links
    assert all(link.startswith("/es/") for link in links), links
    assert "resultado" in meta  # the search box speaks the page's language


def test_no_search_bytes_load_with_a_page_and_a_first_search_stays_light(
    built_site: Path, page: Page
) -> None:
    fetched: list[Response] = []
    page.on("response", lambda response: fetched.append(response))
    with serve_directory(built_site) as base:
        page.goto(base + "cases/", wait_until="networkidle")
        # The search box's own script and style load with the page; nothing of the index does
        # (Material's search_index.json, or Pagefind's files).
        on_load = [r.url for r in fetched if "/pagefind/" in r.url or "search_index" in r.url]
        assert on_load == []
        links = _search(page, "Brazil")
        page.wait_for_load_state("networkidle")
        searched = sum(len(r.body()) for r in fetched if "/pagefind/" in r.url)
    assert "/cases/r-o-l1/" in links
    assert 0 < searched < 300_000, f"a first search fetched {searched} bytes"


@pytest.mark.parametrize(
    ("kind", "label", "matches"),
    [
        ("country", "Brazil", lambda c: c.patient.country == "BR"),
        ("ais", "A", lambda c: c.injury.ais == "A"),
        ("region", "Cervical", lambda c: c.injury.level.startswith("C")),
    ],
)
def test_a_filter_lists_exactly_the_matching_cases(
    built_site: Path, page: Page, kind: str, label: str, matches: object
) -> None:
    assert callable(matches)
    expected = {f"/cases/{c.id}/" for c in published_sample_cases() if matches(c)}
    assert expected
    with serve_directory(built_site) as base:
        page.goto(base, wait_until="networkidle")
        page.focus("input.md-search__input")
        select = page.locator(f'select[data-cb-search-filter="{kind}"]')
        select.locator(f'option[value="{label}"]').wait_for(state="attached", timeout=10_000)
        select.select_option(label)
        page.locator(RESULTS).first.wait_for(timeout=10_000)
        page.wait_for_timeout(300)
        links = set(_result_links(page))
    assert links == expected


def test_without_javascript_the_site_reads_and_no_dead_search_box_shows(
    built_site: Path, page: Page
) -> None:
    context = page.context.browser
    assert context is not None
    quiet = context.new_page(java_script_enabled=False)
    try:
        with serve_directory(built_site) as base:
            quiet.goto(base + "cases/mei-c-c6/")
            assert quiet.locator("h1").first.is_visible()
            assert quiet.get_by_text("What to expect from this treatment").is_visible()
            assert not quiet.locator('label.md-header__button[for="__search"]').is_visible()
            assert not quiet.locator("input.md-search__input").is_visible()
    finally:
        quiet.close()
