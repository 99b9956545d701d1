"""The engine puts a finished page in place of its placeholder, with its table of contents."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import markdown
import pytest
from markupsafe import Markup
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.engine.finished import FinishedMkDocsPage, FinishedPages
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


def _mkdocs_page(tmp_path: Path, markdown: str) -> tuple[FinishedMkDocsPage, MkDocsConfig]:
    (tmp_path / "docs" / "cases").mkdir(parents=True)
    (tmp_path / "docs" / "cases" / "a.md").write_text(markdown, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    file = File("cases/a.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    page = FinishedMkDocsPage(None, file, config)
    assert file.page is page  # MkDocs takes the page a plugin sets on a file
    page.read_source(config)
    return page, config


def test_a_finished_page_s_placeholder_is_not_given_to_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, config = _mkdocs_page(tmp_path, f'---\ntitle: "Case"\n---\n{PLACEHOLDER}\n')

    def no_markdown(*args: object, **kwargs: object) -> None:
        raise AssertionError("Markdown was made for a placeholder")

    monkeypatch.setattr(markdown, "Markdown", no_markdown)
    page.render(config, Files([page.file]))
    assert (page.content, page.title, list(page.toc)) == (PLACEHOLDER, "Case", [])
    assert page.present_anchor_ids == set()


def test_a_changed_finished_page_is_given_to_markdown(tmp_path: Path) -> None:
    page, config = _mkdocs_page(tmp_path, "# Changed\n\nText.\n")
    page.render(config, Files([page.file]))
    assert page.content is not None and "<p>Text.</p>" in page.content
    assert [item.title for item in page.toc] == ["Changed"]
