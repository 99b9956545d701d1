from __future__ import annotations

import html
import re

import pytest

from generator.content.errors import Problem
from generator.engine.banner import BANNER_ID, inject_banner, render_banner

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</code></li></ul></div><a href='https://evil.example'>click</a>",
    "&lt;already escaped&gt; & <b>bold</b>",
]


def _items(banner: str) -> list[str]:
    return re.findall(r"<li><code>(.*?)</code></li>", banner, re.DOTALL)


def test_lists_every_problem_in_order() -> None:
    problems = [
        Problem("cases/a.yml", 3, 5, "injury.ais", "'Z' is not one of A, B, C, D"),
        Problem("cases/b.yml", 1, 1, "(file)", "case files end in .yml; rename it"),
        Problem("content/protocols/p.md", 7, 2, "price.base", "must be a whole number"),
    ]
    banner = render_banner(problems)
    assert [html.unescape(item) for item in _items(banner)] == [str(p) for p in problems]
    assert "3 errors in case or protocol files" in banner


def test_one_problem_is_singular() -> None:
    banner = render_banner([Problem("cases/a.yml", 1, 1, "id", "bad")])
    assert "1 error in case or protocol files" in banner
    assert "1 errors" not in banner


def test_banner_is_an_alert_with_its_id() -> None:
    banner = render_banner([Problem("cases/a.yml", 1, 1, "id", "bad")])
    assert banner.startswith(f'<div id="{BANNER_ID}" class="admonition failure" role="alert">')
    assert banner.rstrip().endswith("</div>")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_problem_text_yields_no_markup(text: str) -> None:
    problems = [
        Problem(f"cases/{text}.yml", 1, 1, text, text),
        Problem("cases/a.yml", 2, 2, "id", text),
    ]
    banner = render_banner(problems)
    # The only tags are the banner's own: div, p, ul, li and code.
    tags = set(re.findall(r"</?([a-zA-Z]+)", banner))
    assert tags == {"div", "p", "ul", "li", "code"}
    assert banner.count("<li>") == 2
    assert [html.unescape(item) for item in _items(banner)] == [str(p) for p in problems]
    for item in _items(banner):
        assert "<" not in item and ">" not in item and '"' not in item


def test_no_problems_no_banner() -> None:
    assert render_banner([]) == ""
    page = "<html><body><article>text</article></body></html>"
    assert inject_banner(page, render_banner([])) == page


def test_inject_goes_inside_the_article_when_there_is_one() -> None:
    page = '<html><body class="x"><header/><article class="md-content__inner">text</article></body>'
    result = inject_banner(page, "<div>BANNER</div>")
    assert result == (
        '<html><body class="x"><header/><article class="md-content__inner">'
        "<div>BANNER</div>text</article></body>"
    )


def test_inject_falls_back_to_the_body() -> None:
    page = '<html><body data-x="1"><main>text</main></body></html>'
    result = inject_banner(page, "<div>BANNER</div>")
    assert result == '<html><body data-x="1"><div>BANNER</div><main>text</main></body></html>'


def test_inject_does_not_mistake_similar_tags_for_anchors() -> None:
    page = "<articles>x</articles><bodyguard>y</bodyguard>"
    assert inject_banner(page, "B") == "B" + page


def test_inject_into_a_fragment_prepends() -> None:
    assert inject_banner("<p>text</p>", "<div>B</div>") == "<div>B</div><p>text</p>"


def test_inject_only_once() -> None:
    page = "<body><article>a</article><article>b</article></body>"
    assert inject_banner(page, "B").count("B") == 1
    assert inject_banner(page, "B").startswith("<body><article>Ba</article>")
