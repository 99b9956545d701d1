"""Natural recovery beside the cases: rates on a changed grade, and each AIS group's counts."""

from __future__ import annotations

import datetime as dt

from generator.catalog.recovery import case_notes, grade_group, notes_for, rate_words
from generator.content.fields import PartialDate
from generator.content.models import Assessment, Case
from generator.content.reference import packaged_reference
from tests.factories import make_case

REFERENCE = packaged_reference()
START = dt.date(2024, 6, 3)


def graded(case_id: str, first: str, last: str | None, injured: PartialDate) -> Case:
    """A case graded ``first`` at baseline and ``last`` at week 26 (``None``: not re-graded)."""
    case = make_case(case_id, ais=first if first != "E" else "D", start=START)
    later = {"week": 26, "ais": last} if last else {"week": 26, "uems": 10}
    return case.model_copy(
        update={
            "injury": case.injury.model_copy(update={"date": injured}),
            "assessments": [
                Assessment.model_validate({"week": 0, "ais": first}),
                Assessment.model_validate(later),
            ],
        }
    )


ACUTE, CHRONIC, UNKNOWN = PartialDate(2024, 2), PartialDate(2020, 5), PartialDate(2023)


def test_rate_words() -> None:
    a_acute, a_chronic = REFERENCE.rate("A", "acute"), REFERENCE.rate("A", "chronic")
    assert a_acute is not None and a_chronic is not None
    assert rate_words(a_acute) == "11.3-30.2%"
    assert rate_words(a_chronic) == "5.6%"


def test_a_changed_grade_gets_the_rate_of_its_grade_and_phase() -> None:
    (note,) = case_notes(graded("a", "A", "B", ACUTE), REFERENCE)
    assert (note.grade, note.timing, note.rate) == ("A", "acute", REFERENCE.rate("A", "acute"))
    (note,) = case_notes(graded("b", "A", "C", CHRONIC), REFERENCE)
    assert (note.timing, note.rate) == ("chronic", REFERENCE.rate("A", "chronic"))


def test_a_worsened_grade_gets_the_rate_too() -> None:
    assert len(case_notes(graded("a", "C", "B", ACUTE), REFERENCE)) == 1


def test_an_unknown_phase_gets_both_rates() -> None:
    notes = case_notes(graded("a", "A", "B", UNKNOWN), REFERENCE)
    assert [n.timing for n in notes] == ["acute", "chronic"]


def test_an_unchanged_or_ungraded_case_gets_none() -> None:
    assert case_notes(graded("a", "A", "A", ACUTE), REFERENCE) == []
    assert case_notes(graded("b", "A", None, ACUTE), REFERENCE) == []


def test_a_grade_without_a_figure_says_so() -> None:
    (note,) = notes_for("C", "chronic", REFERENCE)
    assert note.rate is None and note.timing_words.startswith("treated 12 months")


def test_grade_group_counts_every_case() -> None:
    cases = [
        graded("a", "A", "B", ACUTE),
        graded("b", "A", "A", CHRONIC),
        graded("c", "A", "A", CHRONIC),
        graded("d", "A", None, UNKNOWN),
    ]
    group = grade_group(cases, "A", REFERENCE)
    counts = (group.total, group.reassessed, group.better, group.same, group.worse)
    assert counts == (4, 3, 1, 2, 0)
    assert (group.acute, group.chronic, group.unknown) == (1, 2, 1)
    assert [n.timing for n in group.notes] == ["acute", "chronic"]


def test_the_phase_words_say_the_reference_s_acute_months() -> None:
    from generator.catalog.recovery import TIMING_WORDS
    from generator.content.reference import ACUTE_MONTHS

    assert all(f" {ACUTE_MONTHS} months" in words for words in TIMING_WORDS.values())
