"""Putting finished HTML pages (render/finished.py) into MkDocs' pages after Markdown has run.

MkDocs gives a generated case page's Markdown (its front matter and a placeholder) to
Python-Markdown like any page; the plugin then swaps the placeholder for the page's HTML and
gives MkDocs the table of contents and anchors that Markdown would have found in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.render.finished import PLACEHOLDER, FinishedPage, Heading


def _tokens(headings: Sequence[Heading]) -> list[dict[str, object]]:
    """Nest headings as Python-Markdown's ``toc`` extension lists them (``toc_tokens``)."""
    roots: list[dict[str, object]] = []
    open_tokens: list[dict[str, object]] = []  # the last token of each level still open
    for heading in headings:
        token: dict[str, object] = {
            "level": heading.level,
            "id": heading.id,
            "name": str(heading.title),
            "children": [],
        }
        while open_tokens and int(str(open_tokens[-1]["level"])) >= heading.level:
            open_tokens.pop()
        parent = open_tokens[-1]["children"] if open_tokens else roots
        assert isinstance(parent, list)
        parent.append(token)
        open_tokens.append(token)
    return roots


class FinishedPages:
    """The finished HTML of this build's generated pages, by their path in the docs tree."""

    def __init__(self) -> None:
        self._pages: dict[str, FinishedPage] = {}

    def clear(self) -> None:
        """Forget the pages of an earlier build."""
        self._pages = {}

    def add(self, src_uri: str, page: FinishedPage) -> str:
        """Keep ``page`` for the page at ``src_uri``; return the Markdown MkDocs is given."""
        self._pages[src_uri] = page
        return page.skeleton()

    def fill(self, html: str, page: Page) -> str:
        """Return the content of ``page``: its finished HTML if it has one, else ``html``.

        Also sets the page's table of contents and anchors, which MkDocs took from Markdown.
        """
        finished = self._pages.get(page.file.src_uri)
        if finished is None or html.strip() != PLACEHOLDER:
            return html
        page.toc = get_toc(_tokens(finished.headings))  # type: ignore[arg-type]
        page.present_anchor_ids = {heading.id for heading in finished.headings}
        return str(finished.body)


class FinishedMkDocsPage(Page):
    """MkDocs' page of a generated page with finished HTML: its placeholder skips Markdown.

    MkDocs makes a Python-Markdown instance with every configured extension for each page it
    renders, which cost more than anything else of reading a finished page; its Markdown is
    only a placeholder that Markdown passes through as it is. The plugin makes these pages
    itself (MkDocs uses a page a plugin set on its file), for the generated pages outside the
    nav; ``FinishedPages.fill`` then puts the HTML in place, as for any finished page.
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Set the placeholder as the content, as Markdown would; Markdown for anything else."""
        if self.markdown is None or self.markdown.strip() != PLACEHOLDER:
            super().render(config, files)
            return
        self.content = PLACEHOLDER
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}
