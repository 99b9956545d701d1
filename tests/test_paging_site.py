"""A real build with a small page size: the case index and facets split, nothing lost or doubled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import copy_site, run_mkdocs

PAGE_SIZE = 5
CARD_LINK = re.compile(r'<strong><a href="((?:\.\./)*)([a-z0-9-]+)/">')


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("paged") / "site-root")
    config = root / "mkdocs.yml"
    text = config.read_text()
    config.write_text(
        text.replace("  - casebook:\n", f"  - casebook:\n      page_size: {PAGE_SIZE}\n")
    )
    result = run_mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def _listing(site: Path, first: str) -> list[Path]:
    pages = [site / first / "index.html"]
    number = 2
    while (site / first / "page" / str(number) / "index.html").is_file():
        pages.append(site / first / "page" / str(number) / "index.html")
        number += 1
    return pages


def _cards(page: Path) -> list[str]:
    return [case_id for _, case_id in CARD_LINK.findall(page.read_text(encoding="utf-8"))]


def _published(site: Path) -> set[str]:
    index = (site / "sitemap.xml").read_text()
    return set(re.findall(r"/cases/([a-z0-9-]+)/</loc>", index)) - {
        "region", "ais", "protocol", "country", "page",
    }  # fmt: skip


def test_every_published_case_is_on_exactly_one_index_page(paged_site: Path) -> None:
    pages = _listing(paged_site, "cases")
    published = _published(paged_site)
    listed = [case_id for page in pages for case_id in _cards(page)]
    assert sorted(listed) == sorted(published)
    assert len(pages) == -(-len(published) // PAGE_SIZE) > 1
    assert all(len(_cards(page)) <= PAGE_SIZE for page in pages)


def test_a_facet_splits_the_same_way(paged_site: Path) -> None:
    biggest = max(
        (
            p.parent
            for kind in ("region", "ais", "protocol", "country")
            for p in (paged_site / "cases" / kind).glob("*/index.html")
        ),
        key=lambda folder: len(_cards(folder / "index.html")),
    )
    first = biggest.relative_to(paged_site).as_posix()
    pages = _listing(paged_site, first)
    listed = [case_id for page in pages for case_id in _cards(page)]
    count = re.search(r"(\d+) published case", (biggest / "index.html").read_text())
    assert count is not None and len(pages) > 1
    assert len(listed) == len(set(listed)) == int(count.group(1))


def test_every_link_between_pages_leads_to_a_built_page(paged_site: Path) -> None:
    for page in paged_site.glob("cases/**/index.html"):
        html = page.read_text(encoding="utf-8")
        for pager in re.findall(r'<p class="cb-pager">(.*?)</p>', html, re.S):
            for href in re.findall(r'href="([^"#]+)"', pager):
                target = (page.parent / href).resolve() / "index.html"
                assert target.is_file(), (page, href)


def test_the_sitemap_lists_the_later_pages(paged_site: Path) -> None:
    assert "/cases/page/2/</loc>" in (paged_site / "sitemap.xml").read_text()


def test_a_protocol_page_lists_at_most_a_page_of_cases(paged_site: Path) -> None:
    html = (paged_site / "protocols" / "uc-msc-iv-lp" / "index.html").read_text()
    section = html[html.index('id="cases-treated-with-this-protocol"') :]
    section = section[: section.index("</table>")]
    rows = re.findall(r'<a href="\.\./\.\./cases/([a-z0-9-]+)/">', section)
    assert len(rows) == PAGE_SIZE
    assert 'href="../../cases/protocol/uc-msc-iv-lp/">all ' in section
