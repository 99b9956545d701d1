"""Reading a measured change against the reference table: improved, worse, or within the noise.

One rule for every page: a change is *improved* or *worse* only when it reaches the measure's
threshold (``reference.MeasureRule.threshold``) in the better or the worse direction; a smaller
change is *within measurement variation*; a change in a measure without an accepted threshold
is *not judged*. Case pages, the results page and the protocol pages all count with
``judge``, so no page can call better what another calls noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from generator.content import vocab
from generator.content.i18n import N_, _, ngettext
from generator.content.models import Assessment, Case
from generator.content.reference import MeasureRule, Reference

Verdict = Literal["improved", "worse", "within", "toward_better", "toward_worse", "unchanged"]

VERDICT_WORDS: dict[Verdict, str] = {
    "improved": N_("improved"),
    "worse": N_("worse"),
    "within": N_("within measurement variation"),
    "toward_better": N_("better direction; no accepted threshold for how much counts"),
    "toward_worse": N_("worse direction; no accepted threshold for how much counts"),
    "unchanged": N_("no change"),
}

BETTER_WORDS = {
    "higher": N_("higher is better"),
    "lower": N_("lower is better"),
    "caudal": N_("further down the spine means more function"),
}
# The units of the packaged reference tables (measures.yml), so a page can say them in its
# language; a site's own unit is shown as written.
UNIT_WORDS = (N_("points"), N_("levels"), N_("steps"), N_("grade"))

# The graded measures' values in order (levels from the top of the spine down).
_ORDERS: dict[str, tuple[str, ...]] = {
    "ais": vocab.ASSESSED_GRADES,
    "ashworth": vocab.ASHWORTH_ORDER,
    "level": vocab.LEVELS,
}


def position(measure: str, value: int | str) -> int:
    """Return where ``value`` stands on its measure's scale, as a number."""
    order = _ORDERS.get(measure)
    if order is not None:
        return order.index(str(value))
    assert isinstance(value, int)
    return value


def toward_better(rule: MeasureRule, measure: str, first: int | str, last: int | str) -> int:
    """Return the change from ``first`` to ``last``, positive in the better direction."""
    delta = position(measure, last) - position(measure, first)
    return -delta if rule.better == "lower" else delta


def judge(rule: MeasureRule, steps: int) -> Verdict:
    """Judge a change of ``steps`` toward better (negative: toward worse) by ``rule``."""
    if steps == 0:
        return "unchanged"
    if rule.threshold is None:
        if rule.noise is not None and abs(steps) < rule.noise:
            return "within"
        return "toward_better" if steps > 0 else "toward_worse"
    if abs(steps) < rule.threshold:
        return "within"
    return "improved" if steps > 0 else "worse"


def threshold_words(rule: MeasureRule) -> str:
    """Describe a rule's threshold for a table: ``4 points`` or ``none accepted``."""
    if rule.threshold is not None:
        return f"{rule.threshold:g} {_(rule.unit)}"
    if rule.noise is not None:
        return _("none accepted (under {noise:g} {unit}: measurement variation)").format(
            noise=rule.noise, unit=_(rule.unit)
        )
    return _("none accepted")


@dataclass(frozen=True)
class MeasuredChange:
    """One measure, compared between the baseline and the latest assessment.

    Attributes:
        measure: The measure's name, such as ``uems``.
        label: Its display name.
        baseline: The baseline value, as written.
        latest: The latest value, as written.
        change: The change in the measure's own terms (``+1``, ``moved down 1 level``).
        steps: The change, positive toward better.
        verdict: What the change means by the reference table.
        threshold: The threshold, in words.
        scale: The scale and which way is better.
    """

    measure: str
    label: str
    baseline: str
    latest: str
    change: str
    steps: int
    verdict: Verdict
    threshold: str
    scale: str

    @property
    def meaning(self) -> str:
        """The verdict in words, in the language spoken."""
        return _(VERDICT_WORDS[self.verdict])


def compare(baseline: Assessment, latest: Assessment, reference: Reference) -> list[MeasuredChange]:
    """Compare every measure recorded both at baseline and at the latest assessment."""
    rows = []
    for measure in vocab.MEASURES:
        first, last = getattr(baseline, measure), getattr(latest, measure)
        if first is not None and last is not None:
            rows.append(_row(measure, first, last, reference.measures[measure]))
    return rows


def better_words(measure: str, rule: MeasureRule) -> str:
    """Say which way is better in a measure's own terms: ``toward E is better`` for grades."""
    order = _ORDERS.get(measure)
    if order is None or rule.better == "caudal":
        return _(BETTER_WORDS[rule.better])
    best = order[-1] if rule.better == "higher" else order[0]
    return _("toward {best} is better").format(best=best)


