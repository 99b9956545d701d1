"""The engine puts a finished page in place of its placeholder, with its table of contents."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from markupsafe import Markup
from mkdocs.structure.pages import Page

from generator.engine.finished import FinishedPages
from generator.render.finished import PLACEHOLDER, FinishedPage, Headings


def _page(src_uri: str) -> Page:
    return cast(Page, SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), toc=None))


def test_the_placeholder_becomes_the_page_and_its_headings_the_toc() -> None:
    h = Headings()
    body = Markup(h(1, "Case") + h(2, "Patient") + h(3, "Detail") + h(2, "Injury"))
    pages = FinishedPages()
    skeleton = pages.add("cases/a.md", FinishedPage('title: "Case"\n', body, tuple(h.written)))
    assert PLACEHOLDER in skeleton
    page = _page("cases/a.md")
    assert pages.fill(f"{PLACEHOLDER}\n", page) == str(body)
    toc: Any = page.toc
    [top] = list(toc)
    assert (top.id, top.level, [c.id for c in top.children]) == ("case", 1, ["patient", "injury"])
    assert [c.id for c in top.children[0].children] == ["detail"]
    assert cast(Any, page).present_anchor_ids == {"case", "patient", "detail", "injury"}


def test_other_pages_and_other_content_are_left_alone() -> None:
    pages = FinishedPages()
    assert pages.fill("<p>hand-written</p>", _page("index.md")) == "<p>hand-written</p>"
    h = Headings()
    pages.add("cases/a.md", FinishedPage("", Markup(h(1, "A")), tuple(h.written)))
    # A page whose Markdown is not the placeholder (a plugin changed it) keeps what it has.
    assert pages.fill("<p>changed</p>", _page("cases/a.md")) == "<p>changed</p>"
    pages.clear()
    assert pages.fill(PLACEHOLDER, _page("cases/a.md")) == PLACEHOLDER
