"""Reading a site's ``mkdocs.yml`` for the command line, without building anything."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from generator.config import CasebookConfig
from generator.errors import ConfigError
from generator.project import Layout


def read_config(config_file: Path) -> MkDocsConfig:
    """Load and validate ``mkdocs.yml`` as MkDocs would.

    Raises:
        ConfigError: The file is missing or invalid, or does not enable the casebook plugin.
    """
    if not config_file.is_file():
        raise ConfigError(f"{config_file} not found; run from the site root or pass -f")
    try:
        config = load_config(str(config_file))
    except (ConfigurationError, SystemExit) as exc:
        raise ConfigError(f"{config_file}: {exc}") from None
    if "casebook" not in config.plugins:
        raise ConfigError(f"{config_file} does not enable the casebook plugin")
    return config


def plugin_options(config: MkDocsConfig) -> CasebookConfig:
    """Return the casebook plugin's validated options from a loaded config."""
    options = config.plugins["casebook"].config
    assert isinstance(options, CasebookConfig)
    return options


def read_layout(config_file: Path) -> Layout:
    """Return the layout of the site whose configuration is ``config_file``."""
    from generator.plugin import layout_of  # the plugin module imports MkDocs internals

    config = read_config(config_file)
    return layout_of(config, plugin_options(config))
