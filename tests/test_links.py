"""Links written into finished HTML lead where MkDocs would have led them."""

from __future__ import annotations

import pytest

from generator.render.links import relative_url, served_path


@pytest.mark.parametrize(
    ("src_uri", "directory_urls", "served"),
    [
        ("cases/a.md", True, "cases/a/"),
        ("cases/index.md", True, "cases/"),
        ("index.md", True, ""),
        ("cases/a.md", False, "cases/a.html"),
        ("cases/index.md", False, "cases/index.html"),
        ("cases/a/photo-480.jpg", True, "cases/a/photo-480.jpg"),
    ],
)
def test_a_page_is_served_where_mkdocs_puts_it(
    src_uri: str, directory_urls: bool, served: str
) -> None:
    assert served_path(src_uri, directory_urls) == served


@pytest.mark.parametrize(
    ("page", "target", "directory_urls", "link"),
    [
        ("cases/a.md", "cases/index.md", True, "../"),
        ("cases/a.md", "protocols/p.md", True, "../../protocols/p/"),
        (
            "cases/a.md",
            "evidence.md#measure-thresholds",
            True,
            "../../evidence/#measure-thresholds",
        ),
        ("cases/a.md", "index.md", True, "../../"),
        ("cases/index.md", "cases/ais/a.md", True, "ais/a/"),
        ("cases/ais/a.md", "cases/ais/a/page/2.md", True, "page/2/"),
        ("cases/index.md", "cases/index.md", True, "./"),
        ("cases/a.md", "cases/index.md", False, "index.html"),
        ("cases/a.md", "protocols/p.md", False, "../protocols/p.html"),
        ("cases/a.md", "index.md", False, "../index.html"),
    ],
)
def test_links_lead_from_the_page_url(
    page: str, target: str, directory_urls: bool, link: str
) -> None:
    assert relative_url(page, target, directory_urls) == link
