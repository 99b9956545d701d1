from __future__ import annotations

import html
import string

import markdown
import pytest
from markupsafe import Markup

from generator.sanitize import escape_text, render_markdown


def test_escape_text_encodes_every_ascii_punctuation_character() -> None:
    escaped = escape_text(string.punctuation)
    assert not any(char in escaped.replace("&#", "").replace(";", "") for char in "<>\"'[]()*_`{}|")
    assert html.unescape(escaped) == string.punctuation


def test_escape_text_folds_line_breaks_and_keeps_letters() -> None:
    assert escape_text("Zoë\nB\u2028x") == "Zoë B x"
    assert escape_text(42) == "42"


def test_escape_text_leaves_safe_markup_alone() -> None:
    safe = Markup("<em>ok</em>")
    assert escape_text(safe) is safe


@pytest.mark.parametrize(
    "text",
    ["*em* _u_ **b**", "[x](javascript:alert(1))", "<script>x</script>", "# Heading", "{: .x }"],
)
def test_escaped_text_renders_as_the_same_text_in_markdown(text: str) -> None:
    rendered = markdown.markdown(str(escape_text(text)), extensions=["attr_list"])
    assert rendered.startswith("<p>") and "<" not in rendered[3:-4]
    assert html.unescape(rendered[3:-4]) == text


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ("[a](javascript:alert(1))", "javascript:"),
        ("[a](data:text/html,x)", "data:"),
        ("<a href='vbscript:x'>a</a>", "vbscript"),
        ("<iframe src=x></iframe>", "<iframe"),
        ("<style>p{}</style>", "<style"),
        ('<p style="color:red">x</p>', "style="),
        ("<object data=x></object>", "<object"),
        ("<svg onload=alert(1)>", "<svg"),
        ("<!-- casebook:stats -->", "<!--"),
        ('<div markdown="1">x</div>', "markdown="),
        ("{{ 7*7 }}", "{{"),
    ],
)
def test_render_markdown_removes_anything_that_runs(source: str, forbidden: str) -> None:
    assert forbidden not in render_markdown(source)


def test_render_markdown_keeps_harmless_formatting_and_safe_links() -> None:
    out = render_markdown(
        "**Bold** and *em*\n\n- a\n- b\n\n[site](https://example.org) [rel](../x)"
    )
    assert "<strong>Bold</strong>" in out and "<em>em</em>" in out and "<li>a</li>" in out
    assert 'href="https://example.org"' in out and 'href="../x"' in out
    assert 'rel="nofollow noopener noreferrer"' in out
