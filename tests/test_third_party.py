"""Visitors of a health site are not tracked: the built site requests nothing from elsewhere."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, Request

from tests.conftest import serve_directory

PAGES = ["", "cases/", "protocols/uc-msc-iv-lp/", "results/", "cost/", "evidence/"]


def test_pages_request_nothing_outside_the_site(built_site: Path, page: Page) -> None:
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    with serve_directory(built_site) as base:
        case = sorted(p.parent.name for p in (built_site / "cases").glob("*/index.html"))[0]
        for path in [*PAGES, f"cases/{case}/"]:
            response = page.goto(base + path, wait_until="networkidle")
            assert response is not None and response.ok, path
        page.fill("input.md-search__input", "bladder")
        page.wait_for_timeout(1000)
    origin = urlsplit(base).netloc
    assert requests, "the pages loaded something"
    outside = [
        u for u in requests if urlsplit(u).netloc not in (origin, "") and not u.startswith("data:")
    ]
    assert outside == []


def test_no_third_party_reference_in_any_page(built_site: Path) -> None:
    for html_file in built_site.rglob("*.html"):
        text = html_file.read_text()
        for marker in ("fonts.googleapis", "fonts.gstatic", "googletagmanager", "google-analytics"):
            assert marker not in text, (html_file, marker)
