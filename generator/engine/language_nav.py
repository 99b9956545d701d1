"""The site's navigation in each of its other languages, for the pages under ``<lang>/``.

MkDocs has one nav. A page in another language shows the same nav, with each page replaced by
its translation where there is one (``<lang>/<page>``, hand-written in ``docs_dir/<lang>/``) and
each section titled from the plugin's ``nav_translations``; a page without a translation stays
a link to the page in the site's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from generator.catalog.selection import Catalog
from generator.render.alternates import language_name
from generator.render.links import served_path


def language_nav(
    nav: Navigation, files: Files, prefix: str, titles: Mapping[str, str]
) -> Navigation:
    """Return ``nav`` for the pages under ``prefix`` (``es/``).

    Args:
        nav: The site's nav, as MkDocs made it.
        files: The build's files, translated pages included.
        prefix: The folder of the language's pages.
        titles: Section and link titles in that language, by their title in ``nav``.
    """
    items = [_translated(item, files, prefix, titles) for item in nav.items]
    pages = [item for item in _walk(items) if isinstance(item, Page)]
    translated = Navigation(items, pages)
    home = files.get_file_from_path(prefix + "index.md")
    translated.homepage = home.page if home is not None and home.page else nav.homepage
    return translated


def nav_translations_problem(titles: object, languages: list[str]) -> str | None:
    """Say what is wrong with the ``nav_translations`` option, or ``None``."""
    if not isinstance(titles, dict):
        return f"nav_translations must map languages to titles, not {titles!r}"
    for language, words in titles.items():
        if language not in languages:
            return f"nav_translations: {language!r} is not in languages ({', '.join(languages)})"
        if not isinstance(words, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in words.items()
        ):
            example = "Protocols: Protocolos"
            return f"nav_translations.{language} must map nav titles to titles, as {example}"
    return None


def _translated(
    item: StructureItem, files: Files, prefix: str, titles: Mapping[str, str]
) -> StructureItem:
    if isinstance(item, Section):
        children = [_translated(child, files, prefix, titles) for child in item.children]
        section = Section(titles.get(item.title, item.title), children)
        for child in children:
            child.parent = section
        return section
    if isinstance(item, Page):
        found = files.get_file_from_path(prefix + item.file.src_uri)
        if found is not None and found.page is not None:
            if item.title in titles:  # the nav names the page: so does its translation
                found.page.title = titles[item.title]
            return found.page
        return Link(titles.get(item.title or "", item.title or ""), item.url or "./")
    if isinstance(item, Link):
        return Link(titles.get(item.title, item.title), item.url)
    return item


def _walk(items: list[StructureItem]) -> list[StructureItem]:
    found: list[StructureItem] = []
    for item in items:
        found.append(item)
        if isinstance(item, Section):
            found += _walk(item.children)
    return found


def nav_pages(nav: Navigation) -> set[str]:
    """Return the docs paths of the pages ``nav`` lists."""
    return {page.file.src_uri for page in nav.pages}


def page_languages(
    src_uri: str, catalog: Catalog, files: Files, config: MkDocsConfig
) -> dict[str, Any]:
    """Return the language of a hand-written page, and its versions in the site's languages.

    A page under ``<lang>/`` is in that language (``casebook_lang``); the page with the same
    path in each other language's folder, where there is one, is a version of it
    (``casebook_alternates``, the language switcher and ``hreflang``). Whatever the page's own
    front matter says under these names is replaced: only the plugin says them.
    """
    language, base = catalog.split_language(src_uri)
    found: dict[str, Any] = {"casebook_lang": None, "casebook_alternates": None}
    if language != catalog.language:
        found["casebook_lang"] = language
    versions = []
    for code in catalog.all_languages:
        version = files.get_file_from_path(catalog.prefix(code) + base)
        if version is not None and version.is_documentation_page():
            path = served_path(version.src_uri, config.use_directory_urls)
            versions.append({"lang": code, "name": language_name(code), "path": path})
    if len(versions) > 1:
        found["casebook_alternates"] = versions
    return found
