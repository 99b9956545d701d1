"""Reading a site's ``mkdocs.yml`` as plain YAML, for the command line: no MkDocs needed.

``casebook validate`` needs two folders, and ``casebook export`` a copy of the settings without
the plugin; neither should load MkDocs, Material and every plugin to get them. Tags such as
``!ENV`` or ``!!python/name:`` are kept as written (never run), and ``INHERIT`` is followed the
way MkDocs does: the parent's settings, overridden key by key by the child's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.catalog.compliance import Policy, policy_from
from generator.catalog.paging import PAGE_SIZE, page_size_problem
from generator.content.errors import ConfigError
from generator.content.i18n import SOURCE_LANGUAGE, languages_problem
from generator.content.layout import Layout

PLUGIN = "casebook"
# The plugin's options and their defaults, as documented in the README.
OPTIONS: dict[str, str] = {
    "cases_dir": "cases",
    "protocols_dir": "protocols",
    "templates_dir": "theme/casebook",
    "reference_dir": "reference",
    "preview": "auto",
}
PREVIEW_CHOICES = ("auto", "never")
# The one option that is a number: cases on a page of the case index and of each facet.
PAGE_SIZE_OPTION = "page_size"
LANGUAGES_OPTION = "languages"
# The compliance options and their defaults (see catalog/compliance.py).
COMPLIANCE_OPTIONS: dict[str, object] = {
    "claims": "warn",
    "care_min_coverage": 0,
    "overdue_reviews": "warn",
}
# Options the command line does not use, checked by the plugin when MkDocs builds.
BUILD_ONLY_OPTIONS = ("search", "csp", "headers", "feeds", "nav_translations")
_MAX_INHERIT = 10


class Tagged:
    """A YAML value with a tag such as ``!ENV`` or ``!!python/name:...``, kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class TagKeepingLoader(yaml.SafeLoader):
    """A safe loader that keeps tags instead of running them."""


class TagKeepingDumper(yaml.SafeDumper):
    """Writes values read by `TagKeepingLoader` back with their tags."""


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.MappingNode):
        return Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return Tagged(node.tag, loader.construct_scalar(node))  # type: ignore[arg-type]


def _write_tag(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


def _write_text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None  # not_in_nav and the like stay readable
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


yaml.add_multi_constructor("!", _keep_tag, Loader=TagKeepingLoader)
yaml.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag, Loader=TagKeepingLoader)
TagKeepingDumper.add_representer(Tagged, _write_tag)
TagKeepingDumper.add_representer(str, _write_text)


@dataclass(frozen=True)
class SiteFile:
    """What the command line needs from ``mkdocs.yml``.

    Attributes:
        path: The configuration file.
        settings: Its settings as written (``INHERIT`` merged), tags kept.
        layout: Where the site keeps its files.
        options: The casebook plugin's options, defaults filled in.
        page_size: How many cases a page of the case index or of a facet lists.
        policy: The compliance options (claims, CARE minimum, overdue reviews).
        language: The language of the case files (``theme.language``).
        languages: The site's other languages (the ``languages`` option).
    """

    path: Path
    settings: dict[str, Any]
    layout: Layout
    options: dict[str, str]
    page_size: int = PAGE_SIZE
    policy: Policy = field(default_factory=Policy)
    language: str = SOURCE_LANGUAGE
    languages: tuple[str, ...] = ()

    @property
    def site_dir(self) -> Path:
        """Return where ``mkdocs build`` writes the site, as written (relative to the root)."""
        return Path(_text(self.settings.get("site_dir", "site"), "site_dir"))

    @property
    def own_host(self) -> str | None:
        """Return the host of ``site_url``, if the site has one."""
        url = self.settings.get("site_url")
        return urlsplit(_text(url, "site_url")).hostname if url else None

    @property
    def custom_dir(self) -> Path | None:
        """Return the theme's ``custom_dir``, if it has one."""
        theme = self.settings.get("theme")
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        return (self.layout.root / _text(custom, "theme.custom_dir")).resolve() if custom else None


