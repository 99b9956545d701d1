from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]  # no stubs in the test extra
import pytest

from generator.cli.main import main
from generator.content.load import load_case, validate
from generator.content.models import Case
from generator.content.schema import case_schema, schema_text
from generator.content.strict_yaml import parse
from tests.conftest import ROOT
from tests.factories import case_files, yaml12

SCHEMA_FILE = ROOT / "cases" / "case.schema.json"
CASES = case_files(ROOT / "cases")


@functools.cache  # checking the schema itself takes a fifth of a second; once is enough
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_matches_the_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "cases/case.schema.json drifted from the models: run `casebook schema --out "
        "cases/case.schema.json` and commit it"
    )


def test_yaml12_reader_types_like_a_language_server() -> None:
    data = yaml12('a: NO\nb: 34\nc: "34"\nd: 1+\ne: 2021-06\nf: null\ng: true\nh: 1.5\n')
    assert data == {"a": "NO", "b": 34, "c": "34", "d": "1+", "e": "2021-06", "f": None,
                    "g": True, "h": 1.5}  # fmt: skip


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_sample_case_satisfies_the_schema(path: Path) -> None:
    sourced, problems = load_case(path, path.name)
    assert sourced is not None, problems
    errors = [e.message for e in _validator().iter_errors(yaml12(path.read_text()))]
    assert errors == []


# Valid as the models read them, typed otherwise by a YAML 1.2 reader.
VARIANTS = {
    "unquoted ashworth": (r'ashworth: "(\d)"', r"ashworth: \1"),
    "quoted age": (r"age: (\d+)", r'age: "\1"'),
    "year-only injury date": (r"(\n  date: \d{4})-\d{2}(-\d{2})?", r"\1"),
    "numeric headline": (r"headline: .*", "headline: 2021"),
    "quoted rehabilitation hours": (r"rehab_hours_per_week: (\S+)", r'rehab_hours_per_week: "\1"'),
    "review on a day": (r"\n  on: (\d{4}-\d{2})\n", r"\n  on: \1-15\n"),
    "numeric reviewed claim": (r"reviewed_claims:\n  - .*", "reviewed_claims:\n  - 2021"),
    "no prior intervention": (r"  prior:\n(    - .*\n)+", "  prior: []\n"),
}


@pytest.mark.parametrize(("pattern", "replacement"), VARIANTS.values(), ids=VARIANTS)
def test_valid_variants_as_written_satisfy_the_schema(
    tmp_path: Path, pattern: str, replacement: str
) -> None:
    source = next(p for p in CASES if re.search(pattern, p.read_text()))
    path = tmp_path / source.name
    path.write_text(re.sub(pattern, replacement, source.read_text(), count=1))
    sourced, problems = load_case(path, path.name)
    assert sourced is not None, problems
    assert [e.message for e in _validator().iter_errors(yaml12(path.read_text()))] == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("level: ", "level: X"),
        ("status: ", "status: maybe-"),
        ("ais: ", "ais: Q"),
        ("rehab_hours_per_week: ", "rehab_hours_per_week: 9"),  # over 60
        ("  on: ", "  on: 1"),  # five digits of year
        ("  next: ", "  next: x"),
        ("reviewed:\n", "reviewed:\n  at: 2025-06\n"),
        ("  prior:\n", "  prior:\n    - ''\n"),
    ],
)
def test_the_schema_rejects_what_the_models_reject(old: str, new: str) -> None:
    source = next(p for p in CASES if old in p.read_text())
    text = source.read_text().replace(old, new, 1)
    assert list(_validator().iter_errors(yaml12(text)))
    path = Path("/nonexistent") / source.name  # the models refuse it as well
    doc, problems = parse(text, path.name)
    assert doc is not None and not problems
    assert validate(Case, doc, path.name, path)[1]


def test_the_schema_describes_the_care_and_review_fields() -> None:
    schema = case_schema()
    treatment = schema["$defs"]["Treatment"]["properties"]
    assert {"prior", "rehab_hours_per_week", "adverse_event_monitoring"} <= set(treatment)
    assert "history" in schema["$defs"]["Patient"]["properties"]
    assert schema["$defs"]["Review"]["required"] == ["by", "on", "next"]
    assert {"reviewed", "reviewed_claims"} <= set(schema["properties"])
    for required in (schema["required"], schema["$defs"]["Treatment"]["required"]):
        assert not {"prior", "reviewed", "reviewed_claims", "history"} & set(required)


def test_schema_command_prints_and_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == case_schema()
    out = tmp_path / "schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert out.read_text() == schema_text()
