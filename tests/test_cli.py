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
    assert set(commands) == {"validate", "new", "schema", "tables", "export"}
    for command in commands.values():
        for action in command._actions:
            assert action.help, (command.prog, action.dest)


def test_missing_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "out"), "-f", str(tmp_path / "nope.yml")]) == 2
    assert "not found" in capsys.readouterr().err
