"""All cases and protocols together: references between them and what may be published.

No I/O here: the catalog is built from already-loaded models, so the same rules hold for the
MkDocs plugin, the CLI and the tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from generator.catalog.paging import PAGE_SIZE
from generator.content.errors import Problem
from generator.content.i18n import SOURCE_LANGUAGE
from generator.content.load import Sourced
from generator.content.models import Case, Protocol, Timed
from generator.content.reference import Reference, packaged_reference
from generator.content.strict_yaml import FieldPath
from generator.content.translations import Translation

PREVIEW_STATUSES = frozenset({"published", "draft", "review"})


def future_problems(case: Sourced[Case], today: dt.date) -> list[Problem]:
    """Check that nothing in a case happens after ``today``, the build date.

    A treatment that starts in 9999, or an assessment reported for week 26 of a treatment that
    started last month, is a typing mistake that would put made-up facts on the site.
    """
    model = case.model
    start = model.treatment.start
    if start > today:
        return [case.problem(("treatment", "start"), "is after the build date; check the year")]
    weeks_so_far = (today - start).days // 7
    found = []
    for path, entry in _timed_entries(model):
        if model.week(entry) > weeks_so_far:
            where = "date" if entry.date is not None else "week"
            message = f"is after the build date (week {weeks_so_far} of this treatment)"
            found.append(case.problem((*path, where), message))
    return found


def _timed_entries(case: Case) -> list[tuple[FieldPath, Timed]]:
    lists: list[tuple[FieldPath, Sequence[Timed]]] = [
        (("treatment", "sessions"), case.treatment.sessions),
        (("treatment", "adverse_events"), case.treatment.adverse_events),
        (("assessments",), case.assessments),
        (("timeline",), case.timeline),
    ]
    return [
        ((*path, index), entry) for path, entries in lists for index, entry in enumerate(entries)
    ]


@dataclass(frozen=True)
class Dropped:
    """A valid case kept off the site, and why (logged, never published)."""

    id: str
    reason: str


@dataclass(frozen=True)
class Catalog:
    """The cases a build shows and the protocols they reference.

    Attributes:
        cases: Published cases, newest treatment first: every count, index and aggregate.
        protocols: Protocols by id, in id order.
        dropped: Valid cases kept off the site, with the reason.
        today: The date consent was checked against.
        preview: Whether this is a preview (``mkdocs serve``).
        previews: Draft and review cases a preview also shows as pages, newest first; they are
            never counted, so a preview shows the numbers the published site will show.
        reference: The thresholds and natural-recovery rates every change is read against.
        page_size: How many cases a page of the case index or of a facet lists.
        evidence_page: The docs page (``src_uri``) that cites the reference tables' sources
            (it holds ``<!-- casebook:references -->``); ``None`` sends readers to the results
            page, which always lists them.
        language: The language of the case files and hand-written pages.
        languages: The site's other languages: each has its case pages under ``<lang>/``.
        translations: The translations of the cases shown, by language, then case id.
    """

    cases: tuple[Case, ...]
    protocols: dict[str, Protocol]
    today: dt.date
    dropped: tuple[Dropped, ...] = ()
    preview: bool = False
    previews: tuple[Case, ...] = ()
    reference: Reference = field(default_factory=packaged_reference)
    evidence_page: str | None = None
    page_size: int = PAGE_SIZE
    language: str = SOURCE_LANGUAGE
    languages: tuple[str, ...] = ()
    translations: Mapping[str, Mapping[str, Translation]] = field(default_factory=dict)

    @property
    def all_languages(self) -> tuple[str, ...]:
        """Return every language of the site, the case files' first."""
        return (self.language, *self.languages)

    def prefix(self, language: str) -> str:
        """Return the folder of ``language``'s pages: ``""`` for the source, ``es/``..."""
        return "" if language == self.language else f"{language}/"

    def language_of(self, src_uri: str) -> str:
        """Return the language of the docs page ``src_uri``: its folder's, or the site's."""
        return self.split_language(src_uri)[0]

    def split_language(self, src_uri: str) -> tuple[str, str]:
        """Return the language of the docs page ``src_uri`` and its path without that folder.

        ``es/cases/a.md`` is ``("es", "cases/a.md")``; ``cases/a.md`` is the site's language's.
        """
        top, slash, rest = src_uri.partition("/")
        if slash and top in self.languages:
            return top, rest
        return self.language, src_uri

    def translation(self, case_id: str, language: str) -> Translation | None:
        """Return the translation of a shown case into ``language``, if there is one."""
        return self.translations.get(language, {}).get(case_id)

    def with_translations(
        self,
        language: str,
        languages: Sequence[str],
        translations: Mapping[str, Mapping[str, Translation]],
    ) -> Catalog:
        """Return this catalog, in ``language``, in ``languages`` too, with the translations.

        A case kept off the site (withdrawn, consent expired) keeps its translations off too.
        """
        shown = {case.id for case in (*self.cases, *self.previews)}
        kept = {
            code: {i: t for i, t in translations.get(code, {}).items() if i in shown}
            for code in languages
        }
        return dataclasses.replace(
            self, language=language, languages=tuple(languages), translations=kept
        )

    def cases_of(self, protocol_id: str) -> tuple[Case, ...]:
        """Return the published cases that received ``protocol_id``."""
        return tuple(c for c in self.cases if c.treatment.protocol == protocol_id)


def exclusion_reason(case: Case, today: dt.date, preview: bool) -> str | None:
    """Return why ``case`` must stay off the site on ``today``, or ``None`` when it may show."""
    allowed = PREVIEW_STATUSES if preview else frozenset({"published"})
    if case.status not in allowed:
        return f"status is {case.status}"
    consent = case.consent
    if "clinical" not in consent.scope:
        return "consent scope lacks 'clinical'"
    if consent.revoked is not None:
        # Whatever its date: a build dated before the revocation must not publish it again.
        return "consent was revoked"
    if consent.signed > today:
        return "consent is not signed yet"
    if consent.expires <= today:
        return "consent has expired"
    return None


def build_catalog(
    cases: Sequence[Case],
    protocols: Sequence[Protocol],
    *,
    today: dt.date,
    preview: bool = False,
    reference: Reference | None = None,
    page_size: int = PAGE_SIZE,
) -> Catalog:
    """Select the cases that may be shown on ``today`` and order them, newest first.

    Args:
        cases: Every valid case.
        protocols: Every valid protocol.
        today: The build date (from ``SOURCE_DATE_EPOCH`` when set).
        preview: Also show draft and review cases (``mkdocs serve``).
        reference: The reference tables; the packaged ones by default.
        page_size: How many cases a page of the case index or of a facet lists.

    Returns:
        The catalog the pages are rendered from.
    """
    shown, dropped = [], []
    known = {p.id for p in protocols}
    for case in cases:
        reason = exclusion_reason(case, today, preview)
        if reason is None and case.treatment.protocol not in known:
            reason = "its protocol is unknown or invalid"  # reported by cross_file_problems
        if reason is None:
            shown.append(case)
        else:
            dropped.append(Dropped(case.id, reason))
    shown.sort(key=lambda c: (-c.treatment.start.toordinal(), c.id))
    published = tuple(c for c in shown if c.status == "published")
    previews = tuple(c for c in shown if c.status != "published")
    by_id = {p.id: p for p in sorted(protocols, key=lambda p: p.id)}
    return Catalog(
        published,
        by_id,
        today,
        tuple(dropped),
        preview,
        previews,
        reference=reference or packaged_reference(),
        page_size=page_size,
    )
