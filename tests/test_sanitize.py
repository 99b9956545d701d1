from __future__ import annotations

import html
import re
import time

import pytest

from generator.render.sanitize import MAX_NESTING, render_markdown


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


# Rendering cost. Python-Markdown scans some constructs to the end of the text once per bracket,
# backtick run, tag or line, so a 20,000-character field of them took from seconds to minutes;
# `render_markdown` must stay about linear. Timings are in tests/benchmarks/markdown_cost.py.

LONGEST = 20_000  # the longest Markdown field, `story`


def _repeat(unit: str, length: int = LONGEST) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _render_in_time(source: str) -> str:
    start = time.perf_counter()
    rendered = str(render_markdown(source))
    # A hang guard, not a benchmark: unguarded, most of these inputs took 4 s to minutes.
    assert time.perf_counter() - start < 5.0
    return rendered


def _text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", rendered))


def _depth(rendered: str) -> int:
    depth = deepest = 0
    for closing, tag in re.findall(r"<(/?)(\w+)", rendered):
        if tag not in ("br", "hr"):
            depth += -1 if closing else 1
            deepest = max(deepest, depth)
    return deepest


# Ordinary Markdown renders exactly as it did before the cost guards (outputs recorded then).
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "Walked **twice as far** with *less* pain, and __stood__ for _ten_ minutes.\nNext.",
            "<p>Walked <strong>twice as far</strong> with <em>less</em> pain, and <strong>stood"
            "</strong> for <em>ten</em> minutes.\nNext.</p>",
        ),
        (
            'See [the trial](https://example.org/trial "Trial") and [notes][n], '
            "<https://example.org/a>.\n\n[n]: https://example.org/notes",
            '<p>See <a href="https://example.org/trial" title="Trial" rel="nofollow noopener '
            'noreferrer">the trial</a> and <a href="https://example.org/notes" rel="nofollow '
            'noopener noreferrer">notes</a>, <a href="https://example.org/a" rel="nofollow noopener'
            ' noreferrer">https://example.org/a</a>.</p>',
        ),
        (
            "[Her page](https://example.org/it's) [sic, unmatched. (Aside.)",
            '<p><a href="https://example.org/it\'s" rel="nofollow noopener noreferrer">Her page'
            "</a> [sic, unmatched. (Aside.)</p>",
        ),
        (
            "Run `x[0] = f(y)` then ``a ` b``.\n\n    indented [code] *kept*\n\nAfter.",
            "<p>Run <code>x[0] = f(y)</code> then <code>a ` b</code>.</p>\n<pre><code>indented "
            "[code] *kept*\n</code></pre>\n<p>After.</p>",
        ),
        (
            "- one\n- two\n    - two a\n        - two a i\n            - deep\n- three\n\n"
            "1. first\n2. second",
            "<ul>\n<li>one</li>\n<li>two<ul>\n<li>two a<ul>\n<li>two a i<ul>\n<li>deep</li>\n"
            "</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>three</li>\n</ul>\n<ol>\n<li>first</li>\n"
            "<li>second</li>\n</ol>",
        ),
        (
            "- a\n\n    more a\n\n- b\n\n    - b1\n\n        - b1x",
            "<ul>\n<li>\n<p>a</p>\n<p>more a</p>\n</li>\n<li>\n<p>b</p>\n<ul>\n<li>\n<p>b1</p>\n"
            "<ul>\n<li>b1x</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>",
        ),
        (
            "> quoted\n> > twice\n> > > thrice\n>\n> - list in quote\n>     > quote in list",
            "<blockquote>\n<p>quoted</p>\n<blockquote>\n<p>twice</p>\n<blockquote>\n<p>thrice</p>\n"
            "</blockquote>\n</blockquote>\n<ul>\n<li>list in quote\n    &gt; quote in list</li>\n"
            "</ul>\n</blockquote>",
        ),
        (
            "# Title\n\nIntro\n\nSub\n---\n\n## Two\ntext\n\n***",
            "Title\n<p>Intro</p>\nSub\nTwo\n<p>text</p>\n<hr>",
        ),
        (
            "".join("    " * level + f"- level {level + 1}\n" for level in range(MAX_NESTING)),
            "<ul>\n<li>level 1<ul>\n<li>level 2<ul>\n<li>level 3<ul>\n<li>level 4<ul>\n<li>level 5"
            "<ul>\n<li>level 6<ul>\n<li>level 7<ul>\n<li>level 8</li>\n"
            + "</ul>\n</li>\n" * 7
            + "</ul>",
        ),
        (
            "> " * MAX_NESTING + "deep",
            "<blockquote>\n" * MAX_NESTING
            + "<p>deep</p>\n"
            + "</blockquote>\n" * 7
            + "</blockquote>",
        ),
    ],
)
def test_ordinary_markdown_renders_as_before(source: str, expected: str) -> None:
    assert render_markdown(source) == expected


def test_a_long_ordinary_story_keeps_all_its_formatting() -> None:
    section = (
        "### Week {0}\n"
        "Walked **{0} m** with *less* pain; see [notes](https://example.org/{0}), [log][{0}],"
        ' `log[{0}]` and <a href="https://example.org/raw/{0}"'
        ' title="Notes of week {0} of the trial">raw</a>.\n'
        "***\n"
        "[{0}]: https://example.org/log/{0}"
    )
    count = LONGEST // len(section.format(100) + "\n\n")
    rendered = _render_in_time("\n\n".join(section.format(week) for week in range(count)))
    expected = {"<h3>": 1, "<hr>": 1, "<strong>": 1, "<em>": 1, "<code>": 1, "<a ": 3}
    for tag, each in expected.items():
        assert rendered.count(tag) == each * count


