from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.cli.main import main
from tests.conftest import run_mkdocs


class _ArticleText(HTMLParser):
    """The visible text of a page's main content (Material's <article>)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += tag == "article"

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def _main_text(page: Path) -> str:
    parser = _ArticleText()
    parser.feed(page.read_text())
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def exported(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    target = tmp_path / "exported"
    assert main(["export", str(target), "-f", str(site / "mkdocs.yml")]) == 0
    return target


def test_export_is_a_plain_mkdocs_project(exported: Path) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text())
    assert config["plugins"] == ["search"]
    assert config["docs_dir"] == "docs"
    assert "/cases/leila-a-c8.md" in config["not_in_nav"].splitlines()
    assert (exported / "docs" / "cases" / "index.md").is_file()
    assert not (exported / "theme" / "casebook").exists()


def test_exported_project_builds_the_same_case_pages(site: Path, exported: Path) -> None:
    plain_build = run_mkdocs(exported, "build", "--strict")
    assert plain_build.returncode == 0, plain_build.stderr
    _same_case_text(site, exported)
    for name in ("index.html", "protocols/uc-msc-iv-lp/index.html"):
        assert _main_text(exported / "site" / name) == _main_text(site / "site" / name), name


def test_export_keeps_yaml_tags_and_refuses_a_non_empty_folder(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  generator: !ENV [CASEBOOK_FLAG, false]\n")
    target = tmp_path / "out"
    assert main(["export", str(target), "-f", str(config)]) == 0
    assert "!ENV" in (target / "mkdocs.yml").read_text()
    assert main(["export", str(target), "-f", str(config)]) == 2
    assert "not an empty folder" in capsys.readouterr().err


def test_export_refuses_invalid_content(site: Path, tmp_path: Path) -> None:
    case = site / "cases" / "leila-a-c8.yml"
    case.write_text(case.read_text().replace("  ais: D", "  ais: Z", 1))
    assert main(["export", str(tmp_path / "out"), "-f", str(site / "mkdocs.yml")]) == 1


def test_zensical_builds_the_export_with_the_same_case_text(site: Path, exported: Path) -> None:
    # The engine boundary, proven: Zensical, the successor of Material for MkDocs, builds the
    # exported Markdown, and every case page says what the plugin's page says.
    zensical = Path(sys.executable).parent / "zensical"
    result = subprocess.run(
        [str(zensical), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=exported,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    _same_case_text(site, exported)


def _same_case_text(site: Path, exported: Path) -> None:
    """Build ``site`` with the plugin; every case page of the export's build reads the same."""
    plugin_build = run_mkdocs(site, "build", "--strict")
    assert plugin_build.returncode == 0, plugin_build.stderr
    cases = sorted((site / "site" / "cases").glob("*/index.html"))
    assert len(cases) >= 12
    for page in cases:
        twin = exported / "site" / page.relative_to(site / "site")
        assert twin.is_file(), twin
        assert _main_text(twin) == _main_text(page), page.parent.name
