"""Tables in named, focusable regions, every cell labelled with its column's heading."""

from __future__ import annotations

import markdown
from markdown.extensions import Extension

from generator.render.table_regions import TableRegionsExtension

PAGE = """# Title

## Measured before and after

| Measure | Baseline | Latest |
|---|---:|---:|
| UEMS | 16 | 17 |
| SCIM | 28 | 38 |

!!! note "Inside"
    ### Nested heading

    | A | B |
    |---|---|
    | 1 | 2 |

<table class="cb-facts"><tr><th>Name</th><td>x</td></tr></table>
"""


def _html(text: str) -> str:
    extensions: list[str | Extension] = ["tables", "admonition", "toc", TableRegionsExtension()]
    return markdown.markdown(text, extensions=extensions)


def test_each_table_is_a_named_focusable_region() -> None:
    html = _html(PAGE)
    assert (
        '<div aria-label="Table: Measured before and after" class="cb-table" role="region" '
        'tabindex="0"><table class="cb-data">' in html
    )
    assert 'aria-label="Table: Nested heading"' in html
    assert html.count('class="cb-table"') == 2


def test_cells_carry_their_column_heading() -> None:
    html = _html(PAGE)
    assert '<td data-label="Measure">UEMS</td>' in html
    assert '<td class="cb-right" data-label="Latest">38</td>' in html
    assert "style=" not in html  # the pages' Content Security Policy refuses style attributes
    assert '<td data-label="B">2</td>' in html


def test_tables_with_a_class_are_left_alone() -> None:
    html = _html(PAGE)
    assert '<table class="cb-facts">' in html
    assert "Table: Title" not in html


def test_a_table_before_any_heading_is_still_named() -> None:
    html = _html("| A |\n|---|\n| 1 |\n")
    assert 'aria-label="Table"' in html


def test_inline_html_in_a_heading_or_column_name_never_reaches_an_attribute() -> None:
    # A name marked as another language: <span lang="en">, stashed by Python-Markdown.
    text = '## Price of <span lang="en">UC-MSC "IV"</span>\n\n| <b>Col</b> |\n|---|\n| 1 |\n'
    html = _html(text)
    assert 'aria-label="Table: Price of UC-MSC &quot;IV&quot;"' in html
    assert '<td data-label="Col">1</td>' in html
    assert html.count("<span") == 1  # in the heading only
