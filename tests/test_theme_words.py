"""The theme's messages written out in English for an export (cli/theme_words.py)."""

from __future__ import annotations

from pathlib import Path

from generator.cli.theme_words import english
from tests.conftest import ROOT


def test_calls_and_blocks_become_their_english_text() -> None:
    template = (
        '<p>{{ _("Phone:") }} {{ x }}</p><a title="{{ _(\'Any\') }}">'
        "{% trans site=config.site_name | striptags | e %}{{ site }}: new cases{% endtrans %}"
        "{% trans %}Last reviewed: <time>{{ on }}</time>{% endtrans %}"
    )
    assert english(template) == (
        '<p>{{ "Phone:" }} {{ x }}</p><a title="{{ \'Any\' }}">'
        "{{ config.site_name | striptags | e }}: new cases"
        "Last reviewed: <time>{{ on }}</time>"
    )


def test_no_message_is_left_in_the_theme_written_out() -> None:
    for template in sorted((ROOT / "theme").rglob("*.html")):
        text = english(template.read_text(encoding="utf-8"))
        assert "{% trans" not in text and '_("' not in text and "_('" not in text, template
        assert "endtrans" not in text, template
    assert Path(ROOT / "theme" / "main.html").is_file()