def test_a_long_ordinary_paragraph_keeps_all_its_formatting() -> None:
    sentence = (
        "Week {0}: walked **{0} m** with *less* pain; see [notes](https://example.org/{0}), "
        '`log[{0}]` and <a href="https://example.org/raw/{0}">raw</a>.'
    )
    count = LONGEST // len(sentence.format(100) + " ")
    source = " ".join(sentence.format(week) for week in range(count))
    rendered = _render_in_time(source)
    assert len(source) > LONGEST * 0.95 and rendered.count("<p>") == 1
    for tag, each in {"<strong>": 1, "<em>": 1, "<code>": 1, "<a ": 2}.items():
        assert rendered.count(tag) == each * count


# Inline text so costly to parse that it is shown as written: every character, no markup.
@pytest.mark.parametrize(
    "source",
    [
        pytest.param("[" * LONGEST, id="unmatched brackets"),
        pytest.param(_repeat("!["), id="unmatched image brackets"),
        pytest.param(_repeat("[ "), id="spaced brackets"),
        pytest.param("[" * (LONGEST // 2) + "]" * (LONGEST // 2), id="nested brackets"),
        pytest.param(_repeat("[*"), id="brackets and emphasis"),
        pytest.param(_repeat("[]("), id="unclosed link targets"),
        pytest.param(_repeat("[a](b'c) "), id="quotes in link targets"),
        pytest.param(_repeat("[`]`"), id="brackets closed inside code"),
        pytest.param(_repeat("\\`` "), id="escaped backtick runs"),
        pytest.param(_repeat(".*"), id="emphasis runs"),
        pytest.param("*a " * (LONGEST // 6) + "b* " * (LONGEST // 6), id="nested emphasis"),
    ],
)
def test_costly_inline_text_is_shown_as_written(source: str) -> None:
    rendered = _render_in_time(source)
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    assert "<" not in rendered[3:-4]
    assert _text(rendered).strip() == source.strip()


# Raw-HTML tags that never close: their `<` is escaped, so they show as text.
@pytest.mark.parametrize("space", [" ", "\n", "\t"], ids=["space", "newline", "tab"])
def test_tags_that_never_close_are_shown_as_text(space: str) -> None:
    source = _repeat("<a" + space)
    assert _text(_render_in_time(source)).split() == source.split()  # tabs become spaces


# Blocks that Python-Markdown would split one line at a time: past a budget, the rest of the
# block is one paragraph of text.
@pytest.mark.parametrize(
    "unit",
    ["-\n", "a\n=\n", "a\n---\n", "***\n", "- a\n---\n", "[a]: /a\nx\n", "> a\n> =\n"],
    ids=lambda unit: repr(unit),
)
def test_blocks_split_line_by_line_end_as_one_paragraph(unit: str) -> None:
    source = _repeat(unit)
    rendered = _render_in_time(source)
    last_paragraph = rendered.rsplit("<p>", 1)[1]
    assert _text(last_paragraph).count("\n") > source.count("\n") // 2
    assert rendered.count("<hr>") < 100


# Nesting deeper than MAX_NESTING lists and blockquotes: the rest shows as text in the deepest.
@pytest.mark.parametrize(
    "source",
    [
        pytest.param("- " * (LONGEST // 2 - 1) + "a", id="list markers on one line"),
        pytest.param("1. " * (LONGEST // 3 - 1) + "a", id="numbered markers on one line"),
        pytest.param(">" * (LONGEST - 1) + "a", id="quote markers"),
        pytest.param(_repeat("> - ", LONGEST - 1) + "a", id="quotes and lists"),
        pytest.param(
            _repeat("".join("\t" * level + "- a\n" for level in range(200))), id="tab-indented"
        ),
        pytest.param(
            _repeat("".join("    " * level + "- a\n\n" for level in range(70))), id="loose list"
        ),
        pytest.param(
            _repeat("".join(">" * level + " a\n" for level in range(1, 200))), id="quote lines"
        ),
    ],
)
def test_nesting_deeper_than_the_limit_is_flattened(source: str) -> None:
    rendered = _render_in_time(source)
    lists = rendered.count("<ul>") + rendered.count("<ol>") + rendered.count("<blockquote>")
    assert lists >= MAX_NESTING
    assert _depth(rendered) <= 2 * MAX_NESTING + 1  # each list level is a list and an item
    assert _text(rendered).count("a") == source.count("a")


def test_one_level_too_deep_shows_as_text_in_the_deepest() -> None:
    quotes = render_markdown("> " * (MAX_NESTING + 1) + "deep")
    assert quotes.count("<blockquote>") == MAX_NESTING and "<p>&gt; deep</p>" in quotes
    items = "".join("    " * level + f"- level {level + 1}\n" for level in range(MAX_NESTING + 1))
    listed = render_markdown(items)
    assert listed.count("<ul>") == MAX_NESTING
    assert "<li>level 8\n    - level 9</li>" in listed
