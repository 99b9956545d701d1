from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import CasebookConfig
from generator.errors import ConfigError
from generator.siteconfig import plugin_options, read_config, read_layout
from tests.conftest import ROOT

MINIMAL = "site_name: Test\ndocs_dir: content\n"


def _site(tmp_path: Path, text: str) -> Path:
    (tmp_path / "content").mkdir(exist_ok=True)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(text, encoding="utf-8")
    return config_file


def test_sample_layout_points_at_the_sample_folders() -> None:
    layout = read_layout(ROOT / "mkdocs.yml")
    assert layout.root == ROOT
    assert layout.cases_dir == ROOT / "cases"
    assert layout.docs_dir == ROOT / "content"
    assert layout.protocols_dir == ROOT / "content" / "protocols"


def test_layout_from_another_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert read_layout(ROOT / "mkdocs.yml").cases_dir == ROOT / "cases"


def test_layout_follows_the_plugin_options(tmp_path: Path) -> None:
    text = (
        MINIMAL + "plugins:\n  - casebook:\n      cases_dir: data/cases\n      protocols_dir: p\n"
    )
    layout = read_layout(_site(tmp_path, text))
    root = tmp_path.resolve()
    assert layout.root == root
    assert layout.cases_dir == root / "data" / "cases"
    assert layout.docs_dir == root / "content"
    assert layout.protocols_dir == root / "content" / "p"


def test_sample_options() -> None:
    options = plugin_options(read_config(ROOT / "mkdocs.yml"))
    assert isinstance(options, CasebookConfig)
    assert (options.cases_dir, options.protocols_dir, options.preview) == (
        "cases",
        "protocols",
        "auto",
    )


def test_default_options(tmp_path: Path) -> None:
    options = plugin_options(read_config(_site(tmp_path, MINIMAL + "plugins:\n  - casebook\n")))
    assert (options.cases_dir, options.templates_dir, options.preview) == (
        "cases",
        "theme/casebook",
        "auto",
    )


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "mkdocs.yml"
    with pytest.raises(ConfigError, match="not found; run from the site root or pass -f"):
        read_config(missing)
    with pytest.raises(ConfigError, match="not found"):
        read_layout(missing)


def test_a_folder_is_not_a_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        read_config(tmp_path)


def test_invalid_yaml(tmp_path: Path) -> None:
    config_file = _site(tmp_path, "site_name: [unclosed\nplugins:\n  - casebook\n")
    with pytest.raises(ConfigError) as caught:
        read_config(config_file)
    assert str(caught.value).startswith(f"{config_file}: ")
    assert "parsing the configuration file" in str(caught.value)


def test_invalid_mkdocs_setting(tmp_path: Path) -> None:
    config_file = _site(tmp_path, "site_name: Test\ndocs_dir: nowhere\nplugins:\n  - casebook\n")
    with pytest.raises(ConfigError, match=re.escape(str(config_file))):
        read_config(config_file)


def test_invalid_plugin_option(tmp_path: Path) -> None:
    text = MINIMAL + "plugins:\n  - casebook:\n      preview: always\n"
    with pytest.raises(ConfigError, match=re.escape(str(tmp_path / "mkdocs.yml"))):
        read_config(_site(tmp_path, text))


def test_without_the_casebook_plugin(tmp_path: Path) -> None:
    config_file = _site(tmp_path, MINIMAL + "plugins:\n  - search\n")
    with pytest.raises(ConfigError, match="does not enable the casebook plugin"):
        read_config(config_file)
    with pytest.raises(ConfigError, match="does not enable the casebook plugin"):
        read_layout(config_file)


def test_without_any_plugins(tmp_path: Path) -> None:
    # MkDocs then enables search alone.
    with pytest.raises(ConfigError, match="does not enable the casebook plugin"):
        read_config(_site(tmp_path, MINIMAL))
