"""Reading measured changes against the reference table: one rule for every page."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.catalog.changes import (
    baseline_and_latest,
    compare,
    judge,
    summarise_measures,
    threshold_words,
    toward_better,
)
from generator.content.models import Assessment
from generator.content.reference import MeasureRule, packaged_reference
from tests.factories import make_case

REFERENCE = packaged_reference()


def rule(
    better: str = "higher", threshold: float | None = 4, noise: float | None = None
) -> MeasureRule:
    return MeasureRule.model_validate(
        {"better": better, "threshold": threshold, "noise": noise, "unit": "points",
         "basis": "x", "sources": ["s"]}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("steps", "verdict"),
    [
        (0, "unchanged"),
        (3, "within"),
        (-3, "within"),
        (4, "improved"),
        (-4, "worse"),
        (10, "improved"),
    ],
)
def test_a_change_counts_only_from_the_threshold(steps: int, verdict: str) -> None:
    assert judge(rule(threshold=4), steps) == verdict


@pytest.mark.parametrize(
    ("noise", "steps", "verdict"),
    [(2, 1, "within"), (2, -1, "within"), (2, 2, "toward_better"), (2, -5, "toward_worse"),
     (None, 1, "toward_better"), (None, 0, "unchanged")],
)  # fmt: skip
def test_without_a_threshold_only_the_direction_is_told(
    noise: float | None, steps: int, verdict: str
) -> None:
    assert judge(rule(threshold=None, noise=noise), steps) == verdict


def test_lower_is_better_turns_the_sign() -> None:
    assert toward_better(rule("lower"), "nbd", 9, 8) == 1
    assert toward_better(rule("lower"), "ashworth", "2", "1") == 2  # 2 -> 1+ -> 1
    assert toward_better(rule("higher"), "ais", "A", "C") == 2


def test_a_level_further_down_the_spine_is_better() -> None:
    assert toward_better(rule("caudal"), "level", "C5", "C7") == 2
    assert toward_better(rule("caudal"), "level", "T12", "T11") == -1
    assert toward_better(rule("caudal"), "level", "C8", "T1") == 1


def test_threshold_words() -> None:
    assert threshold_words(rule(threshold=4)) == "4 points"
    assert threshold_words(rule(threshold=None, noise=2)).startswith("none accepted (under 2")
    assert threshold_words(rule(threshold=None)) == "none accepted"


def _assessed(week: int, **measures: object) -> Assessment:
    return Assessment.model_validate({"week": week, **measures})


def test_compare_reads_the_packaged_table() -> None:
    rows = compare(
        _assessed(0, uems=16, scim=28, ashworth="2", level="C6", ais="B", wisci=0),
        _assessed(26, uems=17, scim=38, ashworth="1", level="C7", ais="C", wisci=1),
        REFERENCE,
    )
    by = {row.measure: row for row in rows}
    assert [by["uems"].change, by["uems"].meaning] == ["+1", "within measurement variation"]
    assert [by["scim"].change, by["scim"].meaning] == ["+10", "improved"]
    assert by["ashworth"].verdict == "toward_better" and by["ashworth"].change == "-2 steps"
    assert by["level"].change == "moved down 1 level" and by["level"].verdict == "toward_better"
    assert by["ais"].change == "+1 grade" and by["ais"].verdict == "improved"
    assert by["wisci"].verdict == "within"
    assert "toward E is better" in by["ais"].scale and "toward 0" in by["ashworth"].scale


def test_the_latest_assessment_is_the_last_after_baseline() -> None:
    case = make_case()
    baseline, latest = baseline_and_latest(case)
    assert baseline is case.assessments[0]
    assert latest is not None and case.week(latest) == max(case.week(a) for a in case.assessments)


def test_summaries_count_every_case_and_judge_by_the_same_rule() -> None:
    base = make_case("a")
    improved = base.model_copy(
        update={"id": "b", "assessments": [
            _assessed(0, scim=20), _assessed(26, scim=30)
        ]}
    )  # fmt: skip
    within = base.model_copy(
        update={"id": "c", "assessments": [_assessed(0, scim=20), _assessed(26, scim=22)]}
    )
    single = base.model_copy(update={"id": "d", "assessments": [_assessed(0, scim=20)]})
    summary = {s.measure: s for s in summarise_measures([improved, within, single], REFERENCE)}
    scim = summary["scim"]
    assert (scim.total, scim.measured, scim.better, scim.steady, scim.worse) == (3, 2, 1, 1, 0)
    assert scim.judged and not summary["nbd"].judged
    assert summary["uems"].measured == 0


def test_dates_place_assessments_like_weeks() -> None:
    case = make_case(start=dt.date(2024, 1, 1))
    dated = case.model_copy(
        update={"assessments": [
            Assessment.model_validate({"date": "2024-01-01", "uems": 10}),
            Assessment.model_validate({"date": "2024-07-01", "uems": 14}),
        ]}
    )  # fmt: skip
    (row,) = summarise_measures([dated], REFERENCE)[2:3]
    assert (row.measure, row.better) == ("uems", 1)
