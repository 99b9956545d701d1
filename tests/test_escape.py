from __future__ import annotations

import html
import string

import markdown
import pytest
from markupsafe import Markup

from generator.render.escape import escape_text


def test_readable_punctuation_stays_as_written() -> None:
    text = "Hands-on physiotherapy, 2.5 m with a frame (weeks 4-12); Maya's view: better? 50% yes!"
    assert escape_text(text) == text


def test_markup_characters_become_entities() -> None:
    assert escape_text('<b> & "x" `y` *z* _w_ [l](u) {a} |t| ~s~ ^c^ =m= $x$ @u #1 \\') == (
        "&#60;b&#62; &#38; &#34;x&#34; &#96;y&#96; &#42;z&#42; &#95;w&#95; &#91;l&#93;(u) "
        "&#123;a&#125; &#124;t&#124; &#126;s&#126; &#94;c&#94; &#61;m&#61; &#36;x&#36; &#64;u "
        "&#35;1 &#92;"
    )


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("- item", "&#45; item"),
        ("+ item", "&#43; item"),
        ("> quote", "&#62; quote"),
        ("1. first", "1&#46; first"),
        ("12) first", "12&#41; first"),
        (": term", "&#58; term"),
        ("!!! note", "&#33;!! note"),
        ("=== setext", "&#61;&#61;&#61; setext"),
        ("    code", "&#32;   code"),
        ("--- rule", "&#45;-- rule"),
    ],
)
def test_a_construct_that_only_starts_a_line_is_broken_at_the_start(
    value: str, escaped: str
) -> None:
    assert escape_text(value) == escaped


def test_line_breaks_fold_and_letters_stay() -> None:
    assert escape_text("Zoë\nB\u2028x\ty") == "Zoë B x y"
    assert escape_text(42) == "42"


def test_safe_markup_is_left_alone() -> None:
    safe = Markup("<em>x</em>")
    assert escape_text(safe) is safe


@pytest.mark.parametrize(
    "text",
    [string.punctuation, "- a", "1. a", "> a", "    a", "# a", "<b onclick=x>", "[a](javascript:x)",
     "{: .x onclick=y }", "**b** _i_ `c`", "a  \nb", "===", "---", "| a | b |", "&amp; &#60;"],
)  # fmt: skip
def test_markdown_shows_the_text_exactly_as_written(text: str) -> None:
    # The text, placed alone at the start of a line, comes out of Markdown as one paragraph
    # that reads exactly as the value did: no element but <p>, no character lost.
    rendered = markdown.markdown(str(escape_text(text)), extensions=["attr_list", "tables"])
    folded = text.replace("\n", " ")
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    inner = rendered[3:-4]
    assert "<" not in inner
    assert html.unescape(inner) == folded


@pytest.mark.parametrize(
    "text",
    ["*em* _u_ **b**", "[x](javascript:alert(1))", "<script>x</script>", "# Heading", "{: .x }"],
)
def test_escaped_text_renders_as_the_same_text_with_attribute_lists(text: str) -> None:
    rendered = markdown.markdown(str(escape_text(text)), extensions=["attr_list"])
    assert rendered.startswith("<p>") and "<" not in rendered[3:-4]
    assert html.unescape(rendered[3:-4]) == text
