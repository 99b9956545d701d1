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
from generator.content.i18n import _, speaking
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


def feed_entries(catalog: Catalog, language: str | None = None) -> list[FeedEntry]:
    """Return an entry per published case: newest ``published`` first, undated ones last.

    ``language`` is one of the site's other languages: the entries lead to its pages and show
    the cases' translations where there are some (the case file's words where not).
    """
    spoken = language or catalog.language
    with speaking(spoken):
        entries = [_entry(case, catalog, spoken) for case in catalog.cases]
    dated = sorted((e for e in entries if e.published), key=lambda e: (e.published, e.id))
    undated = sorted((e for e in entries if not e.published), key=lambda e: e.id)
    return [*reversed(dated), *undated]


def _entry(case: Case, catalog: Catalog, language: str) -> FeedEntry:
    translation = catalog.translation(case.id, language)
    shown = translation.case if translation else case
    return FeedEntry(
        id=case.id,
        address=page_address(case_page_uri(case.id, catalog.prefix(language))),
        title=shown.headline,
        published=case.published,
        text=entry_text(shown, catalog.protocols[case.treatment.protocol]),
    )


def entry_text(case: Case, protocol: Protocol) -> str:
    """Return the plain text of a case's entry, with every disclosure a case page shows."""
    patient = case.patient
    waited = time_to_treatment(case.injury.date, case.treatment.start)
    parts = [
        _(
            "{name}, {age}, {country}: injury at {level}, AIS {ais}; treated with {protocol} "
            "{waited} after the injury."
        ).format(
            name=patient.name,
            age=shown_age(patient.age),
            country=vocab.country_label(patient.country),
            level=case.injury.level,
            ais=case.injury.ais,
            protocol=protocol.name,
            waited=waited,
        ),
        _("Regulatory status:") + f" {protocol.regulatory_status}",
        _("Generally expected results:") + f" {protocol.expected_results}",
        _("Adverse events:") + f" {_adverse_events(case)}",
    ]
    disclosure = vocab.CONNECTION_DISCLOSURES.get(case.consent.connection)
    if disclosure:
        parts.append(_(disclosure))
    return "\n\n".join(" ".join(part.split()) for part in parts)


def _adverse_events(case: Case) -> str:
    events = case.treatment.adverse_events
    if not events:
        return _("none reported.")
    said = (f"{_(vocab.SEVERITY_WORDS[e.severity])}: {e.text.rstrip('.')}" for e in events)
    return "; ".join(said) + "."
