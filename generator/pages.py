"""The generated pages of a site, independent of the engine that builds them.

The MkDocs plugin hands these to MkDocs in memory; ``casebook export`` writes them to disk.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from generator.catalog import Catalog
from generator.photos import clean_photo
from generator.project import Layout
from generator.render import Renderer


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


def photo_uri(case_id: str, extension: str) -> str:
    """Return where a case's cleaned photo is published."""
    return f"cases/{case_id}/photo.{extension}"


def generate(catalog: Catalog, renderer: Renderer, layout: Layout) -> list[GeneratedFile]:
    """Render every generated file: case pages, their photos and the case index."""
    generated = [GeneratedFile("cases/index.md", renderer.cases_index(catalog))]
    for case in catalog.cases:
        source = layout.display(layout.cases_dir / f"{case.id}.yml")
        photo = None
        if case.patient.photo:
            data, extension = clean_photo(layout.cases_dir / case.patient.photo)
            photo = posixpath.basename(photo_uri(case.id, extension))
            generated.append(GeneratedFile(photo_uri(case.id, extension), data))
        page = renderer.case_page(case, catalog, photo=photo)
        generated.append(GeneratedFile(f"cases/{case.id}.md", page, source))
    return generated


def enrich(
    src_uri: str, markdown: str, catalog: Catalog, renderer: Renderer, layout: Layout
) -> str:
    """Return a hand-written page with its generated parts added.

    Protocol pages get their phases, status, risks and cases appended.
    """
    protocols_prefix = layout.protocols_dir.relative_to(layout.docs_dir).as_posix() + "/"
    if src_uri.startswith(protocols_prefix):
        protocol = catalog.protocols.get(posixpath.splitext(src_uri[len(protocols_prefix) :])[0])
        if protocol is not None:
            markdown = markdown.rstrip("\n") + "\n\n" + renderer.protocol_section(protocol, catalog)
    return markdown
