from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.sitefile import Tagged, plugin_entry, read_site_file
from generator.content.errors import ConfigError
from tests.conftest import ROOT

MINIMAL = "site_name: Test\ndocs_dir: content\n"


def _site(tmp_path: Path, text: str, name: str = "mkdocs.yml") -> Path:
    (tmp_path / "content").mkdir(exist_ok=True)
    config_file = tmp_path / name
    config_file.write_text(text, encoding="utf-8")
    return config_file


def test_sample_layout_points_at_the_sample_folders() -> None:
    site_file = read_site_file(ROOT / "mkdocs.yml")
    layout = site_file.layout
    assert layout.root == ROOT
    assert layout.cases_dir == ROOT / "cases"
    assert layout.docs_dir == ROOT / "content"
    assert layout.protocols_dir == ROOT / "content" / "protocols"
    assert layout.templates_dir == ROOT / "theme" / "casebook"
    assert site_file.custom_dir == ROOT / "theme"
    assert site_file.options == {
        "cases_dir": "cases",
        "protocols_dir": "protocols",
        "templates_dir": "theme/casebook",
        "reference_dir": "reference",
        "preview": "auto",
    }
    assert layout.reference_dir == ROOT / "reference"


def test_layout_from_another_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert read_site_file(ROOT / "mkdocs.yml").layout.cases_dir == ROOT / "cases"


def test_layout_follows_the_plugin_options(tmp_path: Path) -> None:
    text = (
        MINIMAL + "plugins:\n  - casebook:\n      cases_dir: data/cases\n      protocols_dir: p\n"
    )
    layout = read_site_file(_site(tmp_path, text)).layout
    root = tmp_path.resolve()
    assert (layout.root, layout.cases_dir, layout.docs_dir, layout.protocols_dir) == (
        root,
        root / "data" / "cases",
        root / "content",
        root / "content" / "p",
    )


@pytest.mark.parametrize(
    "plugins",
    ["plugins:\n  - casebook\n", "plugins:\n  casebook:\n", "plugins:\n  casebook: {}\n"],
)
def test_default_options(tmp_path: Path, plugins: str) -> None:
    options = read_site_file(_site(tmp_path, MINIMAL + plugins)).options
    assert options["cases_dir"] == "cases" and options["preview"] == "auto"


def test_inherit_is_merged_key_by_key(tmp_path: Path) -> None:
    _site(tmp_path, "site_name: Base\ndocs_dir: content\ntheme: {name: material, custom_dir: t}\n"
          "plugins:\n  - casebook:\n      cases_dir: base-cases\n", "base.yml")  # fmt: skip
    child = _site(tmp_path, "INHERIT: base.yml\nsite_name: Child\ntheme: {language: fr}\n")
    site_file = read_site_file(child)
    assert site_file.settings["site_name"] == "Child"
    assert site_file.settings["theme"] == {"name": "material", "custom_dir": "t", "language": "fr"}
    assert site_file.layout.cases_dir == tmp_path.resolve() / "base-cases"
    assert "INHERIT" not in site_file.settings


def test_tags_are_kept_and_never_run(tmp_path: Path) -> None:
    sentinel = tmp_path / "SENTINEL"
    text = MINIMAL + (
        "plugins:\n  - casebook\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        f"extra:\n  x: !!python/object/apply:os.system ['touch {sentinel}']\n  y: !ENV [HOME, x]\n"
    )
    settings = read_site_file(_site(tmp_path, text)).settings
    assert isinstance(settings["extra"]["y"], Tagged) and settings["extra"]["y"].tag == "!ENV"
    assert not sentinel.exists()


