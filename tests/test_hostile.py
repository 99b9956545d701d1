"""Hostile text in every field of a case file yields no executable markup, only visible text."""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, Error, Page

from generator.content.load import load_case
from tests.conftest import copy_site, edit_case, run_mkdocs, serve_directory
from tests.factories import case_files

PAYLOADS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    "{{ 7*7 }} {% if 1 %}JINJA{% endif %} ${7*7} <%= 7*7 %>",
    'Text {: onclick="alert(1)" } [x]{: onclick="alert(1)" }',
    '--8<-- "/etc/passwd"',
    "<!-- casebook:stats --> <!-- casebook:recent 5 -->",
    '<object data="x.swf"></object><embed src="x.swf"><div onmouseover="alert(1)">hover</div>'
    '<form action="javascript:alert(1)"><input></form>',
    "Zero\u200bwidth\u200cnon\u200djoiner and \u2028line separator",
    "<" * 300,
]
SCRIPT_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data"}
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "style", "form", "input", "svg", "img"}


class _Features(HTMLParser):
    """Counts what could run or load something: tags, event handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.found[f"<{tag}>"] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found[f"{tag}[{name}]"] += 1
            if name in URL_ATTRIBUTES and value and SCRIPT_URL.match(value):
                self.found[f"{tag}[{name}=script-url]"] += 1


def features(text: str) -> Counter[str]:
    parser = _Features()
    parser.feed(text)
    return parser.found


def _limit(text: str, size: int) -> str:
    return text[:size]


def _inject(payload: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["headline"] = _limit(payload, 120)
        data["patient"]["name"] = _limit(payload, 60)
        data["consent"]["scope"] = ["clinical", "name", "quote"]
        data["treatment"]["rehab"] = payload
        data["treatment"]["adverse_events"] = [{"week": "1", "severity": "mild", "text": payload}]
        for event in data["timeline"]:
            event["text"] = _limit(payload, 300)
        data["before"] = payload
        data["after"] = f"After: {payload}"
        data["story"] = f"Story start. {payload} Story end."
        data["quote"] = "Story start."

    return change


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    site = copy_site(tmp_path_factory.mktemp("hostile") / "site-root")
    published = []
    for path in case_files(site / "cases"):
        sourced, _ = load_case(path, path.name)
        if sourced and sourced.model.status == "published" and not sourced.model.consent.revoked:
            published.append(path.stem)
    assert len(published) >= len(PAYLOADS)
    assigned = dict(zip(published, PAYLOADS, strict=False))
    for case_id, payload in assigned.items():
        edit_case(site, case_id, _inject(payload))
    result = run_mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    return site / "site", assigned


def test_hostile_text_adds_no_executable_markup_to_any_page(
    hostile_site: tuple[Path, dict[str, str]], built_site: Path
) -> None:
    site_dir, _ = hostile_site
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        clean = built_site / page.relative_to(site_dir)
        expected = features(clean.read_text()) if clean.is_file() else Counter()
        assert features(page.read_text()) == expected, page.relative_to(site_dir)


def _visible_text(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    main = raw.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def test_plain_text_fields_show_the_hostile_text_as_written(
    hostile_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, assigned = hostile_site
    for case_id, payload in assigned.items():
        text = _visible_text(site_dir / "cases" / case_id / "index.html")
        # Plain fields keep every character; only line breaks fold to spaces.
        shown = " ".join(_limit(payload, 120).split())
        assert shown in " ".join(text.split()), case_id


def test_template_and_include_syntax_is_never_evaluated(
    hostile_site: tuple[Path, dict[str, str]],
) -> None:
    site_dir, assigned = hostile_site
    for page in site_dir.rglob("*.html"):
        text = page.read_text()
        assert "root:x:0:0" not in text
        assert "JINJA" not in text or "{% if 1 %}JINJA{% endif %}" in html.unescape(text)
    template_case = next(k for k, v in assigned.items() if v.startswith("{{"))
    text = _visible_text(site_dir / "cases" / template_case / "index.html")
    assert "{{ 7*7 }}" in text


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\x07", "\x1b"])
def test_invisible_control_characters_are_rejected(tmp_path: Path, character: str) -> None:
    site = copy_site(tmp_path / "site-root")
    edit_case(site, "leila-a-c8", lambda d: d.update(headline=f"Safe{character}text"))
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    code = f"U+{ord(character):04X}"
    assert re.search(
        rf"cases/leila-a-c8\.yml:\d+:\d+: headline: .*{re.escape(code)}", result.stderr
    )


def test_no_script_from_a_case_runs_in_a_real_browser(
    hostile_site: tuple[Path, dict[str, str]], page: Page
) -> None:
    site_dir, assigned = hostile_site
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_error(error: Error) -> None:
        errors.append(str(error))

    page.on("dialog", on_dialog)
    page.on("pageerror", on_error)
    with serve_directory(site_dir) as base:
        for case_id in assigned:
            page.goto(f"{base}cases/{case_id}/", wait_until="load")
            page.mouse.move(300, 300)
            page.mouse.move(600, 500)
        page.goto(f"{base}cases/", wait_until="load")
        # Material's search renders results from the index: look for a payload there too.
        page.goto(f"{base}?q=alert", wait_until="load")
        page.wait_for_timeout(1500)
    assert dialogs == []
    assert errors == []
