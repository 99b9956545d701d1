"""CARE coverage: which items of the CARE case-report checklist a case file speaks to.

The CARE checklist (Gagnier et al., J Med Case Rep 2013;7:223; the 13 items and their
sub-items as published at care-statement.org, explained in Riley et al., J Clin Epidemiol
2017;89:218-235) is how journals judge a case report. A case page is not a journal article,
but most items have a field here, and each is checked mechanically: present, complete and
consistent, not well written. Abstract, introduction and discussion have no place on a case
page and are reported as not applicable. Sub-items no field can speak to (diagnostic
challenges and reasoning, changes of intervention, adherence) are left to the reviewer.

A missing item names the field to add and where: the position of its parent in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from generator.content.errors import Problem
from generator.content.load import Sourced
from generator.content.models import Assessment, Case
from generator.content.strict_yaml import Document, FieldPath, format_path

Status = Literal["covered", "missing", "not-applicable"]

FOLLOW_UP_WEEKS = 26
"""The shortest follow-up, in weeks after the first session, that counts as an outcome."""

NOT_APPLICABLE = "not applicable to a case page"
# A placeholder left by `casebook new` validates; it does not report anything.
_PLACEHOLDER = "TODO"


@dataclass(frozen=True)
class CareGap:
    """One thing to add or fix for an item to be covered.

    Attributes:
        field: The dotted field to add or fix, such as ``patient.history``.
        line: 1-based line where to add it (its parent's position) or of the value to fix.
        column: 1-based column of that position.
        message: What to do, in an editor's words.
    """

    field: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class CareItem:
    """One CARE checklist item as a case covers it.

    Attributes:
        id: The checklist number, such as ``5c`` or ``10d``.
        title: The item's name in the checklist.
        status: ``covered``, ``missing`` or ``not-applicable``.
        message: What was checked (covered), what to do (missing) or why it does not apply.
        gaps: For a missing item, every field to add or fix, in file order.
    """

    id: str
    title: str
    status: Status
    message: str
    gaps: tuple[CareGap, ...] = ()


@dataclass(frozen=True)
class CareReport:
    """The CARE coverage of one case file.

    Attributes:
        case_id: The case's id.
        source: The file, as problems name it.
        items: Every item of the checklist, in checklist order.
    """

    case_id: str
    source: str
    items: tuple[CareItem, ...]

    @property
    def applicable(self) -> tuple[CareItem, ...]:
        """The items a case page can cover."""
        return tuple(item for item in self.items if item.status != "not-applicable")

    @property
    def covered(self) -> tuple[CareItem, ...]:
        """The items this case covers."""
        return tuple(item for item in self.items if item.status == "covered")

    @property
    def missing(self) -> tuple[CareItem, ...]:
        """The applicable items this case does not cover."""
        return tuple(item for item in self.items if item.status == "missing")

    @property
    def coverage(self) -> float:
        """Covered items as a fraction of applicable ones, from 0.0 to 1.0."""
        return len(self.covered) / len(self.applicable)


@dataclass(frozen=True)
class _Need:
    """A gap before it is located: the field to add and the existing field to point at."""

    add: FieldPath
    at: FieldPath
    message: str


@dataclass(frozen=True)
class _Facts:
    """What the checks read: the case, its field positions and the follow-up wanted."""

    case: Case
    doc: Document
    follow_up_weeks: int

    @property
    def first_session_week(self) -> int:
        return min(self.case.week(session) for session in self.case.treatment.sessions)

    def baselines(self) -> list[tuple[int, Assessment]]:
        """The assessments at or before the first session, with their index."""
        first = self.first_session_week
        found = enumerate(self.case.assessments)
        return [(i, a) for i, a in found if self.case.week(a) <= first]


def _blank(text: str | None) -> bool:
    return text is None or not text.strip() or _PLACEHOLDER in text


def _text_need(text: str | None, add: FieldPath, at: FieldPath, what: str) -> list[_Need]:
    """Need ``add`` when ``text`` is absent, blank or still a placeholder."""
    if text is not None and _PLACEHOLDER in text:
        return [_Need(add, add, f"replace the {_PLACEHOLDER} placeholder with {what}")]
    if _blank(text):
        return [_Need(add, at, f"add {format_path(add)}: {what}")]
    return []


# --- the checks: each returns what is needed for its item, nothing when it is covered --------


def _title(facts: _Facts) -> list[_Need]:
    headline = facts.case.headline
    return _text_need(headline, ("headline",), ("headline",), "what changed, in one line")


def _key_words(facts: _Facts) -> list[_Need]:
    # The model requires both; checked so that the item says what stands for key words.
    injury = facts.case.injury
    missing = [name for name in ("level", "ais") if not getattr(injury, name)]
    return [_Need(("injury", name), ("injury",), f"add injury.{name}") for name in missing]


def _demographics(facts: _Facts) -> list[_Need]:
    # Age and country are required; `sex` defaults to undisclosed, so only a written value
    # (undisclosed included: a choice the patient made) shows it was asked.
    if ("patient", "sex") in facts.doc.marks:
        return []
    message = "add patient.sex: female, male, other, or undisclosed when the patient prefers"
    return [_Need(("patient", "sex"), ("patient",), message)]


def _concerns(facts: _Facts) -> list[_Need]:
    what = "daily life and symptoms before treatment"
    return _text_need(facts.case.before, ("before",), ("before",), what)


def _history(facts: _Facts) -> list[_Need]:
    what = "relevant medical history and other conditions (plain text, up to 1,000 characters)"
    return _text_need(facts.case.patient.history, ("patient", "history"), ("patient",), what)


def _past_interventions(facts: _Facts) -> list[_Need]:
    prior = facts.case.treatment.prior
    if prior is None:
        what = "a list of interventions before this treatment and their results, [] for none"
        return [_Need(("treatment", "prior"), ("treatment",), f"add treatment.prior: {what}")]
    what = "an intervention before this treatment and its result"
    return [
        need
        for index, item in enumerate(prior)
        for need in _text_need(item, ("treatment", "prior", index), ("treatment", "prior"), what)
    ]


def _clinical_findings(facts: _Facts) -> list[_Need]:
    if facts.baselines():
        return []
    week = facts.first_session_week
    message = f"add a baseline assessment at week {week} (the first session) or before"
    return [_Need(("assessments",), ("assessments",), message)]


def _timeline(facts: _Facts) -> list[_Need]:
    weeks = [facts.case.week(event) for event in facts.case.timeline]
    for index in range(1, len(weeks)):
        if weeks[index] < weeks[index - 1]:
            message = (
                f"timeline[{index}] (week {weeks[index]}) comes after week {weeks[index - 1]}: "
                "order the timeline by week"
            )
            return [_Need(("timeline", index), ("timeline", index), message)]
    return []


def _diagnosis(facts: _Facts) -> list[_Need]:
    baselines = facts.baselines()
    if not baselines:
        message = "add a baseline assessment with ais and level (the examination before treatment)"
        return [_Need(("assessments",), ("assessments",), message)]
    if any(a.ais is not None and a.level is not None for _, a in baselines):
        return []
    index, assessment = baselines[-1]
    names = [name for name in ("ais", "level") if getattr(assessment, name) is None]
    at: FieldPath = ("assessments", index)
    message = "add {} to the baseline assessment: the AIS grade and level it found"
    return [_Need((*at, name), at, message.format(name)) for name in names]


def _intervention_types(facts: _Facts) -> list[_Need]:
    # The model requires cells and route for every session; the item is covered by them.
    return []


def _administration(facts: _Facts) -> list[_Need]:
    needs = [
        _Need(
            ("treatment", "sessions", index, "dose_million"),
            ("treatment", "sessions", index),
            "add dose_million: the number of cells given, in millions",
        )
        for index, session in enumerate(facts.case.treatment.sessions)
        if session.dose_million is None
    ]
    if facts.case.treatment.rehab_hours_per_week is None:
        message = "add treatment.rehab_hours_per_week: rehabilitation alongside, 0-60 (0 if none)"
        needs.append(_Need(("treatment", "rehab_hours_per_week"), ("treatment",), message))
    return needs


def _follow_up(facts: _Facts) -> list[_Need]:
    baseline = {index for index, _ in facts.baselines()}
    later = [facts.case.week(a) for i, a in enumerate(facts.case.assessments) if i not in baseline]
    wanted = facts.follow_up_weeks
    if not later:
        message = f"add a follow-up assessment after the baseline, at week {wanted} or later"
    elif max(later) < wanted:
        latest = max(later)
        message = f"add an assessment at week {wanted} or later (the latest is at week {latest})"
    else:
        return []
    return [_Need(("assessments",), ("assessments",), message)]


def _adverse_events(facts: _Facts) -> list[_Need]:
    # adverse_events itself is required: a list, or [] for none reported.
    what = "how adverse events were looked for, such as calls at 24 h and 7 days"
    path = ("treatment", "adverse_event_monitoring")
    return _text_need(facts.case.treatment.adverse_event_monitoring, path, ("treatment",), what)


def _perspective(facts: _Facts) -> list[_Need]:
    case = facts.case
    if _blank(case.story) and _blank(case.quote):
        message = "add story (above consent): the patient's own account; needs quote in scope"
        return [_Need(("story",), ("consent",), message)]
    if "quote" not in case.consent.scope:
        message = "add quote to consent.scope: the patient's words need their consent"
        return [_Need(("consent", "scope"), ("consent", "scope"), message)]
    return []


def _consent(facts: _Facts) -> list[_Need]:
    consent = facts.case.consent
    needs = _text_need(consent.form, ("consent", "form"), ("consent",), "the consent reference")
    if "clinical" not in consent.scope:
        message = "add clinical to consent.scope: consent to publish the clinical details"
        needs.append(_Need(("consent", "scope"), ("consent", "scope"), message))
    if consent.revoked is not None:
        message = "consent was revoked: the case may not be published"
        needs.append(_Need(("consent", "revoked"), ("consent", "revoked"), message))
    return needs


Check = Callable[[_Facts], list[_Need]]

# (CARE number, title, what Casebook checks, the check; None: not applicable, with the reason)
CHECKS: tuple[tuple[str, str, str, Check | None], ...] = (
    ("1", "Title", "headline present", _title),
    ("2", "Key words", "injury level and AIS grade recorded", _key_words),
    ("3", "Abstract", "a case page has no abstract; headline, before and after stand in", None),
    ("4", "Introduction", "background from the literature belongs on protocol pages", None),
    ("5a", "Patient information: demographics", "age, sex and country recorded", _demographics),
    ("5b", "Patient information: main concerns", "life before treatment described", _concerns),
    ("5c", "Patient information: history", "medical history recorded", _history),
    ("5d", "Patient information: past interventions", "prior interventions listed",
     _past_interventions),
    ("6", "Clinical findings", "a baseline assessment at or before the first session",
     _clinical_findings),
    ("7", "Timeline", "timeline events in week order", _timeline),
    ("8a", "Diagnostic assessment: methods", "AIS grade and level from the baseline examination",
     _diagnosis),
    ("9a", "Therapeutic intervention: types", "cells and route of every session",
     _intervention_types),
    ("9b", "Therapeutic intervention: administration",
     "dose of every session and rehabilitation hours a week", _administration),
    ("10a", "Follow-up and outcomes: outcomes",
     "an assessment after the baseline, at week {weeks} or later", _follow_up),
    ("10d", "Follow-up and outcomes: adverse events",
     "adverse events listed or none, and how they were looked for", _adverse_events),
    ("11", "Discussion", "discussion of the literature and conclusions is not case data", None),
    ("12", "Patient perspective", "the patient's story or quote, with quote consent",
     _perspective),
    ("13", "Informed consent", "a consent record with clinical scope, not revoked", _consent),
)  # fmt: skip


def care_coverage(
    case: Case, positions: Document, source: str, *, follow_up_weeks: int = FOLLOW_UP_WEEKS
) -> CareReport:
    """Check a case against the CARE checklist.

    Args:
        case: The validated case.
        positions: The parsed file it came from, for the position of every field.
        source: The file's name as problems show it, such as ``cases/maya-r-t11.yml``.
        follow_up_weeks: The shortest follow-up that counts, in weeks after the first session.

    Returns:
        Every checklist item, covered, missing (with where to add what) or not applicable.
    """
    facts = _Facts(case, positions, follow_up_weeks)
    items = tuple(
        _item(number, title, checks, check, facts) for number, title, checks, check in CHECKS
    )
    return CareReport(case.id, source, items)


def sourced_coverage(case: Sourced[Case], *, follow_up_weeks: int = FOLLOW_UP_WEEKS) -> CareReport:
    """Check a case as a project loads it (``ProjectLoader().load(layout).cases``)."""
    return care_coverage(case.model, case.doc, case.source, follow_up_weeks=follow_up_weeks)


def care_reports(
    cases: Iterable[Sourced[Case]], *, follow_up_weeks: int = FOLLOW_UP_WEEKS
) -> list[CareReport]:
    """Check every loaded case, in file order."""
    ordered = sorted(cases, key=lambda sourced: sourced.source)
    return [sourced_coverage(case, follow_up_weeks=follow_up_weeks) for case in ordered]


def _item(number: str, title: str, checks: str, check: Check | None, facts: _Facts) -> CareItem:
    if check is None:
        return CareItem(number, title, "not-applicable", f"{NOT_APPLICABLE}: {checks}")
    needs = check(facts)
    if not needs:
        return CareItem(number, title, "covered", checks.format(weeks=facts.follow_up_weeks))
    gaps = tuple(sorted((_located(n, facts.doc) for n in needs), key=_position))
    return CareItem(number, title, "missing", "; ".join(gap.message for gap in gaps), gaps)


def _position(gap: CareGap) -> tuple[int, int]:
    return (gap.line, gap.column)


def _located(need: _Need, doc: Document) -> CareGap:
    line, column = doc.locate(need.at)
    return CareGap(format_path(need.add), line, column, need.message)


def care_problems(report: CareReport) -> list[Problem]:
    """Return one located problem for every gap of every missing item (GitHub annotations)."""
    return [
        Problem(
            report.source,
            gap.line,
            gap.column,
            gap.field,
            f"CARE {item.id} ({item.title}): {gap.message}",
        )
        for item in report.missing
        for gap in item.gaps
    ]
