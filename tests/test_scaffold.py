from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]  # no stubs in the test extra
import pytest

from generator.cli.main import main
from generator.cli.sitefile import read_site_file
from generator.content.sources import ProjectLoader
from tests.factories import case_files, yaml12


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
    existing = case_files(site / "cases")[0]
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


# The optional fields the scaffold offers commented out, for the editor to fill in or delete.
OPTIONAL = re.compile(r"^(\s*)# (\s*(?:[a-z_]+:|- ).*)$")
CARE_FIELDS = ("history:", "rehab_hours_per_week:", "adverse_event_monitoring:", "prior:")


def _uncommented(text: str) -> str:
    """The scaffold with every optional field but the photo (a file to add) switched on."""
    lines = []
    for line in text.splitlines():
        match = OPTIONAL.match(line)
        wanted = match is not None and not match.group(2).startswith("photo:")
        lines.append(match.group(1) + match.group(2) if match and wanted else line)
    return "\n".join(lines) + "\n"


def test_the_optional_care_and_review_fields_are_offered_with_comments(site: Path) -> None:
    assert _new(site, "offered") == 0
    text = (site / "cases" / "offered.yml").read_text()
    offered = [m.group(2) for line in text.splitlines() if (m := OPTIONAL.match(line))]
    names = {entry.split(":")[0].strip() for entry in offered if not entry.lstrip().startswith("-")}
    assert names >= {"history", "prior", "rehab_hours_per_week", "adverse_event_monitoring"}
    assert names >= {"reviewed", "by", "on", "next", "reviewed_claims"}
    for entry in offered:
        assert "#" in entry, entry  # each commented field still has its explanation


def test_the_optional_fields_switched_on_validate(site: Path) -> None:
    assert _new(site, "switched-on") == 0
    path = site / "cases" / "switched-on.yml"
    path.write_text(_uncommented(path.read_text()))
    assert all(f"  {name}" in path.read_text() for name in CARE_FIELDS)
    project = ProjectLoader().load(read_site_file(site / "mkdocs.yml").layout)
    assert project.problems == []
    case = next(c.model for c in project.cases if c.model.id == "switched-on")
    assert case.patient.history == "TODO"
    assert case.treatment.prior == ["TODO: what, when, with what result"]
    assert case.treatment.rehab_hours_per_week == 3
    assert case.treatment.adverse_event_monitoring == "TODO"
    assert case.reviewed is not None and case.reviewed.next.earliest() > case.reviewed.on.latest()
    assert case.reviewed_claims == ["TODO: a sentence"]
    schema = json.loads((site / "cases" / "case.schema.json").read_text())
    errors = jsonschema.Draft202012Validator(schema).iter_errors(yaml12(path.read_text()))
    assert list(errors) == []


def test_field_hints_are_the_comments_of_the_new_file() -> None:
    from generator.cli.scaffold import field_hints

    hints = field_hints()
    assert hints[("injury", "level")] == "C1-C8, T1-T12, L1-L5 or S1-S5"
    assert hints[("patient", "photo")].startswith("JPEG or PNG inside cases/")  # commented out
    assert hints[("treatment", "sessions", "cells")] == "uc-msc, bm-msc, ad-msc or other"
    assert hints[("reviewed", "next")].startswith("YYYY-MM or YYYY-MM-DD, after on")
    assert ("yaml-language-server",) not in hints
