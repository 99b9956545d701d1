"""Facets: the published cases grouped by region, AIS grade, protocol and country.

Each facet becomes a page under ``cases/<kind>/<key>/`` listing exactly its cases. Regions and
grades get a page even when empty, so their links never break; countries only when a case is
from there. No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.content import vocab
from generator.content.models import Case, Protocol


@dataclass(frozen=True)
class Facet:
    """One facet value and its cases.

    Attributes:
        kind: ``region``, ``ais``, ``protocol`` or ``country``.
        key: The URL segment, such as ``cervical``, ``a``, a protocol id or ``no``.
        label: What the page calls it, such as ``Cervical injuries``.
        short: The link text on the index, such as ``Cervical``.
        cases: The matching cases, in catalog order (newest treatment first).
    """

    kind: str
    key: str
    label: str
    short: str
    cases: tuple[Case, ...]

    @property
    def src_uri(self) -> str:
        """Return the facet page's path in the docs tree."""
        return f"cases/{self.kind}/{self.key}.md"


@dataclass(frozen=True)
class FacetGroup:
    """All facets of one kind, such as every region."""

    kind: str
    title: str
    facets: tuple[Facet, ...]


def _regions(cases: Sequence[Case]) -> FacetGroup:
    facets = tuple(
        Facet(
            "region",
            name,
            f"{name.capitalize()} injuries",
            name.capitalize(),
            tuple(c for c in cases if vocab.region(c.injury.level) == name),
        )
        for name in vocab.REGIONS.values()
    )
    return FacetGroup("region", "By region of injury", facets)


def _grades(cases: Sequence[Case]) -> FacetGroup:
    facets = tuple(
        Facet(
            "ais",
            grade.lower(),
            f"AIS {grade} injuries ({'complete' if grade == 'A' else 'incomplete'})",
            f"AIS {grade}",
            tuple(c for c in cases if c.injury.ais == grade),
        )
        for grade in vocab.INJURY_GRADES
    )
    return FacetGroup("ais", "By AIS grade before treatment", facets)


def _protocols(cases: Sequence[Case], protocols: Mapping[str, Protocol]) -> FacetGroup:
    facets = tuple(
        Facet(
            "protocol",
            pid,
            f"Treated with {protocol.name}",
            protocol.name,
            tuple(c for c in cases if c.treatment.protocol == pid),
        )
        for pid, protocol in sorted(protocols.items())
    )
    return FacetGroup("protocol", "By protocol", facets)


def _countries(cases: Sequence[Case]) -> FacetGroup:
    names = {c.patient.country: vocab.country_label(c.patient.country) for c in cases}
    facets = tuple(
        Facet(
            "country",
            code.lower(),
            f"Patients from {name}",
            name,
            tuple(c for c in cases if c.patient.country == code),
        )
        for code, name in sorted(names.items(), key=lambda item: item[1])
    )
    return FacetGroup("country", "By country", facets)


def facet_groups(cases: Sequence[Case], protocols: Mapping[str, Protocol]) -> list[FacetGroup]:
    """Group ``cases`` by region, AIS grade, protocol and country.

    Args:
        cases: The published cases (``catalog.cases``).
        protocols: The catalog's protocols by id.

    Returns:
        One group per facet kind, in the order the case index shows them.
    """
    return [_regions(cases), _grades(cases), _protocols(cases, protocols), _countries(cases)]
