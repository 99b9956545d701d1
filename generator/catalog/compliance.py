"""Compliance checks of a build: claims in case text and pages, CARE coverage, review dates.

Each check finds located problems; the site's policy says which of them stop a build
(errors) and which are only reported (warnings). ``casebook validate`` and the plugin run the
same checks through `catalog.build.prepare`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.catalog.care import care_problems, sourced_coverage
from generator.catalog.reviews import overdue_problems, reviewed_pages
from generator.content.claims import (
    WORDINGS,
    all_allowances_used,
    case_text_values,
    check_case_text,
    check_page_text,
    may_hold_claims,
    unused_allowances,
)
from generator.content.errors import Problem
from generator.content.load import Sourced
from generator.content.models import Case
from generator.content.pagemeta import PageMeta
from generator.content.strict_yaml import Document, read_text
from generator.content.translations import Translation

Level = Literal["ignore", "warn", "error"]
LEVELS: tuple[Level, ...] = ("ignore", "warn", "error")


@dataclass(frozen=True)
class Policy:
    """What the site's compliance options make of each finding.

    Attributes:
        claims: Risky claims and unused allowances: ``ignore``, ``warn`` (default) or ``error``.
        care_min_coverage: The lowest CARE coverage, in percent, a published case may have;
            0 (default) sets no minimum. Below it, every gap of the case is an error.
        overdue_reviews: Pages past their ``reviewed.next`` date: ``ignore``, ``warn``
            (default) or ``error`` (the build publishes nothing).
    """

    claims: Level = "warn"
    care_min_coverage: int = 0
    overdue_reviews: Level = "warn"


def policy_from(claims: object, care_min_coverage: object, overdue_reviews: object) -> Policy:
    """Make the policy from the plugin's options as written.

    Raises:
        ValueError: An option is not one of its values; the message names it.
    """
    for name, value in (("claims", claims), ("overdue_reviews", overdue_reviews)):
        if value not in LEVELS:
            raise ValueError(f"{name} must be ignore, warn or error, not {value!r}")
    minimum = care_min_coverage
    if isinstance(minimum, bool) or not isinstance(minimum, int) or not 0 <= minimum <= 100:
        raise ValueError(f"care_min_coverage must be a whole number from 0 to 100, not {minimum!r}")
    return Policy(claims, minimum, overdue_reviews)  # type: ignore[arg-type]  # checked above


@dataclass(frozen=True)
class Page:
    """A hand-written Markdown page as the build read it.

    Attributes:
        source: Its name as problems show it.
        src_uri: Its path in the docs folder, as MkDocs names it.
        text: The page as written.
        meta: Its review fields, if it has any.
        language: The language it is written in (the site's, or that of its ``<lang>/``
            folder).
    """

    source: str
    src_uri: str
    text: str
    meta: PageMeta | None = None
    language: str = "en"


@dataclass
class Findings:
    """Problems found by the compliance checks, sorted into errors and warnings."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, level: Level, problems: Sequence[Problem]) -> None:
        """File ``problems`` under ``level`` (``ignore`` drops them)."""
        if level == "error":
            self.errors += problems
        elif level == "warn":
            self.warnings += problems


def check_compliance(
    cases: Sequence[Sourced[Case]],
    published: frozenset[str],
    pages: Sequence[Page],
    today: dt.date,
    policy: Policy,
    translations: Sequence[Translation] = (),
    language: str = "en",
) -> Findings:
    """Run every compliance check the policy turns on.

    The claims check reads each text in its own language, where it knows that language's
    words (``claims.WORDINGS``); a text in another language is not read.

    Args:
        cases: Every valid case file.
        published: The ids of the cases the build publishes (CARE minimum applies to them).
        pages: Every hand-written Markdown page of the docs folder.
        today: The build date.
        policy: The site's options.
        translations: Every valid translation of a case file.
        language: The language of the case files.

    Returns:
        The errors (which stop a build) and the warnings, each sorted.
    """
    findings = Findings()
    if policy.claims != "ignore":
        found = [p for case in cases for p in case_claims(case, language)]
        found += [p for t in translations for p in translation_claims(t)]
        found += [p for page in pages for p in page_claims(page)]
        findings.add(policy.claims, found)
    if policy.care_min_coverage > 0:
        shown = [case for case in cases if case.model.id in published]
        findings.errors += care_minimum_problems(shown, policy.care_min_coverage)
    if policy.overdue_reviews != "ignore":
        reviewed = reviewed_pages(cases, [page.meta for page in pages])
        overdue = overdue_problems(reviewed, today)
        findings.add(policy.overdue_reviews, overdue)
    findings.errors.sort()
    findings.warnings.sort()
    return findings


