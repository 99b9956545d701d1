"""Numbers computed across cases: outcomes by area, weeks to first improvement, site counts.

Pure functions of the cases they are given (no I/O): callers pass ``catalog.cases``, which holds
only what a build may show. Every case passed in is counted, including those without any
improvement, so every number comes with its denominator.

Quartiles use ``statistics.quantiles(method="inclusive")``: linear interpolation between the
closest ranks, with the smallest and largest value as the 0th and 100th percentile (the same as
Excel's ``QUARTILE.INC`` and NumPy's default). With one value, the median and both quartiles are
that value.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.content import vocab
from generator.content.i18n import N_
from generator.content.models import Case

QUARTILE_METHOD = N_(
    "median and quartiles by linear interpolation between the closest ranks "
    '(Python statistics.quantiles, method "inclusive", the same as Excel QUARTILE.INC)'
)


@dataclass(frozen=True)
class Spread:
    """The median and interquartile range of some weeks.

    Attributes:
        q1: The 25th percentile.
        median: The 50th percentile.
        q3: The 75th percentile.
    """

    q1: float
    median: float
    q3: float


def spread(values: Sequence[int]) -> Spread | None:
    """Return the median and quartiles of ``values``, or ``None`` when there are none."""
    if not values:
        return None
    if len(values) == 1:
        only = float(values[0])
        return Spread(only, only, only)
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(q1, median, q3)


@dataclass(frozen=True)
class DomainSummary:
    """What the cases reported in one area (domain), such as bladder.

    Attributes:
        domain: The domain value, such as ``bladder``.
        label: Its display name.
        total: Every case summarised, whether or not it reported on this area.
        reported: Cases with at least one timeline entry in this area.
        improved: Cases with at least one ``improved`` entry in this area.
        no_change: Cases whose every entry in this area says ``no_change``.
        worsened: Cases with at least one ``worsened`` entry (a case can also have improved).
        weeks: Each improved case's week of first improvement, sorted.
        spread: Median and interquartile range of ``weeks``, ``None`` when nobody improved.
    """

    domain: vocab.Domain
    label: str
    total: int
    reported: int
    improved: int
    no_change: int
    worsened: int
    weeks: tuple[int, ...]
    spread: Spread | None


def first_improvement_week(case: Case, domain: str) -> int | None:
    """Return the earliest week ``case`` reported an improvement in ``domain``, if it did."""
    weeks = [case.week(e) for e in case.timeline if e.domain == domain and e.change == "improved"]
    return min(weeks) if weeks else None


def improvement_weeks(cases: Iterable[Case]) -> list[int]:
    """Return every week of first improvement of ``cases``, in any area (for chart scales)."""
    weeks = (first_improvement_week(c, d) for c in cases for d in vocab.DOMAINS)
    return [w for w in weeks if w is not None]


def summarise_domain(cases: Sequence[Case], domain: vocab.Domain) -> DomainSummary:
    """Summarise what ``cases`` reported in ``domain``."""
    reported = improved = no_change = worsened = 0
    weeks: list[int] = []
    for case in cases:
        changes = {e.change for e in case.timeline if e.domain == domain}
        if not changes:
            continue
        reported += 1
        improved += "improved" in changes
        worsened += "worsened" in changes
        no_change += changes == {"no_change"}
        week = first_improvement_week(case, domain)
        if week is not None:
            weeks.append(week)
    weeks.sort()
    return DomainSummary(
        domain=domain,
        label=vocab.DOMAIN_WORDS[domain],
        total=len(cases),
        reported=reported,
        improved=improved,
        no_change=no_change,
        worsened=worsened,
        weeks=tuple(weeks),
        spread=spread(weeks),
    )


def summarise(cases: Sequence[Case]) -> list[DomainSummary]:
    """Summarise ``cases`` in every domain, in the vocabulary's order."""
    return [summarise_domain(cases, domain) for domain in vocab.DOMAINS]


def with_ais(cases: Iterable[Case], grade: str) -> list[Case]:
    """Return the cases whose injury was graded ``grade`` before treatment."""
    return [c for c in cases if c.injury.ais == grade]


def format_week(value: float) -> str:
    """Format a week for display: whole weeks plainly, otherwise to one decimal (``7.5``)."""
    return f"{round(value, 1):g}"


@dataclass(frozen=True)
class SiteCounts:
    """The headline counts of a site.

    Attributes:
        cases: Published cases.
        countries: Distinct countries of those patients.
        protocols: Protocols the site describes.
        protocols_used: Protocols at least one published case received.
    """

    cases: int
    countries: int
    protocols: int
    protocols_used: int


def site_counts(cases: Sequence[Case], protocol_ids: Iterable[str]) -> SiteCounts:
    """Count the published cases, their countries and the protocols."""
    return SiteCounts(
        cases=len(cases),
        countries=len({c.patient.country for c in cases}),
        protocols=len(set(protocol_ids)),
        protocols_used=len({c.treatment.protocol for c in cases}),
    )


def most_recent(cases: Iterable[Case], count: int) -> list[Case]:
    """Return the ``count`` cases treated most recently, newest first (ties by id)."""
    ordered = sorted(cases, key=lambda c: (c.treatment.start, c.id), reverse=True)
    return ordered[:count]
