"""The generated pages of a site, independent of the engine that builds them.

The MkDocs plugin hands these to MkDocs in memory; ``casebook export`` writes them to disk.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import partial

from generator.catalog.addresses import COST_URI, RESULTS_URI, photo_uri
from generator.catalog.facets import facet_groups
from generator.catalog.selection import Catalog
from generator.content.layout import Layout
from generator.content.markers import replace_markers
from generator.content.photos import clean_photo
from generator.render.renderer import Renderer, relative_root


@dataclass(frozen=True)
class GeneratedFile:
    """A file added to the docs tree.

    Attributes:
        src_uri: Its path inside the docs tree, such as ``cases/maya-r-t11.md``.
        content: Markdown text, or bytes for a photo.
        source: The site file it was made from, relative to the site root (for "edit this page").
    """

    src_uri: str
    content: str | bytes
    source: str | None = None


def generate(catalog: Catalog, renderer: Renderer, layout: Layout) -> list[GeneratedFile]:
    """Render every generated file.

    Case pages and their photos, the case index and one page per facet (region, AIS grade,
    protocol, country), the results summary and the cost estimate.
    """
    photos, generated = _photos(catalog, layout)
    generated.append(GeneratedFile("cases/index.md", renderer.cases_index(catalog, photos)))
    for case in (*catalog.cases, *catalog.previews):
        source = layout.display(layout.cases_dir / f"{case.id}.yml")
        page = renderer.case_page(case, catalog, photo=photos.get(case.id))
        generated.append(GeneratedFile(f"cases/{case.id}.md", page, source))
    for group in facet_groups(catalog.cases, catalog.protocols):
        generated += [
            GeneratedFile(f.src_uri, renderer.facet_page(f, catalog, photos)) for f in group.facets
        ]
    generated.append(GeneratedFile(RESULTS_URI, renderer.results_page(catalog)))
    generated.append(GeneratedFile(COST_URI, renderer.cost_page(catalog)))
    return generated


def _photos(catalog: Catalog, layout: Layout) -> tuple[dict[str, str], list[GeneratedFile]]:
    # Cleaned first, so every page that shows a photo knows its published file name.
    names: dict[str, str] = {}
    files: list[GeneratedFile] = []
    for case in (*catalog.cases, *catalog.previews):
        if case.patient.photo:
            data, extension = clean_photo(layout.cases_dir / case.patient.photo)
            names[case.id] = posixpath.basename(photo_uri(case.id, extension))
            files.append(GeneratedFile(photo_uri(case.id, extension), data))
    return names, files


def enrich(
    src_uri: str, markdown: str, catalog: Catalog, renderer: Renderer, layout: Layout
) -> str:
    """Return a hand-written page with its generated parts added.

    Content markers (``<!-- casebook:stats -->`` and the like) are replaced on every page;
    protocol pages also get their phases, status, risks, cases and results appended. A marker
    that ``prepare`` refused stays as it is (an HTML comment); a build has stopped before this.
    """
    render = partial(renderer.marker, catalog=catalog, root=relative_root(src_uri))
    markdown = replace_markers(markdown, render)
    protocols_prefix = layout.protocols_dir.relative_to(layout.docs_dir).as_posix() + "/"
    if src_uri.startswith(protocols_prefix):
        protocol = catalog.protocols.get(posixpath.splitext(src_uri[len(protocols_prefix) :])[0])
        if protocol is not None:
            markdown = markdown.rstrip("\n") + "\n\n" + renderer.protocol_section(protocol, catalog)
    return markdown
