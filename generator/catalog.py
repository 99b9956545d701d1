"""All cases and protocols together: references between them and what may be published.

No I/O here: the catalog is built from already-loaded models, so the same rules hold for the
MkDocs plugin, the CLI and the tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.errors import Problem
from generator.load import Sourced
from generator.models import Case, Protocol

PREVIEW_STATUSES = frozenset({"published", "draft", "review"})


def cross_file_problems(
    cases: Sequence[Sourced[Case]], protocols: Sequence[Sourced[Protocol]]
) -> list[Problem]:
    """Check what no single file can: unique ids, protocol references and routes.

    Args:
        cases: The cases that are valid on their own.
        protocols: The protocols that are valid on their own.

    Returns:
        Every cross-file problem, located in the case file.
    """
    found: list[Problem] = []
    by_id: dict[str, Sourced[Protocol]] = {}
    for protocol in protocols:
        first = by_id.setdefault(protocol.model.id, protocol)
        if first is not protocol:
            found.append(protocol.problem(("id",), f"duplicate id (also in {first.source})"))
    seen: dict[str, str] = {}
    for case in cases:
        first_source = seen.setdefault(case.model.id, case.source)
        if first_source != case.source:
            found.append(case.problem(("id",), f"duplicate id (also in {first_source})"))
        found += _reference_problems(case, by_id)
    return found


def _reference_problems(
    case: Sourced[Case], protocols: dict[str, Sourced[Protocol]]
) -> list[Problem]:
    name = case.model.treatment.protocol
    protocol = protocols.get(name)
    if protocol is None:
        known = ", ".join(sorted(protocols)) or "none"
        message = f"unknown protocol {name!r} (known: {known})"
        return [case.problem(("treatment", "protocol"), message)]
    return [
        case.problem(path, message) for path, message in protocol.model.problems_with(case.model)
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
    """

    cases: tuple[Case, ...]
    protocols: dict[str, Protocol]
    dropped: tuple[Dropped, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    preview: bool = False
    previews: tuple[Case, ...] = ()

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
    if consent.revoked is not None and consent.revoked <= today:
        return "consent was revoked"
    if consent.signed > today:
        return "consent is not signed yet"
    if consent.expires <= today:
        return "consent has expired"
    return None


def build_catalog(
    cases: Sequence[Case], protocols: Sequence[Protocol], *, today: dt.date, preview: bool = False
) -> Catalog:
    """Select the cases that may be shown on ``today`` and order them, newest first.

    Args:
        cases: Every valid case.
        protocols: Every valid protocol.
        today: The build date (from ``SOURCE_DATE_EPOCH`` when set).
        preview: Also show draft and review cases (``mkdocs serve``).

    Returns:
        The catalog the pages are rendered from.
    """
    shown, dropped = [], []
    for case in cases:
        reason = exclusion_reason(case, today, preview)
        if reason is None:
            shown.append(case)
        else:
            dropped.append(Dropped(case.id, reason))
    shown.sort(key=lambda c: (-c.treatment.start.toordinal(), c.id))
    published = tuple(c for c in shown if c.status == "published")
    previews = tuple(c for c in shown if c.status != "published")
    by_id = {p.id: p for p in sorted(protocols, key=lambda p: p.id)}
    return Catalog(published, by_id, tuple(dropped), today, preview, previews)
