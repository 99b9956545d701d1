"""What a page shows of a case, computed once so templates only lay it out.

Privacy rules live here too: exact dates become weeks, months and years; ages from 90 show as
``90+``; the consent record is never exposed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.catalog.changes import MeasuredChange, baseline_and_latest, compare
from generator.catalog.recovery import RateNote, case_notes
from generator.catalog.timing import time_to_treatment
from generator.content import vocab
from generator.content.i18n import _
from generator.content.models import Case, Protocol
from generator.content.reference import Reference
from generator.content.strict_yaml import FieldPath


def shown_age(age: int) -> str:
    """Return the age as published: ``90+`` from 90 up, so the oldest stay unidentifiable."""
    return "90+" if age >= 90 else str(age)


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
    lang: str = ""  # the language of `text`, when it is not the page's (an untranslated text)


# Tells the language of a case text shown on a page in another language: "" when translated.
Untranslated = Callable[[FieldPath], str]


def _translated(path: FieldPath) -> str:
    return ""


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
    changes: list[MeasuredChange]
    natural: list[RateNote]
    timeline: list[EventRow]
    adverse_events: list[EventRow]
    disclosure: str | None


def case_view(
    case: Case,
    protocol: Protocol,
    reference: Reference,
    untranslated: Untranslated = _translated,
) -> CaseView:
    """Compute the display form of ``case``, which received ``protocol``, in the language spoken.

    Measured changes are read against ``reference``; a change of AIS grade comes with the
    natural-recovery rates for its grade and phase. On a page in another language than the
    case file's, ``untranslated`` gives the language of each text the translation lacks.
    """
    baseline, latest = baseline_and_latest(case)
    return CaseView(
        case=case,
        protocol=protocol,
        age=shown_age(case.patient.age),
        country=vocab.country_label(case.patient.country),
        region=_(vocab.region(case.injury.level)),
        ais_meaning=_(vocab.AIS_MEANING[case.injury.ais]),
        completeness=_(vocab.completeness(case.injury.ais)),
        cause=_(vocab.CAUSE_WORDS[case.injury.cause]),
        injury_year=case.injury.date.year,
        treated_year=case.treatment.start.year,
        time_to_treatment=time_to_treatment(case.injury.date, case.treatment.start),
        sessions=_sessions(case),
        baseline_week=case.week(baseline),
        latest_week=case.week(latest) if latest else None,
        changes=compare(baseline, latest, reference) if latest else [],
        natural=case_notes(case, reference),
        timeline=_timeline(case, untranslated),
        adverse_events=_adverse_events(case, untranslated),
        disclosure=_disclosure(case),
    )


def _disclosure(case: Case) -> str | None:
    words = vocab.CONNECTION_DISCLOSURES.get(case.consent.connection)
    return _(words) if words else None


def _sessions(case: Case) -> list[SessionRow]:
    rows = [
        SessionRow(
            case.week(s),
            _(vocab.ROUTE_WORDS[s.route]),
            _(vocab.CELL_WORDS[s.cells]),
            _("{dose:g} million cells").format(dose=s.dose_million)
            if s.dose_million
            else _("not recorded"),
        )
        for s in case.treatment.sessions
    ]
    return sorted(rows, key=lambda r: r.week)


def _timeline(case: Case, untranslated: Untranslated) -> list[EventRow]:
    rows = [
        EventRow(
            case.week(e),
            _(vocab.DOMAIN_WORDS[e.domain]),
            _(vocab.CHANGE_WORDS[e.change]),
            _(vocab.SOURCE_WORDS[e.source]),
            e.text,
            untranslated(("timeline", index, "text")),
        )
        for index, e in enumerate(case.timeline)
    ]
    return sorted(rows, key=lambda r: r.week)


def _adverse_events(case: Case, untranslated: Untranslated) -> list[EventRow]:
    rows = [
        EventRow(
            case.week(e),
            _(vocab.SEVERITY_WORDS[e.severity]),
            "",
            "",
            e.text,
            untranslated(("treatment", "adverse_events", index, "text")),
        )
        for index, e in enumerate(case.treatment.adverse_events)
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
        region=_(vocab.region(case.injury.level)),
        ais=case.injury.ais,
        completeness=_(vocab.completeness(case.injury.ais)),
        country=vocab.country_label(case.patient.country),
        protocol=protocol.name,
        age=shown_age(case.patient.age),
        treated_year=case.treatment.start.year,
        draft=case.status != "published",
    )