def test_a_tagged_folder_is_refused(tmp_path: Path) -> None:
    text = "site_name: T\ndocs_dir: !ENV [DOCS, content]\nplugins:\n  - casebook\n"
    with pytest.raises(ConfigError, match="reads plain values only, not !ENV tags"):
        read_site_file(_site(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found; run from the site root or pass -f"):
        read_site_file(tmp_path / "mkdocs.yml")
    with pytest.raises(ConfigError, match="not found"):
        read_site_file(tmp_path)


def test_invalid_yaml(tmp_path: Path) -> None:
    config_file = _site(tmp_path, "site_name: [unclosed\nplugins:\n  - casebook\n")
    with pytest.raises(ConfigError) as caught:
        read_site_file(config_file)
    assert str(caught.value).startswith(f"{config_file}: cannot be read as YAML: ")


def test_missing_docs_dir(tmp_path: Path) -> None:
    config_file = _site(tmp_path, "site_name: T\ndocs_dir: nowhere\nplugins:\n  - casebook\n")
    with pytest.raises(ConfigError, match="docs_dir 'nowhere' is not a folder"):
        read_site_file(config_file)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("preview: always", "preview must be auto or never, not 'always'"),
        ("case_dir: x", "unknown casebook option 'case_dir'"),
        ("cases_dir: 3", "cases_dir must be a folder name, not 3"),
        ("page_size: 0", "page_size must be a whole number from 1 to 1000, not 0"),
        ("page_size: many", "page_size must be a whole number from 1 to 1000, not 'many'"),
        ("page_size: true", "page_size must be a whole number from 1 to 1000, not True"),
        ("claims: strict", "claims must be ignore, warn or error, not 'strict'"),
        ("overdue_reviews: yes", "overdue_reviews must be ignore, warn or error, not True"),
        ("care_min_coverage: 150", "care_min_coverage must be a whole number from 0 to 100"),
    ],
)
def test_invalid_plugin_option(tmp_path: Path, options: str, message: str) -> None:
    text = MINIMAL + f"plugins:\n  - casebook:\n      {options}\n"
    with pytest.raises(ConfigError, match=message):
        read_site_file(_site(tmp_path, text))


def test_page_size(tmp_path: Path) -> None:
    text = MINIMAL + "plugins:\n  - casebook:\n      page_size: 12\n"
    assert read_site_file(_site(tmp_path, text)).page_size == 12
    assert read_site_file(_site(tmp_path, MINIMAL + "plugins:\n  - casebook\n")).page_size == 48


def test_compliance_options(tmp_path: Path) -> None:
    options = "claims: error\n      care_min_coverage: 80\n      overdue_reviews: ignore\n"
    text = MINIMAL + f"plugins:\n  - casebook:\n      {options}      search: false\n"
    policy = read_site_file(_site(tmp_path, text)).policy
    assert (policy.claims, policy.care_min_coverage, policy.overdue_reviews) == (
        "error",
        80,
        "ignore",
    )
    default = read_site_file(_site(tmp_path, MINIMAL + "plugins:\n  - casebook\n")).policy
    assert (default.claims, default.care_min_coverage, default.overdue_reviews) == (
        "warn",
        0,
        "warn",
    )


def test_without_the_casebook_plugin(tmp_path: Path) -> None:
    for text in (MINIMAL + "plugins:\n  - search\n", MINIMAL):
        with pytest.raises(ConfigError, match="does not enable the casebook plugin"):
            read_site_file(_site(tmp_path, text))


def test_plugin_entry_forms() -> None:
    assert plugin_entry(["search", "casebook"]) is True
    assert plugin_entry([{"casebook": {"preview": "never"}}]) == {"preview": "never"}
    assert plugin_entry({"search": None, "casebook": None}) is True
    assert plugin_entry(["search"]) is None
    assert plugin_entry(None) is None


def test_reading_the_site_file_loads_no_mkdocs() -> None:
    # The command line reads mkdocs.yml without MkDocs, Material or any plugin.
    code = (
        "import sys; from pathlib import Path\n"
        "from generator.cli.sitefile import read_site_file\n"
        f"read_site_file(Path({str(ROOT / 'mkdocs.yml')!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
