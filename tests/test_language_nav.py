"""The nav of a page in another language, and a page's versions (engine/language_nav.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import Link, Navigation, Section, get_navigation
from mkdocs.structure.pages import Page

from generator.catalog.selection import Catalog
from generator.engine.language_nav import (
    language_nav,
    nav_pages,
    nav_translations_problem,
    page_languages,
)

CONFIG = """site_name: Test
site_url: https://clinic.example/
nav:
  - Home: index.md
  - Guides:
      - guide.md
      - other.md
  - Elsewhere: https://elsewhere.example/
"""
CATALOG = Catalog((), {}, dt.date(2026, 11, 18), languages=("es",))


def _site(tmp_path: Path) -> tuple[Files, Navigation, object]:
    docs = tmp_path / "docs"
    (docs / "es").mkdir(parents=True)
    for name, text in {
        "index.md": "# Home",
        "guide.md": "# Guide",
        "other.md": "# Other",
        "es/index.md": "# Inicio",
        "es/guide.md": "# Guía",
    }.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    return files, get_navigation(files, config), config


def test_translated_pages_replace_theirs_and_the_rest_lead_to_the_source(tmp_path: Path) -> None:
    files, nav, _ = _site(tmp_path)
    spanish = language_nav(nav, files, "es/", {"Guides": "Guías", "Home": "Inicio"})
    home, guides, elsewhere = spanish.items
    assert isinstance(home, Page) and home.file.src_uri == "es/index.md"
    assert home.title == "Inicio"
    assert isinstance(guides, Section) and guides.title == "Guías"
    guide, other = guides.children
    assert isinstance(guide, Page) and guide.file.src_uri == "es/guide.md"
    assert guide.parent is guides
    assert isinstance(other, Link) and other.url == "other/"  # not translated: the source page
    assert isinstance(elsewhere, Link) and elsewhere.url == "https://elsewhere.example/"
    assert nav_pages(spanish) == {"es/index.md", "es/guide.md"}
    assert spanish.homepage is home
    assert [item.title for item in nav.items] == ["Home", "Guides", "Elsewhere"]  # unchanged


def test_a_page_s_languages_come_from_its_folder_and_its_versions(tmp_path: Path) -> None:
    files, _, config = _site(tmp_path)
    spanish = page_languages("es/guide.md", CATALOG, files, config)  # type: ignore[arg-type]
    assert spanish["casebook_lang"] == "es"
    assert spanish["casebook_alternates"] == [
        {"lang": "en", "name": "English", "path": "guide/"},
        {"lang": "es", "name": "Español", "path": "es/guide/"},
    ]
    alone = page_languages("other.md", CATALOG, files, config)  # type: ignore[arg-type]
    assert alone == {"casebook_lang": None, "casebook_alternates": None}


def test_nav_translations_are_checked() -> None:
    assert nav_translations_problem({"es": {"Guides": "Guías"}}, ["es"]) is None
    assert "'fr' is not in languages" in str(nav_translations_problem({"fr": {}}, ["es"]))
    assert "must map nav titles" in str(nav_translations_problem({"es": {"A": 1}}, ["es"]))
    assert "must map languages" in str(nav_translations_problem(["es"], ["es"]))