def case_claims(case: Sourced[Case], language: str = "en") -> list[Problem]:
    """Return the risky claims of a case file's text, and its allowances no longer used.

    ``language`` is the language the case file is written in.
    """
    allowed = tuple(case.model.reviewed_claims or ())
    return _file_claims(case.path, case.source, case.doc, allowed, language)


def translation_claims(translation: Translation) -> list[Problem]:
    """Return the risky claims of a translation's texts, and its allowances no longer used.

    The translation's own ``reviewed_claims`` are its allowances; the case file's are in the
    case file's language.
    """
    if translation.path is None or translation.doc is None:
        return []
    return _file_claims(
        translation.path, translation.source, translation.doc, translation.allowed,
        translation.language,
    )  # fmt: skip


def _file_claims(
    path: Path, source: str, doc: Document, allowed: tuple[str, ...], language: str
) -> list[Problem]:
    read_as = _checked_language(language)
    if read_as is None:
        return []
    # Most cases hold none of the rules' words and still contain every sentence they allow:
    # a look at the loaded values settles them without parsing the file twice more.
    values = case_text_values(doc.data)
    claims = may_hold_claims(values, allowed, read_as)
    stale = not all_allowances_used(values, allowed)
    if not claims and not stale:
        return []
    text, unreadable = read_text(path, source)
    if text is None:
        return unreadable
    found = check_case_text(text, source, allowed, read_as) if claims else []
    unused = unused_allowances(text, allowed, kind="case") if stale else []
    return found + _unused(source, doc, allowed, unused)


def _checked_language(language: str) -> str | None:
    # `pt-br` is read with Portuguese words; a language the check has no words for, not at all.
    base = language.split("-")[0]
    return base if base in WORDINGS else None


def page_claims(page: Page) -> list[Problem]:
    """Return the risky claims of a hand-written page, and its allowances no longer used."""
    read_as = _checked_language(page.language)
    if read_as is None:
        return []
    allowed = page.meta.allowed if page.meta is not None else ()
    found = check_page_text(page.text, page.source, allowed, read_as)
    if page.meta is None or not allowed:
        return found
    unused = unused_allowances(page.text, allowed, kind="page")
    return found + _unused(page.source, page.meta.doc, allowed, unused)


def _unused(
    source: str, doc: Document, allowed: Sequence[str], unused: Sequence[str]
) -> list[Problem]:
    # Each allowance the text no longer holds, at its own line: a reviewer's acceptance of
    # a sentence should not outlive the sentence.
    problems = []
    for number, allowance in enumerate(allowed):
        if allowance in unused:
            line, column = doc.locate(("reviewed_claims", number))
            message = "this sentence is no longer in the text; remove it from reviewed_claims"
            problems.append(Problem(source, line, column, f"reviewed_claims[{number}]", message))
    return problems


def care_minimum_problems(cases: Sequence[Sourced[Case]], minimum: int) -> list[Problem]:
    """Return every gap of each case whose CARE coverage is below ``minimum`` percent."""
    problems = []
    for case in cases:
        report = sourced_coverage(case)
        if report.coverage * 100 < minimum:
            shown = f"CARE coverage {report.coverage:.0%} is below the site's minimum {minimum}%"
            problems.append(Problem(case.source, 1, 1, "(file)", shown))
            problems += care_problems(report)
    return problems
