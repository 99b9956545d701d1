from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]  # no stubs in the test extra
import pytest

from generator.cli.main import main
from generator.cli.sitefile import read_site_file
from generator.content.sources import ProjectLoader
from tests.factories import yaml12


def _new(site: Path, *args: str) -> int:
    return main(["new", *args, "-f", str(site / "mkdocs.yml")])


def test_new_writes_a_draft_that_validates(site: Path) -> None:
    assert _new(site, "new-patient-t4") == 0
    path = site / "cases" / "new-patient-t4.yml"
    text = path.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=case.schema.json"
    project = ProjectLoader().load(read_site_file(site / "mkdocs.yml").layout)
    assert project.problems == []
    case = next(c.model for c in project.cases if c.model.id == "new-patient-t4")
    assert case.status == "draft"
    assert "TODO" in case.headline


def test_every_field_line_has_a_comment(site: Path) -> None:
    assert _new(site, "commented") == 0
    for line in (site / "cases" / "commented.yml").read_text().splitlines():
        if re.match(r"^\s*(- )?[a-z_]+:", line):
            assert "#" in line, line


def test_new_case_satisfies_the_schema(site: Path) -> None:
    assert _new(site, "schema-check") == 0
    schema = json.loads((site / "cases" / "case.schema.json").read_text())
    data = yaml12((site / "cases" / "schema-check.yml").read_text())
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


def test_new_uses_the_given_protocol_and_its_route(site: Path) -> None:
    assert _new(site, "ct-case", "--protocol", "uc-msc-iv-lp-ct") == 0
    text = (site / "cases" / "ct-case.yml").read_text()
    assert re.search(r"^  protocol: uc-msc-iv-lp-ct\b", text, re.MULTILINE)
    assert ProjectLoader().load(read_site_file(site / "mkdocs.yml").layout).problems == []


def test_new_refuses_to_overwrite(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = next((site / "cases").glob("*.yml"))
    before = existing.read_text()
    assert _new(site, existing.stem) == 2
    assert "exists already" in capsys.readouterr().err
    assert existing.read_text() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad_Id"], "not a valid id"),
        (["ok-id", "--protocol", "nope"], "unknown protocol 'nope'"),
    ],
)
def test_new_rejects_bad_input_without_traceback(
    site: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert _new(site, *args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not (site / "cases" / "ok-id.yml").exists()
