"""``casebook deploy-check``: a built site where the browser would run or load a stranger's code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli.deploy_check import check_page, check_site, foreign_host
from generator.cli.main import main
from generator.render.csp import with_policy

OWN = "northbridge-clinic.example"


def _page(body: str, head: str = "") -> str:
    return with_policy(
        f'<html><head><meta charset="utf-8"><script>setup()</script>{head}</head>'
        f'<body><article class="md-content__inner">{body}</article></body></html>'
    )


def _messages(page: str) -> list[str]:
    return [f.message for f in check_page(Path("p.html"), page, OWN)]


def test_a_page_as_built_passes() -> None:
    body = (
        '<a href="https://doi.org/10.1186/1752-1947-7-223">a study</a>'
        f'<link rel="canonical" href="https://{OWN}/cases/">'
        f'<img src="https://{OWN}/a.png"><img src="data:image/png;base64,AA==">'
    )
    assert _messages(_page(body)) == []


def test_a_page_without_the_policy_is_listed() -> None:
    assert _messages("<html><head></head><body></body></html>") == [
        "no Content-Security-Policy in the page's head"
    ]


def test_a_script_added_after_the_build_is_listed_with_its_line() -> None:
    page = _page("x").replace("</article>", "\n\n<script>steal()</script></article>")
    findings = check_page(Path("p.html"), page, OWN)
    assert len(findings) == 1
    assert findings[0].line == 3
    assert findings[0].message.startswith("inline script not in the policy ('sha256-")
    assert str(findings[0]).startswith("p.html:3: inline script")


def test_a_script_in_the_content_is_never_allowed() -> None:
    assert [m[:29] for m in _messages(_page("<script>hello()</script>"))] == [
        "inline script not in the policy"[:29]
    ]


def test_handlers_and_javascript_addresses_are_listed() -> None:
    body = '<img src="x.png" onerror="go()"><a href="javascript:go()">x</a>'
    assert _messages(_page(body)) == ["inline event handler onerror=", "javascript: address"]


@pytest.mark.parametrize(
    ("markup", "host"),
    [
        ('<script src="https://cdn.example.net/x.js"></script>', "cdn.example.net"),
        ('<link rel="stylesheet" href="//fonts.example.com/css">', "fonts.example.com"),
        ('<img srcset="a.png 1x, https://img.example.org/b.png 2x">', "img.example.org"),
        ('<iframe src="http://video.example.com/embed"></iframe>', "video.example.com"),
        ("<div><style>@import 'https://evil.example/x.css';</style></div>", "evil.example"),
    ],
)
def test_anything_loaded_from_another_host_is_listed(markup: str, host: str) -> None:
    assert _messages(_page(markup)) == [f"loads from another host: {host}"]


def test_hosts_are_compared_to_the_sites_own() -> None:
    assert foreign_host(f"https://{OWN}/x", OWN) is None
    assert foreign_host("https://other.example/x", OWN) == "other.example"
    assert foreign_host("/assets/x.js", OWN) is None
    assert foreign_host("mailto:a@b.example", OWN) is None
    assert foreign_host(f"https://{OWN}/x", None) == OWN  # no site_url: every host is another


def test_stylesheets_are_checked_too(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(_page("ok"), encoding="utf-8")
    (tmp_path / "a.css").write_text("\nbody { background: url(https://t.example/p.gif) }")
    findings = check_site(tmp_path, OWN)
    assert [str(f) for f in findings] == [
        f"{tmp_path / 'a.css'}:2: loads from another host: t.example"
    ]


def test_the_built_sample_passes_and_a_tampered_copy_fails(
    built_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parent.parent
    config = str(root / "mkdocs.yml")
    assert main(["deploy-check", str(built_site), "-f", config]) == 0
    assert "checked: every one carries its policy" in capsys.readouterr().err
    tampered = shutil.copytree(built_site, tmp_path / "site")
    page = tampered / "cost" / "index.html"
    page.write_text(page.read_text().replace("</article>", "<script>x()</script></article>"))
    assert main(["deploy-check", str(tampered), "-f", config]) == 1
    out, err = capsys.readouterr()
    assert f"{page}:" in out and "inline script not in the policy" in out
    assert err.strip() == f"1 problem in {len(list(tampered.rglob('*.html')))} pages"


def test_no_built_site_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    assert main(["deploy-check", str(tmp_path / "none"), "-f", str(root / "mkdocs.yml")]) == 2
    assert "is not a built site; run `mkdocs build` first" in capsys.readouterr().err
