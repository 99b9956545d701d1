"""Natural recovery: how often an AIS grade changes without cell therapy, beside the cases.

A case's timing is its phase at the first treatment (``timing.phase``: acute under 12 months
after injury, chronic later). When the phase cannot be told, both rates are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.catalog.changes import baseline_and_latest, position
from generator.catalog.timing import phase
from generator.content.i18n import N_, _
from generator.content.models import Case
from generator.content.reference import ConversionRate, Reference, Timing

# The phases in words; ACUTE_MONTHS is 12 (content/reference.py), written out so that the
# words can be translated (generator/locale); tests/test_recovery.py checks that they agree.
TIMING_WORDS: dict[Timing, str] = {
    "acute": N_("treated less than 12 months after injury"),
    "chronic": N_("treated 12 months or more after injury"),
}


def rate_words(rate: ConversionRate) -> str:
    """Return a rate as a visitor reads it: ``5.6%`` or ``11-30%``."""
    if rate.low == rate.high:
        return f"{rate.low:g}%"
    return f"{rate.low:g}-{rate.high:g}%"


@dataclass(frozen=True)
class RateNote:
    """A spontaneous conversion rate to show beside a change, with its timing.

    Attributes:
        grade: The AIS grade before treatment.
        timing: ``acute`` or ``chronic``.
        rate: The table's entry, ``None`` when the table has none for this grade and timing.
    """

    grade: str
    timing: Timing
    rate: ConversionRate | None

    @property
    def timing_words(self) -> str:
        """The timing in words, in the language spoken."""
        return _(TIMING_WORDS[self.timing])


def notes_for(grade: str, when: Timing | None, reference: Reference) -> list[RateNote]:
    """Return the rates that apply to ``grade`` at ``when`` (both timings when unknown)."""
    timings: tuple[Timing, ...] = (when,) if when is not None else ("acute", "chronic")
    return [RateNote(grade, t, reference.rate(grade, t)) for t in timings]


def case_notes(case: Case, reference: Reference) -> list[RateNote]:
    """Return the rates a case page shows: only when its AIS grade changed."""
    grade = case.assessments[0].ais
    if not _grade_steps(case) or grade is None:  # not re-graded, or graded the same
        return []
    return notes_for(grade, phase(case), reference)


@dataclass(frozen=True)
class GradeGroup:
    """What happened to the AIS grade of the cases with one grade before treatment.

    Attributes:
        grade: The grade before treatment.
        total: Every case in the group.
        reassessed: Cases whose grade was assessed at baseline and again after treatment.
        better: Cases whose latest grade is better than at baseline.
        same: Cases whose latest grade equals the baseline.
        worse: Cases whose latest grade is worse.
        acute: Cases treated less than 12 months after injury.
        chronic: Cases treated 12 months or more after injury.
        unknown: Cases whose timing cannot be told.
        notes: The spontaneous rates for this grade, acute then chronic.
    """

    grade: str
    total: int
    reassessed: int
    better: int
    same: int
    worse: int
    acute: int
    chronic: int
    unknown: int
    notes: list[RateNote]


def grade_group(cases: Sequence[Case], grade: str, reference: Reference) -> GradeGroup:
    """Summarise the grade changes of ``cases`` (all of AIS ``grade`` before treatment)."""
    steps = [_grade_steps(case) for case in cases]
    judged = [s for s in steps if s is not None]
    timings = [phase(case) for case in cases]
    return GradeGroup(
        grade=grade,
        total=len(cases),
        reassessed=len(judged),
        better=sum(1 for s in judged if s > 0),
        same=judged.count(0),
        worse=sum(1 for s in judged if s < 0),
        acute=timings.count("acute"),
        chronic=timings.count("chronic"),
        unknown=timings.count(None),
        notes=notes_for(grade, None, reference),
    )


def _grade_steps(case: Case) -> int | None:
    # As on the case page: only a grade assessed at baseline and again later is compared.
    baseline, latest = baseline_and_latest(case)
    if latest is None or baseline.ais is None or latest.ais is None:
        return None
    return position("ais", latest.ais) - position("ais", baseline.ais)
