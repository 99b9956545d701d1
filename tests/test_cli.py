from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.cli.main import build_parser, main


def _validate(site: Path, *args: str) -> int:
    return main(["validate", "-f", str(site / "mkdocs.yml"), *args])


def test_expiring_lists_consents_within_the_window(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = site / "cases" / "leila-a-c8.yml"
    text = case.read_text()
    expires = next(line for line in text.splitlines() if line.strip().startswith("expires:"))
    case.write_text(text.replace(expires, "  expires: 2026-12-31", 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01
    assert _validate(site, "--expiring", "30") == 0
    out = capsys.readouterr().out
    assert "cases/leila-a-c8.yml: consent expires in 30 days (2026-12-31)" in out.splitlines()
    assert _validate(site, "--expiring", "29") == 0
    assert "leila-a-c8" not in capsys.readouterr().out


def test_expiring_keeps_the_exit_status_of_validation(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = site / "cases" / "leila-a-c8.yml"
    case.write_text(case.read_text().replace("  ais: D", "  ais: Z", 1))
    assert _validate(site, "--expiring", "100000") == 1
    out = capsys.readouterr().out
    assert "consent expires in" in out
    assert "injury.ais" in out


@pytest.mark.parametrize("days", ["-1", "soon"])
def test_expiring_rejects_bad_days(site: Path, days: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _validate(site, "--expiring", days)
    assert exit_info.value.code == 2


def test_every_command_and_option_has_help() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands: dict[str, argparse.ArgumentParser] = dict(subparsers.choices)
    assert set(commands) == {
        "validate", "new", "translate", "schema", "tables", "export", "deploy-check", "cms",
    }  # fmt: skip
    for command in commands.values():
        for action in command._actions:
            assert action.help, (command.prog, action.dest)


def test_missing_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "out"), "-f", str(tmp_path / "nope.yml")]) == 2
    assert "not found" in capsys.readouterr().err


def test_validate_prints_compliance_warnings_and_exits_0(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site / "content" / "candidates.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOur results are guaranteed.\n")
    assert _validate(site) == 0
    captured = capsys.readouterr()
    [warning] = [line for line in captured.out.splitlines() if line.startswith("warning: ")]
    assert warning.startswith("warning: content/candidates.md:") and 'claim "cure"' in warning
    assert captured.err.strip().endswith("cases would be published; 1 warning.")
    assert _validate(site, "--format", "github") == 0
    assert capsys.readouterr().out.startswith("::warning file=content/candidates.md,line=")


def test_the_claims_option_makes_a_claim_an_error(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = site / "mkdocs.yml"
    option = "      cases_dir: cases\n      claims: error\n"
    config.write_text(config.read_text().replace("      cases_dir: cases\n", option, 1))
    page = site / "content" / "candidates.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOur results are guaranteed.\n")
    assert _validate(site) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("content/candidates.md:") and 'claim "cure"' in captured.out
    assert "1 error; nothing can be published." in captured.err


def test_care_prints_a_table_per_case_or_annotations(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _validate(site, "--care") == 0
    out = capsys.readouterr().out
    assert "cases/mei-c-c6.yml: CARE coverage " in out
    assert "  10d  Follow-up and outcomes: adverse events" in out
    assert out.rstrip().splitlines()[-1].startswith("20 cases; mean CARE coverage ")
    assert _validate(site, "--care", "--format", "github") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("::warning file=cases/") for line in lines)
    assert any("CARE 12 (Patient perspective)" in line for line in lines)


def test_expiring_lists_reviews_that_fall_due(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01
    assert _validate(site, "--expiring", "30") == 0
    assert not [line for line in capsys.readouterr().out.splitlines() if "review" in line]
    assert _validate(site, "--expiring", "31") == 0  # carlos-m-t12: next review 2027-01
    [due] = [line for line in capsys.readouterr().out.splitlines() if "review" in line]
    assert due.startswith("cases/carlos-m-t12.yml:") and "clinical review due" in due
