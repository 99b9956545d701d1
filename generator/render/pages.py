"""The generated pages of a site, independent of the engine that builds them.

The MkDocs plugin hands these to MkDocs in memory; ``casebook export`` writes them to disk.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from generator.catalog.addresses import (
    COST_URI,
    RESULTS_URI,
    case_page_uri,
    facet_pages,
    index_pages,
    photo_uri,
)
from generator.catalog.facets import facet_groups
from generator.catalog.selection import Catalog
from generator.content.forking import fork_each
from generator.content.i18n import speaking
from generator.content.layout import Layout
from generator.content.markers import replace_markers
from generator.content.photos import CleanPhoto, clean_photo_widths
from generator.render.finished import FinishedPage
from generator.render.photos import CARD, WIDTHS, page_photo, shown_photos
from generator.render.renderer import Renderer, relative_root


@dataclass(frozen=True)
class GeneratedFile:
    """A file added to the docs tree.

    Attributes:
        src_uri: Its path inside the docs tree, such as ``cases/maya-r-t11.md``.
        content: Markdown text, or bytes for a photo.
        source: The site file it was made from, relative to the site root (for "edit this page").
        finished: For a page rendered as finished HTML (a case page), that rendering; its
            ``content`` is then the same page as one Markdown file of raw HTML.
    """

    src_uri: str
    content: str | bytes
    source: str | None = None
    finished: FinishedPage | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # A finished page's content is its text, made from it: a page sent from a forked
        # process (content/forking.py) carries it once, as the finished page, not twice.
        if self.finished is not None and self.content == self.finished.text():
            return (_finished_file, (self.src_uri, self.source, self.finished))
        return (GeneratedFile, (self.src_uri, self.content, self.source, self.finished))


def _finished_file(src_uri: str, source: str | None, finished: FinishedPage) -> GeneratedFile:
    return GeneratedFile(src_uri, finished.text(), source, finished)


def generate(
    catalog: Catalog,
    renderer: Renderer,
    layout: Layout,
    photo_cache: PhotoCache | None = None,
    *,
    directory_urls: bool = True,
    workers: int = 1,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[GeneratedFile]:
    """Yield every generated file.

    Case pages and their photos (each in the widths of :data:`~.photos.WIDTHS`), the case index
    and one page per facet (region, AIS grade, protocol, country), the results summary and the
    cost estimate, in each of the site's languages. ``directory_urls`` is MkDocs'
    ``use_directory_urls``: photos' ``srcset`` are written from the URL of the page that shows
    them. With ``workers`` above 1, the pages of each language after the first are rendered at
    the same time in a forked process (content/forking.py) from a caseload of
    ``PARALLEL_FROM`` cases: a language's pages need nothing from another's; the first
    language's are yielded while the others render, and ``meanwhile``, if given, runs once
    they are used, before waiting for the others' (never without a forked process).
    """
    photos, generated = _photos(catalog, layout, photo_cache or PhotoCache())
    yield from generated
    pages = partial(_language_pages, catalog, renderer, layout, photos, directory_urls)
    languages = catalog.all_languages
    if len(catalog.cases) < PARALLEL_FROM:
        workers = 1
    for files in fork_each(pages, languages, workers, meanwhile):
        yield from files


# Below this many cases, a second process costs more than it saves.
PARALLEL_FROM = 200


def _language_pages(
    catalog: Catalog,
    renderer: Renderer,
    layout: Layout,
    photos: Mapping[str, CleanPhoto],
    directory_urls: bool,
    language: str,
) -> list[GeneratedFile]:
    """Render every generated page of one language: under ``<lang>/`` for another language."""
    prefix = catalog.prefix(language)
    generated = _listings(catalog, renderer, photos, directory_urls, language)
    for case in (*catalog.cases, *catalog.previews):
        src_uri = case_page_uri(case.id, prefix)
        photo = page_photo(case.id, photos, src_uri, directory_urls)
        page = renderer.case_page(case, catalog, photo, directory_urls, language)
        source = _case_source(case.id, catalog, layout, language)
        generated.append(GeneratedFile(src_uri, page.text(), source, page))
    results = renderer.results_page(catalog, language)
    generated.append(GeneratedFile(prefix + RESULTS_URI, results))
    generated.append(GeneratedFile(prefix + COST_URI, renderer.cost_page(catalog, language)))
    return generated


def _case_source(case_id: str, catalog: Catalog, layout: Layout, language: str) -> str:
    """Return the file a case page shows, for "edit this page": its translation, if any."""
    translation = catalog.translation(case_id, language)
    if translation is not None:
        return translation.source
    return layout.display(layout.cases_dir / f"{case_id}.yml")


def _listings(
    catalog: Catalog,
    renderer: Renderer,
    photos: Mapping[str, CleanPhoto],
    directory_urls: bool,
    language: str,
) -> list[GeneratedFile]:
    """Render every page of the case index and of each facet (catalog/paging.py).

    In ``language``: under ``<lang>/`` for another language than the site's.
    """
    listed: list[GeneratedFile] = []
    prefix = catalog.prefix(language)
    for page in index_pages(catalog, prefix):
        cards = shown_photos(photos, CARD, page.src_uri, directory_urls)
        index = renderer.cases_index(catalog, cards, page, directory_urls, language)
        listed.append(GeneratedFile(page.src_uri, index.text(), finished=index))
    with speaking(language):  # the facets' names, in the language of their pages
        groups = facet_groups(catalog.cases, catalog.protocols, prefix)
    for group in groups:
        for facet in group.facets:
            for page in facet_pages(facet, catalog):
                cards = shown_photos(photos, CARD, page.src_uri, directory_urls)
                shown = renderer.facet_page(facet, catalog, cards, page, directory_urls, language)
                listed.append(GeneratedFile(page.src_uri, shown.text(), finished=shown))
    return listed


class PhotoCache:
    """Cleaned photos by the SHA-256 of their file, kept across ``mkdocs serve`` rebuilds.

    Re-encoding a photo decodes every pixel and scales it to every width; a preview reload
    should not do it again for a photo that did not change.
    """

    def __init__(self) -> None:
        self._cleaned: dict[tuple[bytes, tuple[int, ...]], CleanPhoto] = {}
        self._used: set[tuple[bytes, tuple[int, ...]]] = set()

    def clean(self, path: Path, widths: Sequence[int] = WIDTHS) -> CleanPhoto:
        """Return ``clean_photo_widths(path, widths)``, from the cache when nothing changed."""
        key = (hashlib.sha256(path.read_bytes()).digest(), tuple(widths))
        self._used.add(key)
        if key not in self._cleaned:
            self._cleaned[key] = clean_photo_widths(path, widths)
        return self._cleaned[key]

    def forget_unused(self) -> None:
        """Drop the photos the last build did not ask for, so the cache does not grow."""
        self._cleaned = {k: v for k, v in self._cleaned.items() if k in self._used}
        self._used = set()


def _photos(
    catalog: Catalog, layout: Layout, cache: PhotoCache
) -> tuple[dict[str, CleanPhoto], list[GeneratedFile]]:
    # Cleaned first, so every page that shows a photo knows its published copies.
    photos: dict[str, CleanPhoto] = {}
    files: list[GeneratedFile] = []
    for case in (*catalog.cases, *catalog.previews):
        if case.patient.photo:
            photo = cache.clean(layout.cases_dir / case.patient.photo)
            photos[case.id] = photo
            files += [
                GeneratedFile(photo_uri(case.id, photo.extension, copy.width), copy.data)
                for copy in photo.scaled
            ]
    cache.forget_unused()
    return photos, files


def enrich(
    src_uri: str, markdown: str, catalog: Catalog, renderer: Renderer, layout: Layout
) -> str:
    """Return a hand-written page with its generated parts added.

    Content markers (``<!-- casebook:stats -->`` and the like) are replaced on every page;
    protocol pages also get their phases, status, risks, cases and results appended, and so do
    their translations (``<lang>/protocols/<id>.md``), in their language. A marker that
    ``prepare`` refused stays as it is (an HTML comment); a build has stopped before this.
    """
    language, base = catalog.split_language(src_uri)
    root = relative_root(src_uri)
    render = partial(renderer.marker, catalog=catalog, root=root, language=language)
    markdown = replace_markers(markdown, render)
    protocols_prefix = layout.protocols_dir.relative_to(layout.docs_dir).as_posix() + "/"
    if base.startswith(protocols_prefix):
        protocol = catalog.protocols.get(posixpath.splitext(base[len(protocols_prefix) :])[0])
        if protocol is not None:
            section = renderer.protocol_section(protocol, catalog, language, root)
            markdown = markdown.rstrip("\n") + "\n\n" + section
    return markdown
