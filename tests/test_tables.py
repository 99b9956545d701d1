"""``casebook tables``: the packaged reference tables copied into a site, then used from there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.catalog.build import prepare
from generator.cli.main import main
from generator.cli.sitefile import read_site_file
from generator.content.reference import DATA_DIR


def test_tables_are_copied_once_and_then_used(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(site / "mkdocs.yml")
    assert main(["tables", "-f", config]) == 0
    assert "Wrote reference/measures.yml" in capsys.readouterr().out
    copied = site / "reference" / "measures.yml"
    assert copied.read_bytes() == (DATA_DIR / "measures.yml").read_bytes()
    copied.write_text(copied.read_text().replace("threshold: 4\n", "threshold: 5\n"))
    build = prepare(read_site_file(site / "mkdocs.yml").layout, today=dt.date(2026, 11, 18))
    assert build.problems == []
    assert build.catalog.reference.files[0] == "reference/measures.yml"
    assert build.catalog.reference.measures["scim"].threshold == 5
    assert main(["tables", "-f", config]) == 2
    assert "exists already" in capsys.readouterr().err
    assert "threshold: 5" in copied.read_text()
