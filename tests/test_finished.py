"""Finished HTML pages: headings recorded for the table of contents, the page as MkDocs gets it."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from generator.render.finished import PLACEHOLDER, FinishedPage, Heading, Headings


def test_a_heading_gets_the_id_and_permalink_of_python_markdown_s_toc() -> None:
    h = Headings()
    assert h(2, "Before treatment") == Markup(
        '<h2 id="before-treatment">Before treatment<a class="headerlink" '
        'href="#before-treatment" title="Permanent link">&para;</a></h2>'
    )
    assert h.written == [Heading(2, "before-treatment", Markup("Before treatment"))]


def test_heading_text_is_escaped_and_ids_are_unique() -> None:
    h = Headings()
    first = h(1, "<script>alert(1)</script> & more")
    h(2, "Notes")
    h(2, "Notes")
    assert "<script>" not in first and "&#60;script&#62;" in first
    assert [heading.id for heading in h.written] == ["scriptalert1script-more", "notes", "notes_1"]
    with pytest.raises(ValueError, match="heading level"):
        h(7, "Too deep")


def test_markdown_gets_the_front_matter_and_the_placeholder_only() -> None:
    page = FinishedPage('title: "A"\n', Markup("<h1>A</h1><table></table>"), ())
    assert page.skeleton() == f'---\ntitle: "A"\n---\n\n{PLACEHOLDER}\n'
    assert page.text() == '---\ntitle: "A"\n---\n\n<h1>A</h1><table></table>'
