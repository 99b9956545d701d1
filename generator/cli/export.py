"""``casebook export``: the site as a plain MkDocs project that needs no Casebook to build.

The export holds the generated Markdown of every page, the hand-written pages with their
generated sections already added, the assets and the theme overrides, and a ``mkdocs.yml``
without the casebook plugin. Plain ``mkdocs build`` turns it into the same pages; its Markdown
tree is also how the content moves to another engine when Material for MkDocs reaches its end
of life (May 2027).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.catalog.build import Build, prepare
from generator.catalog.reviews import shown_review
from generator.cli.sitefile import PLUGIN, SiteFile, TagKeepingDumper, read_site_file
from generator.cli.theme_words import english
from generator.content.clock import build_date
from generator.content.errors import ConfigError, ContentError
from generator.content.layout import nav_sources
from generator.content.load import split_page
from generator.content.sources import ProjectLoader
from generator.render.frontmatter import safe_meta
from generator.render.pages import enrich, generate
from generator.render.renderer import Renderer

DOCS, THEME = "docs", "theme"


def export_site(config_file: Path, target: Path) -> list[str]:
    """Export the site configured by ``config_file`` into the new or empty folder ``target``.

    Returns:
        The generated pages and files written, as paths inside the docs folder.

    Raises:
        ConfigError: The configuration is unusable or ``target`` is not empty.
        ContentError: A case or protocol file is invalid.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError(f"{target} exists and is not an empty folder; choose a new one")
    site_file = read_site_file(config_file)
    layout = site_file.layout
    _check_target(target, site_file)
    renderer = Renderer(layout.templates_dir)
    site = prepare(
        layout,
        today=build_date(),
        page_size=site_file.page_size,
        policy=site_file.policy,
        loader=ProjectLoader(workers=os.cpu_count() or 1),
        languages=site_file.languages,
        language=site_file.language,
    )
    if site.problems:
        raise ContentError(site.problems)
    catalog = site.catalog
    docs = target / DOCS
    shutil.copytree(layout.docs_dir, docs, dirs_exist_ok=True)
    for page in sorted(docs.rglob("*.md")):
        src_uri = page.relative_to(docs).as_posix()
        page.write_text(
            _enriched(page.read_text(encoding="utf-8-sig"), src_uri, site, renderer),
            encoding="utf-8",
        )
    written = []
    for generated in generate(catalog, renderer, layout):
        path = docs / generated.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        content = generated.content
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(generated.src_uri)
    custom_dir = _copy_theme(site_file, target / THEME)
    _write_config(site_file, target / "mkdocs.yml", custom_dir, written)
    return written


def _check_target(target: Path, site_file: SiteFile) -> None:
    """Refuse an export into the site's own sources: it would copy itself, again and again."""
    layout = site_file.layout
    sources = [layout.docs_dir, layout.cases_dir]
    if layout.templates_dir is not None:
        sources.append(layout.templates_dir)
    if site_file.custom_dir is not None:
        sources.append(site_file.custom_dir)
    resolved = target.resolve()
    for folder in sources:
        if resolved.is_relative_to(folder.resolve()):
            raise ConfigError(
                f"{target} is inside {layout.display(folder)}, a source folder of the site; "
                "export to a folder outside it (such as export/ beside mkdocs.yml)"
            )


def _enriched(text: str, src_uri: str, site: Build, renderer: Renderer) -> str:
    # MkDocs hands plugins the Markdown after its front matter; split it the same way.
    meta, body = split_page(text)
    review = site.reviews.get(src_uri)
    if review is not None:  # as the plugin shows it: checked, in months
        meta["reviewed"] = shown_review(review)
    catalog, layout = site.catalog, site.layout
    front = ""
    if meta:  # escaped as the plugin does: plain MkDocs prints front matter as it is
        dumped = yaml.safe_dump(safe_meta(meta), sort_keys=False, allow_unicode=True, width=100)
        front = f"---\n{dumped}---\n\n"
    return front + enrich(src_uri, body, catalog, renderer, layout)


