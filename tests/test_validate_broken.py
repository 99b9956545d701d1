"""A folder of broken cases: `casebook validate` and `mkdocs build` report every error and stop.

tests/data/broken is a complete small site: one valid protocol, one valid case and one case file
per trap (wrong vocabulary, out-of-range score, duplicate key, unknown protocol, syntax error, a
``!!python/...`` tag, an anchor and alias, an empty file, an id different from the file name).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.conftest import ROOT, run_mkdocs
from tests.factories import case_files

BROKEN = Path(__file__).parent / "data" / "broken"

# Every problem, sorted by file, line and column, exactly as `casebook validate` prints it.
EXPECTED = [
    "cases/alias.yml:30:9: before: anchors (&name) are not allowed; write the value out",
    "cases/alias.yml:31:8: after: aliases (*name) are not allowed; write the value out",
    "cases/alias.yml:31:8: after: must be text, not nothing",
    "cases/duplicate-key.yml:8:3: patient.age: duplicate key 'age' (first at line 7)",
    "cases/empty.yml:1:1: (file): the file is empty",
    "cases/id-mismatch.yml:1:5: id: 'another-name' must equal the file name 'id-mismatch'",
    "cases/out-of-range.yml:27:11: assessments[0].lems: must be at most 50, not '51'",
    "cases/python-tag.yml:3:1: headline: must be text, not a list",
    "cases/python-tag.yml:3:11: headline: tags are not allowed "
    "(found 'tag:yaml.org,2002:python/object/apply:os.system')",
    "cases/syntax-error.yml:45:13: (file): YAML syntax error: did not find expected ',' or ']'",
    "cases/unknown-protocol.yml:17:13: treatment.protocol: unknown protocol 'uc-msc-magic' "
    "(known: uc-msc-iv)",
    "cases/wrong-vocabulary.yml:13:10: injury.cause: 'diving' is not one of vehicle, fall, "
    "sport, violence, medical, other, unknown",
]
_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rest>.*)$")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of the broken site, so nothing a test runs can touch the repository."""
    return Path(shutil.copytree(BROKEN, tmp_path / "broken"))


def _no_sentinel(*folders: Path) -> None:
    for folder in folders:
        assert not (folder / "SENTINEL").exists(), f"code from a YAML tag ran in {folder}"


def test_the_fixture_has_one_broken_file_per_trap() -> None:
    names = sorted(p.stem for p in case_files(BROKEN / "cases"))
    assert names == [
        "alias",
        "duplicate-key",
        "empty",
        "id-mismatch",
        "out-of-range",
        "python-tag",
        "syntax-error",
        "unknown-protocol",
        "valid-case",
        "wrong-vocabulary",
    ]
    assert {_LINE.match(line)["path"] for line in EXPECTED} == {  # type: ignore[index]
        f"cases/{name}.yml" for name in names if name != "valid-case"
    }


def test_expected_lines_are_sorted_by_file_and_position() -> None:
    def key(line: str) -> tuple[str, int, int]:
        match = _LINE.match(line)
        assert match is not None
        return (match["path"], int(match["line"]), int(match["col"]))

    assert [key(line) for line in EXPECTED] == sorted(key(line) for line in EXPECTED)


def test_validate_prints_every_error_and_exits_1(
    broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(broken)
    assert main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == EXPECTED
    assert f"{len(EXPECTED)} errors" in err
    _no_sentinel(broken, BROKEN, ROOT)


def test_validate_with_a_config_file_elsewhere(
    broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(broken.parent)
    assert main(["validate", "-f", "broken/mkdocs.yml"]) == 1
    # Files are still named relative to the site root, the folder of mkdocs.yml.
    assert capsys.readouterr().out.splitlines() == EXPECTED


def test_validate_github_format(
    broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(broken)
    assert main(["validate", "--format", "github"]) == 1
    expected = []
    for line in EXPECTED:
        match = _LINE.match(line)
        assert match is not None
        expected.append(
            f"::error file={match['path']},line={match['line']},col={match['col']}::{match['rest']}"
        )
    assert capsys.readouterr().out.splitlines() == expected


def test_validate_sample_site_exits_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert main(["validate"]) == 0
    out, _ = capsys.readouterr()
    assert not [line for line in out.splitlines() if _LINE.match(line)]


def test_validate_missing_config_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    assert "mkdocs.yml not found" in capsys.readouterr().err
    assert main(["validate", "-f", "nowhere/site.yml"]) == 2


def test_validate_as_a_real_process(broken: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=broken,
        capture_output=True,
        text=True,
        check=False,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == EXPECTED
    assert "Traceback" not in result.stderr
    _no_sentinel(broken)


def test_mkdocs_build_fails_lists_the_errors_and_writes_no_case_page(broken: Path) -> None:
    result = run_mkdocs(broken, "build")
    assert result.returncode != 0
    for line in EXPECTED:
        assert line in result.stderr
    assert "Traceback" not in result.stderr
    assert not (broken / "site" / "cases").exists()
    assert not list(broken.rglob("valid-case.html")) + list(broken.rglob("valid-case/index.html"))
    _no_sentinel(broken)
