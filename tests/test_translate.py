"""``casebook translate`` (cli/translate.py): the start of a translation, checked as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main
from generator.content.layout import Layout
from generator.content.sources import ProjectLoader
from generator.content.translations import source_hash

CASE = "priya-k-l3"


def _translate(site: Path, *args: str) -> int:
    return main(["translate", *args, "-f", str(site / "mkdocs.yml")])


def _translations(site: Path) -> tuple[list[str], dict[str, str]]:
    layout = Layout(site, site / "cases", site / "content", site / "content" / "protocols")
    project = ProjectLoader().load(layout, ("es",))
    headlines = {i: t.case.headline for i, t in project.translations.get("es", {}).items()}
    return [str(p) for p in project.problems], headlines


def test_translate_writes_the_hash_and_every_text_commented(site: Path) -> None:
    assert _translate(site, CASE, "es") == 0
    written = (site / "cases" / f"{CASE}.es.yml").read_text(encoding="utf-8")
    assert f"source_hash: {source_hash(site / 'cases' / f'{CASE}.yml')}\n" in written
    for text in (
        "# headline: Modest gains in leg strength",
        "#   rehab: Physiotherapy five days a week",
        "#   - text: Headache after the lumbar puncture",
        "# - text: Feels steadier on her feet.",
        "# story: |",
    ):
        assert text in written
    for fact in ("week:", "ais:", "consent", "protocol:"):
        assert fact not in written
    problems, headlines = _translations(site)
    assert problems == []  # nothing translated yet: every text falls back to the case file's
    assert headlines[CASE].startswith("Modest gains")


def test_an_uncommented_translation_is_used(site: Path) -> None:
    assert _translate(site, CASE, "es") == 0
    path = site / "cases" / f"{CASE}.es.yml"
    text = path.read_text(encoding="utf-8").replace(
        "# headline: Modest gains in leg strength and walking during six months of treatment "
        "and physiotherapy",
        "headline: Mejoras modestas de fuerza en las piernas y de la marcha",
    )
    path.write_text(text, encoding="utf-8")
    problems, headlines = _translations(site)
    assert problems == []
    assert headlines[CASE] == "Mejoras modestas de fuerza en las piernas y de la marcha"


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("ingrid-s-t8", "es"), 2, "cases/ingrid-s-t8.es.yml exists; edit it"),
        ((CASE, "fr"), 2, "'fr' is not one of the site's other languages (es)"),
        (("nobody-x-t1", "es"), 2, "cases/nobody-x-t1.yml not found"),
    ],
)
def test_translate_refuses_without_writing(
    site: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, str],
    status: int,
    message: str,
) -> None:
    before = sorted(p.name for p in (site / "cases").iterdir())
    assert _translate(site, *args) == status
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in (site / "cases").iterdir()) == before


def test_an_invalid_case_file_is_reported_not_translated(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = site / "cases" / f"{CASE}.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("ais: D", "ais: Z", 1))
    assert _translate(site, CASE, "es") == 1
    assert f"cases/{CASE}.yml:" in capsys.readouterr().err
    assert not (site / "cases" / f"{CASE}.es.yml").exists()
