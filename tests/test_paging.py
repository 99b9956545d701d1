"""Listings split into pages: every case on exactly one page, links between them that resolve."""

from __future__ import annotations

import posixpath

import pytest

from generator.catalog.paging import page_uri, paginate
from tests.factories import make_case

CASES = [make_case(f"c-{n}") for n in range(7)]


@pytest.mark.parametrize(
    ("first", "number", "uri"),
    [
        ("cases/index.md", 1, "cases/index.md"),
        ("cases/index.md", 2, "cases/page/2.md"),
        ("cases/ais/a.md", 3, "cases/ais/a/page/3.md"),
    ],
)
def test_page_uri(first: str, number: int, uri: str) -> None:
    assert page_uri(first, number) == uri


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 100])
def test_every_case_is_on_exactly_one_page_in_order(size: int) -> None:
    pages = paginate(CASES, "cases/index.md", size)
    assert [c.id for p in pages for c in p.cases] == [c.id for c in CASES]
    assert len(pages) == -(-len(CASES) // size)
    assert all(0 < len(p.cases) <= size for p in pages)


def test_an_empty_listing_has_one_empty_page() -> None:
    (page,) = paginate([], "cases/region/sacral.md", 5)
    assert page.cases == () and page.src_uri == "cases/region/sacral.md"


def test_links_between_pages_resolve_to_their_targets() -> None:
    for first in ("cases/index.md", "cases/ais/a.md"):
        pages = paginate(CASES, first, 3)
        for page in pages:
            for number in (1, 2, 3):
                here = posixpath.dirname(page.src_uri)
                assert posixpath.normpath(posixpath.join(here, page.link(number))) == page_uri(
                    first, number
                )
            cases_folder = posixpath.normpath(
                posixpath.join(posixpath.dirname(page.src_uri), page.to_cases or ".")
            )
            assert cases_folder == "cases"
