"""What a page shows of a case, computed once so templates only lay it out.

Privacy rules live here too: exact dates become weeks, months and years; ages from 90 show as
``90+``; the consent record is never exposed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content import vocab
from generator.content.fields import PartialDate
from generator.content.models import Assessment, Case, Protocol

ASHWORTH_ORDER = ("0", "1", "1+", "2", "3", "4")


def shown_age(age: int) -> str:
    """Return the age as published: ``90+`` from 90 up, so the oldest stay unidentifiable."""
    return "90+" if age >= 90 else str(age)


def months_between(injury: PartialDate, start: dt.date) -> int | None:
    """Return whole months from injury to treatment, or ``None`` when only the year is known."""
    if injury.month is None:
        return None
    months = (start.year - injury.year) * 12 + (start.month - injury.month)
    if injury.day is not None and start.day < injury.day:
        months -= 1
    return max(months, 0)


def time_to_treatment(injury: PartialDate, start: dt.date) -> str:
    """Describe the time from injury to first treatment in whole months or years."""
    months = months_between(injury, start)
    if months is None:
        years = start.year - injury.year
        return "less than a year" if years == 0 else f"about {_plural(years, 'year')}"
    if months < 24:
        return _plural(months, "month")
    return _plural(months // 12, "year")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class Comparison:
    """One row of the before/after table."""

    label: str
    baseline: str
    latest: str
    change: str
    scale: str


def _numeric_row(name: str, first: int, last: int) -> Comparison:
    label, low, high, higher_is_better = vocab.SCALES[name]
    delta = last - first
    change = "no change" if delta == 0 else f"{delta:+d}"
    if delta != 0:
        better = (delta > 0) == higher_is_better
        change += " (better)" if better else " (worse)"
    scale = f"{low}-{high}" + ("" if higher_is_better else ", lower is better")
    return Comparison(label, str(first), str(last), change, scale)


def _grade_row(label: str, first: str, last: str, order: tuple[str, ...], scale: str) -> Comparison:
    step = order.index(last) - order.index(first)
    change = "no change" if step == 0 else ("higher" if step > 0 else "lower")
    return Comparison(label, first, last, change, scale)


def compare(baseline: Assessment, latest: Assessment) -> list[Comparison]:
    """Compare every measure recorded both at baseline and at the latest assessment."""
    rows: list[Comparison] = []
    if baseline.ais and latest.ais:
        rows.append(_grade_row("AIS grade", baseline.ais, latest.ais, vocab.ASSESSED_GRADES, "A-E"))
    if baseline.level and latest.level:
        change = "no change" if baseline.level == latest.level else "changed"
        rows.append(Comparison("Neurological level", baseline.level, latest.level, change, ""))
    for name in vocab.SCALES:
        first, last = getattr(baseline, name), getattr(latest, name)
        if first is not None and last is not None:
            rows.append(_numeric_row(name, first, last))
    if baseline.ashworth and latest.ashworth:
        rows.append(
            _grade_row(
                "Modified Ashworth (spasticity)",
                baseline.ashworth,
                latest.ashworth,
                ASHWORTH_ORDER,
                "0-4, lower is better",
            )
        )
    return rows


@dataclass(frozen=True)
class SessionRow:
    """One row of the sessions table."""

    week: int
    route: str
    cells: str
    dose: str


@dataclass(frozen=True)
class EventRow:
    """One timeline or adverse event, placed in weeks."""

    week: int
    label: str
    change: str
    source: str
    text: str


@dataclass(frozen=True)
class CaseView:
    """Everything a case page shows, already in display form."""

    case: Case
    protocol: Protocol
    age: str
    country: str
    region: str
    ais_meaning: str
    completeness: str
    cause: str
    injury_year: int
    treated_year: int
    time_to_treatment: str
    sessions: list[SessionRow]
    baseline_week: int
    latest_week: int | None
    comparisons: list[Comparison]
    timeline: list[EventRow]
    adverse_events: list[EventRow]
    disclosure: str | None


def case_view(case: Case, protocol: Protocol) -> CaseView:
    """Compute the display form of ``case``, which received ``protocol``."""
    baseline = case.assessments[0]
    later = [a for a in case.assessments[1:] if case.week(a) > case.week(baseline)]
    latest = max(later, key=case.week) if later else None
    return CaseView(
        case=case,
        protocol=protocol,
        age=shown_age(case.patient.age),
        country=vocab.country_label(case.patient.country),
        region=vocab.region(case.injury.level),
        ais_meaning=vocab.AIS_MEANING[case.injury.ais],
        completeness=vocab.completeness(case.injury.ais),
        cause=vocab.CAUSE_WORDS[case.injury.cause],
        injury_year=case.injury.date.year,
        treated_year=case.treatment.start.year,
        time_to_treatment=time_to_treatment(case.injury.date, case.treatment.start),
        sessions=_sessions(case),
        baseline_week=case.week(baseline),
        latest_week=case.week(latest) if latest else None,
        comparisons=compare(baseline, latest) if latest else [],
        timeline=_timeline(case),
        adverse_events=_adverse_events(case),
        disclosure=vocab.CONNECTION_DISCLOSURES.get(case.consent.connection),
    )


def _sessions(case: Case) -> list[SessionRow]:
    rows = [
        SessionRow(
            case.week(s),
            vocab.ROUTE_WORDS[s.route],
            vocab.CELL_WORDS[s.cells],
            f"{s.dose_million:g} million cells" if s.dose_million else "not recorded",
        )
        for s in case.treatment.sessions
    ]
    return sorted(rows, key=lambda r: r.week)


def _timeline(case: Case) -> list[EventRow]:
    rows = [
        EventRow(
            case.week(e),
            vocab.DOMAIN_WORDS[e.domain],
            vocab.CHANGE_WORDS[e.change],
            vocab.SOURCE_WORDS[e.source],
            e.text,
        )
        for e in case.timeline
    ]
    return sorted(rows, key=lambda r: r.week)


def _adverse_events(case: Case) -> list[EventRow]:
    rows = [
        EventRow(case.week(e), e.severity, "", "", e.text) for e in case.treatment.adverse_events
    ]
    return sorted(rows, key=lambda r: r.week)


@dataclass(frozen=True)
class CardView:
    """What a case card and a recent-patients entry show."""

    case: Case
    name: str
    level: str
    region: str
    ais: str
    completeness: str
    country: str
    protocol: str
    age: str
    treated_year: int
    draft: bool


def card_view(case: Case, protocol: Protocol) -> CardView:
    """Compute the display form of ``case`` for a card or a list entry."""
    return CardView(
        case=case,
        name=case.patient.name,
        level=case.injury.level,
        region=vocab.region(case.injury.level),
        ais=case.injury.ais,
        completeness=vocab.completeness(case.injury.ais),
        country=vocab.country_label(case.patient.country),
        protocol=protocol.name,
        age=shown_age(case.patient.age),
        treated_year=case.treatment.start.year,
        draft=case.status != "published",
    )
