"""Visitors find a case with the site's search by its text, its level or its country."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import serve_directory


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
        page.focus("input.md-search__input")
        page.keyboard.type(query, delay=20)  # Material searches on key events, as a visitor types
        results = page.locator(".md-search-result__link")
        results.first.wait_for(timeout=10_000)
        links = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any(f"cases/{case_id}/" in link for link in links), links


def test_charts_stay_out_of_the_search_index(built_site: Path) -> None:
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["text"] for doc in index["docs"]]
    timelines = [t for t in texts if "The timeline chart as text" in t]
    assert timelines, "the case timelines are indexed through their text equivalent"
    # The charts' titles and tick labels would read "...treatment-40481216..." in a snippet.
    assert not [t for t in texts if "Timeline of this case in weeks" in t or "<svg" in t]
