"""The CARE coverage table and annotations of ``casebook validate --care``."""

from __future__ import annotations

from generator.cli.care_table import care_annotations, care_tables
from tests.test_care import COMPLETE, SOURCE, line_of, report_of, without

MONITORING = "  adverse_event_monitoring: Phone call at 24 h and 7 days; examined at every visit."


def test_a_complete_case_shows_every_item_covered_or_not_applicable() -> None:
    lines = care_tables([report_of(COMPLETE)])
    assert lines[0] == f"{SOURCE}: CARE coverage 100% (15 of 15 applicable items)"
    rows = lines[1:-2]
    assert len(rows) == 18  # every item of the checklist, in order
    assert rows[0].split()[:3] == ["1", "Title", "covered"]
    assert sum(" n/a " in row for row in rows) == 3
    assert lines[-1] == "1 cases; mean CARE coverage 100%."


def test_a_missing_item_names_its_line_and_what_to_add() -> None:
    text = without(COMPLETE, MONITORING)
    lines = care_tables([report_of(text)])
    [row] = [line for line in lines if line.lstrip().startswith("10d ")]
    assert " MISSING " in row
    assert f"line {line_of(text, 'treatment:')}: " in row and "adverse_event_monitoring" in row
    assert lines[0].startswith(f"{SOURCE}: CARE coverage 93% (14 of 15")


def test_annotations_are_warnings_for_every_gap_only() -> None:
    assert care_annotations([report_of(COMPLETE)]) == []
    [annotation] = care_annotations([report_of(without(COMPLETE, MONITORING))])
    assert annotation.startswith(f"::warning file={SOURCE},line=")
    assert "CARE 10d (Follow-up and outcomes: adverse events)" in annotation


def test_no_cases_no_table() -> None:
    assert care_tables([]) == []
