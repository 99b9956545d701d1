"""Facets: the published cases grouped by region, AIS grade, protocol and country.

Each facet becomes a page under ``cases/<kind>/<key>/`` listing exactly its cases. Regions and
grades get a page even when empty, so their links never break; countries only when a case is
from there. No I/O here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.content import vocab
from generator.content.i18n import N_, _
from generator.content.models import Case, Protocol

# Each region's page title and its link text on the index.
REGION_WORDS = {
    "cervical": (N_("Cervical injuries"), N_("Cervical")),
    "thoracic": (N_("Thoracic injuries"), N_("Thoracic")),
    "lumbar": (N_("Lumbar injuries"), N_("Lumbar")),
    "sacral": (N_("Sacral injuries"), N_("Sacral")),
}


@dataclass(frozen=True)
class Facet:
    """One facet value and its cases.

    Attributes:
        kind: ``region``, ``ais``, ``protocol`` or ``country``.
        key: The URL segment, such as ``cervical``, ``a``, a protocol id or ``no``.
        label: What the page calls it, such as ``Cervical injuries``.
        short: The link text on the index, such as ``Cervical``.
        cases: The matching cases, in catalog order (newest treatment first).
        prefix: The folder of the page's language: ``""``, or ``es/``...
    """

    kind: str
    key: str
    label: str
    short: str
    cases: tuple[Case, ...]
    prefix: str = ""

    @property
    def src_uri(self) -> str:
        """Return the facet page's path in the docs tree."""
        return f"{self.prefix}cases/{self.kind}/{self.key}.md"


@dataclass(frozen=True)
class FacetGroup:
    """All facets of one kind, such as every region."""

    kind: str
    title: str
    facets: tuple[Facet, ...]


def _regions(cases: Sequence[Case], prefix: str) -> FacetGroup:
    facets = tuple(
        Facet(
            "region",
            name,
            _(REGION_WORDS[name][0]),
            _(REGION_WORDS[name][1]),
            tuple(c for c in cases if vocab.region(c.injury.level) == name),
            prefix,
        )
        for name in vocab.REGIONS.values()
    )
    return FacetGroup("region", _("By region of injury"), facets)


def _grades(cases: Sequence[Case], prefix: str) -> FacetGroup:
    facets = tuple(
        Facet(
            "ais",
            grade.lower(),
            (
                _("AIS {grade} injuries (complete)")
                if grade == "A"
                else _("AIS {grade} injuries (incomplete)")
            ).format(grade=grade),
            f"AIS {grade}",
            tuple(c for c in cases if c.injury.ais == grade),
            prefix,
        )
        for grade in vocab.INJURY_GRADES
    )
    return FacetGroup("ais", _("By AIS grade before treatment"), facets)


def _protocols(cases: Sequence[Case], protocols: Mapping[str, Protocol], prefix: str) -> FacetGroup:
    facets = tuple(
        Facet(
            "protocol",
            pid,
            _("Treated with {protocol}").format(protocol=protocol.name),
            protocol.name,
            tuple(c for c in cases if c.treatment.protocol == pid),
            prefix,
        )
        for pid, protocol in sorted(protocols.items())
    )
    return FacetGroup("protocol", _("By protocol"), facets)


def _countries(cases: Sequence[Case], prefix: str) -> FacetGroup:
    names = {c.patient.country: vocab.country_label(c.patient.country) for c in cases}
    facets = tuple(
        Facet(
            "country",
            code.lower(),
            _("Patients from {country}").format(country=name),
            name,
            tuple(c for c in cases if c.patient.country == code),
            prefix,
        )
        for code, name in sorted(names.items(), key=lambda item: item[1])
    )
    return FacetGroup("country", _("By country"), facets)


def facet_groups(
    cases: Sequence[Case], protocols: Mapping[str, Protocol], prefix: str = ""
) -> list[FacetGroup]:
    """Group ``cases`` by region, AIS grade, protocol and country, in the language spoken.

    Args:
        cases: The published cases (``catalog.cases``).
        protocols: The catalog's protocols by id.
        prefix: The folder of the pages' language: ``""``, or ``es/``...

    Returns:
        One group per facet kind, in the order the case index shows them.
    """
    return [
        _regions(cases, prefix),
        _grades(cases, prefix),
        _protocols(cases, protocols, prefix),
        _countries(cases, prefix),
    ]
