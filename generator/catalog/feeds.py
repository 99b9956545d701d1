"""What the feeds of new cases say: one entry per published case, newest first.

Each entry carries what a case page discloses beside the story: the protocol's regulatory
status and generally expected results, the time from injury to treatment, the adverse events
(or "none reported"), and a paid or discounted treatment. It names no date of the patient's
care: the entry is dated by the case's ``published`` day, when the site first showed it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.catalog.addresses import case_page_uri, page_address
from generator.catalog.selection import Catalog
from generator.catalog.timing import time_to_treatment
from generator.catalog.views import shown_age
from generator.content import vocab
from generator.content.models import Case, Protocol


@dataclass(frozen=True)
class FeedEntry:
    """One case in the feeds.

    Attributes:
        id: The case's id.
        address: The case page's address, relative to the site's root (``cases/x/``).
        title: The case's headline.
        published: The day the case was first published, if its file says.
        text: Plain text: who, what, and every disclosure.
    """

    id: str
    address: str
    title: str
    published: dt.date | None
    text: str


def feed_entries(catalog: Catalog) -> list[FeedEntry]:
    """Return an entry per published case: newest ``published`` first, undated ones last."""
    entries = [_entry(case, catalog.protocols[case.treatment.protocol]) for case in catalog.cases]
    dated = sorted((e for e in entries if e.published), key=lambda e: (e.published, e.id))
    undated = sorted((e for e in entries if not e.published), key=lambda e: e.id)
    return [*reversed(dated), *undated]


def _entry(case: Case, protocol: Protocol) -> FeedEntry:
    return FeedEntry(
        id=case.id,
        address=page_address(case_page_uri(case.id)),
        title=case.headline,
        published=case.published,
        text=entry_text(case, protocol),
    )


def entry_text(case: Case, protocol: Protocol) -> str:
    """Return the plain text of a case's entry, with every disclosure a case page shows."""
    patient = case.patient
    waited = time_to_treatment(case.injury.date, case.treatment.start)
    parts = [
        f"{patient.name}, {shown_age(patient.age)}, {vocab.country_label(patient.country)}: "
        f"injury at {case.injury.level}, AIS {case.injury.ais}; treated with {protocol.name} "
        f"{waited} after the injury.",
        f"Regulatory status: {protocol.regulatory_status}",
        f"Generally expected results: {protocol.expected_results}",
        f"Adverse events: {_adverse_events(case)}",
    ]
    disclosure = vocab.CONNECTION_DISCLOSURES.get(case.consent.connection)
    if disclosure:
        parts.append(disclosure)
    return "\n\n".join(" ".join(part.split()) for part in parts)


def _adverse_events(case: Case) -> str:
    events = case.treatment.adverse_events
    if not events:
        return "none reported."
    return "; ".join(f"{e.severity}: {e.text}" for e in events) + "."
