"""Where generated pages and files go in the docs tree, known before anything is rendered.

The checks that keep content from replacing a generated page (a case id ``index``, a
hand-written ``results.md``) need these addresses; so does the renderer that writes the pages.
"""

from __future__ import annotations

import posixpath

from generator.catalog.facets import Facet, facet_groups
from generator.catalog.paging import ListingPage, paginate
from generator.catalog.selection import Catalog

CASES_INDEX = "cases/index.md"
RESULTS_URI = "results/index.md"
COST_URI = "cost.md"


def photo_uri(case_id: str, extension: str, width: int) -> str:
    """Return where a case's cleaned photo is published at ``width`` pixels wide."""
    return f"cases/{case_id}/photo-{width}.{extension}"


def case_page_uri(case_id: str, prefix: str = "") -> str:
    """Return the docs path of a case's page; ``prefix`` is a language's folder (``es/``)."""
    return f"{prefix}cases/{case_id}.md"


def generated_pages(catalog: Catalog) -> list[str]:
    """Return the docs paths of every generated page, without rendering any of them."""
    shown = (*catalog.cases, *catalog.previews)
    prefixes = [catalog.prefix(code) for code in catalog.all_languages]
    cases = [case_page_uri(case.id, prefix) for prefix in prefixes for case in shown]
    listings = [page.src_uri for prefix in prefixes for page in index_pages(catalog, prefix)]
    for prefix in prefixes:
        for group in facet_groups(catalog.cases, catalog.protocols, prefix):
            for facet in group.facets:
                listings += [page.src_uri for page in facet_pages(facet, catalog)]
    results = [prefix + name for prefix in prefixes for name in (RESULTS_URI, COST_URI)]
    return [*listings, *cases, *results]


def index_pages(catalog: Catalog, prefix: str = "") -> list[ListingPage]:
    """Return the pages of the case index; ``prefix`` is a language's folder (``es/``)."""
    return paginate(catalog.cases, prefix + CASES_INDEX, catalog.page_size)


def facet_pages(facet: Facet, catalog: Catalog) -> list[ListingPage]:
    """Return the pages listing the cases of ``facet``."""
    return paginate(facet.cases, facet.src_uri, catalog.page_size)


_PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # MkDocs' Markdown files


def page_address(src_uri: str) -> str:
    """Return the address MkDocs gives a docs file: ``a/b.md`` and ``a/b/index.md`` are ``a/b/``.

    Two files with one address would overwrite each other in the built site; any other file
    keeps its path.
    """
    if not src_uri.endswith(_PAGE_SUFFIXES):
        return src_uri
    folder, name = posixpath.split(posixpath.splitext(src_uri)[0])
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return posixpath.join(folder, name) + "/"
