"""The participant-flow ledger: treated, published, followed up, and the check between them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.catalog.ledger import follow_up_week, ledger, ledger_problems
from generator.catalog.selection import build_catalog
from generator.content.load import load_protocol
from generator.content.models import Assessment, Case
from tests.factories import make_case, valid_protocol, write_protocol

TODAY = dt.date(2026, 12, 1)


def followed(case_id: str, weeks: int, start: dt.date = dt.date(2024, 3, 1)) -> Case:
    case = make_case(case_id, start=start)
    return case.model_copy(
        update={
            "assessments": [
                Assessment.model_validate({"week": 0, "uems": 10}),
                Assessment.model_validate({"week": weeks, "uems": 10}),
            ]
        }
    )


def protocol(tmp_path: Path, treated: list[dict[str, int]] | None) -> Any:
    data = valid_protocol()
    if treated is not None:
        data["treated"] = treated
    path = write_protocol(tmp_path, data)
    sourced, problems = load_protocol(path, path.name)
    assert sourced is not None, problems
    return sourced


def test_rows_and_total(tmp_path: Path) -> None:
    sourced = protocol(tmp_path, [{"year": 2024, "patients": 20}, {"year": 2025, "patients": 5}])
    cases = [followed("a", 12), followed("b", 26), followed("c", 60)]
    catalog = build_catalog(cases, [sourced.model], today=TODAY)
    rows, total = ledger(catalog)
    (row,) = rows
    assert (row.treated, row.published, row.followed_26, row.followed_52) == (25, 3, 2, 1)
    assert row.share == "12%"
    assert (total.treated, total.published, total.name) == (25, 3, "All protocols")


def test_an_undeclared_protocol_leaves_the_total_unknown(tmp_path: Path) -> None:
    sourced = protocol(tmp_path, None)
    rows, total = ledger(build_catalog([followed("a", 30)], [sourced.model], today=TODAY))
    assert rows[0].treated is None and rows[0].share == "not known"
    assert total.treated is None and total.published == 1


def test_follow_up_is_the_latest_assessment() -> None:
    assert follow_up_week(followed("a", 52)) == 52


def test_more_published_than_declared_is_located(tmp_path: Path) -> None:
    sourced = protocol(tmp_path, [{"year": 2024, "patients": 1}])
    cases = [followed("a", 12), followed("b", 12), followed("c", 12, dt.date(2025, 1, 6))]
    problems = ledger_problems([sourced], cases)
    assert [p.field for p in problems] == ["protocol.treated[0].patients", "protocol.treated"]
    assert [p.message for p in problems] == [
        "2 published cases were treated in 2024, but it declares 1 for 2024",
        "1 published case was treated in 2025, but it declares no count for 2025",
    ]
    lines = sourced.path.read_text().splitlines()
    assert "patients: 1" in lines[problems[0].line - 1]


def test_as_many_as_declared_is_fine_and_undeclared_protocols_are_not_checked(
    tmp_path: Path,
) -> None:
    declared = protocol(tmp_path / "a", [{"year": 2024, "patients": 2}])
    assert ledger_problems([declared], [followed("a", 1), followed("b", 1)]) == []
    silent = protocol(tmp_path / "b", None)
    assert ledger_problems([silent], [followed("a", 1)]) == []
