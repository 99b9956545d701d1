"""``casebook export``: the site as a plain MkDocs project that needs no Casebook to build.

The export holds the generated Markdown of every page, the hand-written pages with their
generated sections already added, the assets and the theme overrides, and a ``mkdocs.yml``
without the casebook plugin. Plain ``mkdocs build`` turns it into the same pages; its Markdown
tree is also how the content moves to another engine when Material for MkDocs reaches its end
of life (May 2027).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import YAML_RE

from generator.catalog import Catalog
from generator.errors import ConfigError, ContentError
from generator.frontmatter import safe_meta
from generator.pages import enrich, generate
from generator.plugin import layout_of, nav_sources
from generator.project import Layout, build_date
from generator.render import Renderer
from generator.site import load_site
from generator.siteconfig import plugin_options, read_config

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
    config = read_config(config_file)
    layout = layout_of(config, plugin_options(config))
    _check_target(target, layout, config)
    renderer = Renderer(layout.templates_dir)
    site = load_site(layout, renderer, today=build_date())
    if site.problems:
        raise ContentError(site.problems)
    catalog = site.catalog
    docs = target / DOCS
    shutil.copytree(layout.docs_dir, docs, dirs_exist_ok=True)
    for page in sorted(docs.rglob("*.md")):
        src_uri = page.relative_to(docs).as_posix()
        page.write_text(
            _enriched(page.read_text(encoding="utf-8-sig"), src_uri, catalog, renderer, layout),
            encoding="utf-8",
        )
    written = []
    for generated in generate(catalog, renderer, layout):
        path = docs / generated.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        content = generated.content
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(generated.src_uri)
    assert layout.templates_dir is not None  # layout_of always sets it
    custom_dir = _copy_theme(config, layout.templates_dir, target / THEME)
    _write_config(config, target / "mkdocs.yml", custom_dir, written)
    return written


def _check_target(target: Path, layout: Layout, config: MkDocsConfig) -> None:
    """Refuse an export into the site's own sources: it would copy itself, again and again."""
    sources = [layout.docs_dir, layout.cases_dir]
    if layout.templates_dir is not None:
        sources.append(layout.templates_dir)
    if config.theme.custom_dir:
        sources.append(Path(config.theme.custom_dir))
    resolved = target.resolve()
    for folder in sources:
        if resolved.is_relative_to(folder.resolve()):
            raise ConfigError(
                f"{target} is inside {layout.display(folder)}, a source folder of the site; "
                "export to a folder outside it (such as export/ beside mkdocs.yml)"
            )


def _enriched(text: str, src_uri: str, catalog: Catalog, renderer: Renderer, layout: Layout) -> str:
    # MkDocs hands plugins the Markdown after its front matter; split it the same way.
    match = YAML_RE.match(text)
    front, body = (_safe_front_matter(match.group(1)), text[match.end() :]) if match else ("", text)
    return front + enrich(src_uri, body, catalog, renderer, layout)


def _safe_front_matter(front: str) -> str:
    """Escape the front matter's text, as the plugin does: plain MkDocs prints it as it is."""
    try:
        meta = yaml.safe_load(front)
    except yaml.YAMLError:
        meta = None  # MkDocs would ignore it too; load_site has reported the page already
    if not isinstance(meta, dict):
        return ""
    body = yaml.safe_dump(safe_meta(meta), sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{body}---\n"


def _copy_theme(config: MkDocsConfig, templates_dir: Path, target: Path) -> bool:
    """Copy the theme overrides except Casebook's own templates; tell whether there are any."""
    custom_dir = config.theme.custom_dir
    if not custom_dir:
        return False
    source = Path(custom_dir).resolve()
    skip = templates_dir.resolve()

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if (Path(folder) / name).resolve() == skip]

    shutil.copytree(source, target, ignore=ignore)
    return True


class _Tagged:
    """A YAML value with a tag such as ``!!python/name:...`` or ``!ENV``, kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags, keeping them for the exported copy."""


class _Dumper(yaml.SafeDumper):
    """Writes the exported mkdocs.yml with the tags it was read with."""


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, loader.construct_scalar(node))  # type: ignore[arg-type]


def _write_tag(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


def _write_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None  # not_in_nav and the like stay readable
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


yaml.add_multi_constructor("!", _keep_tag, Loader=_Loader)
yaml.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag, Loader=_Loader)
_Dumper.add_representer(_Tagged, _write_tag)
_Dumper.add_representer(str, _write_text)


def _write_config(
    config: MkDocsConfig, target: Path, custom_dir: bool, generated: list[str]
) -> None:
    assert config.config_file_path is not None
    text = Path(config.config_file_path).read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=_Loader)  # a SafeLoader that keeps tags instead of running them
    if not isinstance(raw, dict):
        raise ConfigError(f"{config.config_file_path} is not a mapping")
    if "INHERIT" in raw:
        raise ConfigError("export cannot follow INHERIT yet; merge the parent configuration first")
    raw["docs_dir"] = DOCS
    raw["plugins"] = _without_casebook(raw.get("plugins", []))
    if isinstance(raw.get("theme"), dict) and custom_dir:
        raw["theme"]["custom_dir"] = THEME
    raw["not_in_nav"] = _not_in_nav(raw.get("not_in_nav"), generated, set(nav_sources(config.nav)))
    header = "# Exported by `casebook export`: a plain MkDocs project, no casebook plugin needed.\n"
    body = yaml.dump(raw, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    target.write_text(header + body, encoding="utf-8")


def _without_casebook(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {name: value for name, value in plugins.items() if name != "casebook"}
    if isinstance(plugins, list):
        return [
            p for p in plugins if p != "casebook" and not (isinstance(p, dict) and "casebook" in p)
        ]
    return plugins


def _not_in_nav(existing: Any, generated: list[str], in_nav: set[str]) -> str:
    # The plugin keeps generated pages out of the nav; say the same to plain MkDocs.
    lines = [str(existing).rstrip("\n")] if existing else []
    pages = sorted(uri for uri in generated if uri.endswith(".md") and uri not in in_nav)
    return "\n".join([*lines, *(f"/{uri}" for uri in pages)]) + "\n"