def _copy_theme(site_file: SiteFile, target: Path) -> bool:
    """Copy the theme overrides except Casebook's own templates; tell whether there are any.

    Overrides that only work with the plugin stay behind too: the shared navigation sidebar
    (``theme/partials/nav.html``) reaches Material's own partial through the plugin's loader.
    The theme's words are written out in English (cli/theme_words.py).
    """
    source = site_file.custom_dir
    if source is None:
        return False
    skip = site_file.layout.templates_dir

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [
            name
            for name in names
            if (Path(folder) / name).resolve() == skip or _needs_plugin(Path(folder) / name)
        ]

    shutil.copytree(source, target, ignore=ignore)
    for template in target.rglob("*.html"):  # the theme's messages, in English
        text = template.read_text(encoding="utf-8")
        template.write_text(english(text), encoding="utf-8")
    return True


def _needs_plugin(path: Path) -> bool:
    # The sitemap's hreflang alternates come from the plugin; MkDocs' and Zensical's own
    # sitemaps list the pages without them.
    if path.name == "sitemap.xml":
        return True
    return path.suffix == ".html" and PLUGIN_ONLY in path.read_text(
        encoding="utf-8", errors="replace"
    )


# What the templates that need the plugin's context use (see engine/shared_nav.py).
PLUGIN_ONLY = "casebook_navs"


def _write_config(
    site_file: SiteFile, target: Path, custom_dir: bool, generated: list[str]
) -> None:
    raw = dict(site_file.settings)  # INHERIT already merged: the export stands alone
    raw["docs_dir"] = DOCS
    raw["plugins"] = _with_plain_search(raw.get("plugins", []))
    if isinstance(raw.get("theme"), dict) and custom_dir:
        raw["theme"] = {**raw["theme"], "custom_dir": THEME}
    raw["not_in_nav"] = _not_in_nav(
        raw.get("not_in_nav"), generated, set(nav_sources(raw.get("nav")))
    )
    header = "# Exported by `casebook export`: a plain MkDocs project, no casebook plugin needed.\n"
    body = yaml.dump(raw, Dumper=TagKeepingDumper, sort_keys=False, allow_unicode=True, width=100)
    target.write_text(header + body, encoding="utf-8")


def _with_plain_search(plugins: Any) -> Any:
    """Drop the casebook plugin; give the export Material's search in place of Casebook's.

    The export's theme shows Material's search box when its search plugin is on.
    """
    kept = _without_casebook(plugins)
    if not _casebook_search_on(plugins) or "search" in kept:
        return kept
    if isinstance(kept, dict):
        return {"search": {}, **kept}
    return ["search", *kept] if isinstance(kept, list) else kept


def _casebook_search_on(plugins: Any) -> bool:
    options: Any = None
    if isinstance(plugins, dict):
        options = plugins.get(PLUGIN)
    elif isinstance(plugins, list):
        found = [p[PLUGIN] for p in plugins if isinstance(p, dict) and PLUGIN in p]
        options = found[0] if found else ({} if PLUGIN in plugins else None)
    if options is None:
        return False
    return not isinstance(options, dict) or options.get("search", True) is not False


def _without_casebook(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {name: value for name, value in plugins.items() if name != PLUGIN}
    if isinstance(plugins, list):
        return [p for p in plugins if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)]
    return plugins


def _not_in_nav(existing: Any, generated: list[str], in_nav: set[str]) -> str:
    # The plugin keeps generated pages out of the nav; say the same to plain MkDocs.
    lines = [str(existing).rstrip("\n")] if existing else []
    pages = sorted(uri for uri in generated if uri.endswith(".md") and uri not in in_nav)
    return "\n".join([*lines, *(f"/{uri}" for uri in pages)]) + "\n"