def read_site_file(config_file: Path) -> SiteFile:
    """Read ``config_file`` and the casebook plugin's options.

    Raises:
        ConfigError: The file is missing, is not a YAML mapping, does not enable the plugin, or
            sets an option to something the plugin refuses.
    """
    if not config_file.is_file():
        raise ConfigError(f"{config_file} not found; run from the site root or pass -f")
    settings = _load(config_file, 0)
    options = _options(settings, config_file)
    root = config_file.resolve().parent
    docs_dir = (root / _text(settings.get("docs_dir", "docs"), "docs_dir")).resolve()
    if not docs_dir.is_dir():
        raise ConfigError(
            f"{config_file}: docs_dir {settings.get('docs_dir', 'docs')!r} is not a folder"
        )
    layout = Layout.from_options(
        root,
        docs_dir,
        cases_dir=options["cases_dir"],
        protocols_dir=options["protocols_dir"],
        templates_dir=options["templates_dir"],
        reference_dir=options["reference_dir"],
    )
    page_size = _page_size(settings, config_file)
    language, languages = _languages(settings, config_file)
    policy = _policy(settings, config_file)
    return SiteFile(config_file, settings, layout, options, page_size, policy, language, languages)


def _languages(settings: dict[str, Any], config_file: Path) -> tuple[str, tuple[str, ...]]:
    theme = settings.get("theme")
    language = theme.get("language", SOURCE_LANGUAGE) if isinstance(theme, dict) else None
    found = plugin_entry(settings.get("plugins"))
    others = found.get(LANGUAGES_OPTION, []) if isinstance(found, dict) else []
    problem = languages_problem(str(language or SOURCE_LANGUAGE), others)
    if problem is not None:
        raise ConfigError(f"{config_file}: {problem}")
    return str(language or SOURCE_LANGUAGE), tuple(others)


def _policy(settings: dict[str, Any], config_file: Path) -> Policy:
    found = plugin_entry(settings.get("plugins"))
    written = found if isinstance(found, dict) else {}
    values = [written.get(name, default) for name, default in COMPLIANCE_OPTIONS.items()]
    try:
        return policy_from(*values)
    except ValueError as exc:
        raise ConfigError(f"{config_file}: {exc}") from None


def _page_size(settings: dict[str, Any], config_file: Path) -> int:
    found = plugin_entry(settings.get("plugins"))
    value = found.get(PAGE_SIZE_OPTION, PAGE_SIZE) if isinstance(found, dict) else PAGE_SIZE
    problem = page_size_problem(value)
    if problem is not None:
        raise ConfigError(f"{config_file}: {problem}")
    assert isinstance(value, int)  # page_size_problem checked it
    return value


def _load(config_file: Path, depth: int) -> dict[str, Any]:
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        settings = yaml.load(text, Loader=TagKeepingLoader)  # keeps tags; runs nothing
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        detail = " ".join(str(exc).split())
        raise ConfigError(f"{config_file}: cannot be read as YAML: {detail}") from None
    if not isinstance(settings, dict):
        raise ConfigError(f"{config_file} is not a mapping of settings")
    parent = settings.pop("INHERIT", None)
    if parent is None:
        return settings
    if depth >= _MAX_INHERIT:
        raise ConfigError(f"{config_file}: INHERIT goes more than {_MAX_INHERIT} files deep")
    base = _load(config_file.parent / _text(parent, "INHERIT"), depth + 1)
    return _merged(base, settings)


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge as MkDocs does for INHERIT: mappings key by key, anything else replaced."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result


def _options(settings: dict[str, Any], config_file: Path) -> dict[str, str]:
    found = plugin_entry(settings.get("plugins"))
    if found is None:
        raise ConfigError(f"{config_file} does not enable the casebook plugin")
    written = found if isinstance(found, dict) else {}
    others = [PAGE_SIZE_OPTION, LANGUAGES_OPTION, *COMPLIANCE_OPTIONS, *BUILD_ONLY_OPTIONS]
    unknown = sorted(set(written) - set(OPTIONS) - set(others))
    if unknown:
        known = ", ".join([*OPTIONS, *others])
        raise ConfigError(f"{config_file}: unknown casebook option {unknown[0]!r} (known: {known})")
    options = {name: _text(written.get(name, default), name) for name, default in OPTIONS.items()}
    if options["preview"] not in PREVIEW_CHOICES:
        raise ConfigError(
            f"{config_file}: preview must be auto or never, not {options['preview']!r}"
        )
    return options


def plugin_entry(plugins: Any) -> dict[str, Any] | bool | None:
    """Return the casebook plugin's options as written, ``True`` without options, or ``None``."""
    if isinstance(plugins, dict):
        plugins = [{name: value} for name, value in plugins.items()]
    for item in plugins if isinstance(plugins, list) else []:
        if item == PLUGIN:
            return True
        if isinstance(item, dict) and PLUGIN in item:
            value = item[PLUGIN]
            return value if isinstance(value, dict) else True
    return None


def _text(value: Any, name: str) -> str:
    if isinstance(value, Tagged):
        raise ConfigError(f"{name}: Casebook reads plain values only, not {value.tag} tags")
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{name} must be a folder name, not {value!r}")
    return value