def measure_label(measure: str) -> str:
    """Return the display name of a measure, such as ``AIS grade``, in the language spoken."""
    if measure in vocab.SCALES:
        return _(vocab.SCALES[measure][0])
    return _(vocab.GRADED[measure][0])


def _scale(measure: str) -> str:
    if measure in vocab.SCALES:
        _label, low, high = vocab.SCALES[measure]
        return f"{low}-{high}"
    return vocab.GRADED[measure][1]


def _row(measure: str, first: int | str, last: int | str, rule: MeasureRule) -> MeasuredChange:
    steps = toward_better(rule, measure, first, last)
    return MeasuredChange(
        measure=measure,
        label=measure_label(measure),
        baseline=str(first),
        latest=str(last),
        change=_change_words(measure, position(measure, last) - position(measure, first)),
        steps=steps,
        verdict=judge(rule, steps),
        threshold=threshold_words(rule),
        scale=f"{_scale(measure)}, {better_words(measure, rule)}",
    )


def _change_words(measure: str, delta: int) -> str:
    if delta == 0:
        return _("no change")
    if measure == "level":
        if delta > 0:
            words = ngettext("moved down {n} level", "moved down {n} levels", delta)
        else:
            words = ngettext("moved up {n} level", "moved up {n} levels", -delta)
        return words.format(n=abs(delta))
    signed, size = f"{delta:+d}", abs(delta)
    if measure == "ais":
        return ngettext("{n} grade", "{n} grades", size).format(n=signed)
    if measure == "ashworth":
        return ngettext("{n} step", "{n} steps", size).format(n=signed)
    return signed


def baseline_and_latest(case: Case) -> tuple[Assessment, Assessment | None]:
    """Return a case's baseline assessment and its latest later one, if it has any."""
    baseline = case.assessments[0]
    later = [a for a in case.assessments[1:] if case.week(a) > case.week(baseline)]
    return baseline, (max(later, key=case.week) if later else None)


@dataclass(frozen=True)
class MeasureSummary:
    """How the cases' measured changes in one measure read by the reference table.

    Attributes:
        measure: The measure's name.
        label: Its display name.
        total: Every case summarised.
        measured: Cases with the measure at baseline and at a later assessment.
        better: Changes that reach the threshold toward better or, for a measure without
            one, changes toward better beyond measurement variation (``judged`` tells which).
        steady: No change, or a change within measurement variation.
        worse: Like ``better``, toward worse.
        judged: Whether the measure has an accepted threshold.
        threshold: The threshold, in words.
    """

    measure: str
    label: str
    total: int
    measured: int
    better: int
    steady: int
    worse: int
    judged: bool
    threshold: str


def summarise_measures(cases: Sequence[Case], reference: Reference) -> list[MeasureSummary]:
    """Judge every case's baseline-to-latest change in each measure, by the same rule."""
    verdicts: dict[str, list[Verdict]] = {measure: [] for measure in vocab.MEASURES}
    for case in cases:
        for measure, verdict in case_verdicts(case, reference):
            verdicts[measure].append(verdict)
    return [_summary(m, verdicts[m], len(cases), reference) for m in vocab.MEASURES]


# The verdicts of each case, by case id: the results page and every protocol page summarise the
# same cases in several groups, and a preview reload summarises them all again.
_VERDICTS: dict[str, tuple[Case, str, tuple[tuple[str, Verdict], ...]]] = {}


def case_verdicts(case: Case, reference: Reference) -> tuple[tuple[str, Verdict], ...]:
    """Return ``(measure, verdict)`` for each measure compared in ``case``, computed once."""
    cached = _VERDICTS.get(case.id)
    if cached is not None and cached[0] is case and cached[1] == reference.key:
        return cached[2]
    baseline, latest = baseline_and_latest(case)
    rows = compare(baseline, latest, reference) if latest is not None else []
    verdicts = tuple((row.measure, row.verdict) for row in rows)
    _VERDICTS[case.id] = (case, reference.key, verdicts)
    return verdicts


def _summary(measure: str, verdicts: list[Verdict], total: int, ref: Reference) -> MeasureSummary:
    return MeasureSummary(
        measure=measure,
        label=measure_label(measure),
        total=total,
        measured=len(verdicts),
        better=verdicts.count("improved") + verdicts.count("toward_better"),
        steady=verdicts.count("within") + verdicts.count("unchanged"),
        worse=verdicts.count("worse") + verdicts.count("toward_worse"),
        judged=ref.measures[measure].threshold is not None,
        threshold=threshold_words(ref.measures[measure]),
    )
