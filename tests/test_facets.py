from __future__ import annotations

import pytest

from generator.catalog.facets import Facet, FacetGroup, facet_groups
from generator.content.models import Case, Protocol
from generator.content.vocab import INJURY_GRADES
from tests.factories import valid_case, valid_protocol


def _case(case_id: str, level: str, ais: str, protocol: str, country: str) -> Case:
    data = valid_case()
    data["id"] = case_id
    data["injury"]["level"] = level
    data["injury"]["ais"] = ais
    data["treatment"]["protocol"] = protocol
    data["patient"]["country"] = country
    return Case.model_validate(data)


def _protocol(protocol_id: str, name: str) -> Protocol:
    data = valid_protocol()
    data["id"] = protocol_id
    data["name"] = name
    return Protocol.model_validate(data)


PROTOCOLS = {
    "zz-last": _protocol("zz-last", "Zeta protocol"),
    "aa-first": _protocol("aa-first", "Alpha protocol"),
    "mm-unused": _protocol("mm-unused", "Unused protocol"),
}

CASES = [
    _case("c6-a-no", "C6", "A", "aa-first", "NO"),
    _case("t11-c-au", "T11", "C", "zz-last", "AU"),
    _case("c1-b-de", "C1", "B", "aa-first", "DE"),
    _case("t4-c-no", "T4", "C", "aa-first", "NO"),
    _case("l3-b-au", "L3", "B", "zz-last", "AU"),
]


def _groups(cases: list[Case] = CASES) -> dict[str, FacetGroup]:
    return {group.kind: group for group in facet_groups(cases, PROTOCOLS)}


def _ids(facet: Facet) -> list[str]:
    return [c.id for c in facet.cases]


def _by_key(group: FacetGroup) -> dict[str, list[str]]:
    return {facet.key: _ids(facet) for facet in group.facets}


def test_groups_come_in_index_order() -> None:
    groups = facet_groups(CASES, PROTOCOLS)
    assert [(g.kind, g.title) for g in groups] == [
        ("region", "By region of injury"),
        ("ais", "By AIS grade before treatment"),
        ("protocol", "By protocol"),
        ("country", "By country"),
    ]
    for group in groups:
        assert all(facet.kind == group.kind for facet in group.facets)


def test_regions_every_one_present_even_empty() -> None:
    regions = _groups()["region"]
    assert _by_key(regions) == {
        "cervical": ["c6-a-no", "c1-b-de"],
        "thoracic": ["t11-c-au", "t4-c-no"],
        "lumbar": ["l3-b-au"],
        "sacral": [],
    }
    cervical = regions.facets[0]
    assert (cervical.label, cervical.short) == ("Cervical injuries", "Cervical")
    assert cervical.src_uri == "cases/region/cervical.md"


def test_grades_every_one_present_even_empty() -> None:
    grades = _groups()["ais"]
    assert _by_key(grades) == {
        "a": ["c6-a-no"],
        "b": ["c1-b-de", "l3-b-au"],
        "c": ["t11-c-au", "t4-c-no"],
        "d": [],
    }
    assert [(f.label, f.short) for f in grades.facets] == [
        ("AIS A injuries (complete)", "AIS A"),
        ("AIS B injuries (incomplete)", "AIS B"),
        ("AIS C injuries (incomplete)", "AIS C"),
        ("AIS D injuries (incomplete)", "AIS D"),
    ]
    assert grades.facets[3].src_uri == "cases/ais/d.md"
    assert tuple(f.key.upper() for f in grades.facets) == INJURY_GRADES


def test_protocols_by_id_every_protocol_present() -> None:
    protocols = _groups()["protocol"]
    assert _by_key(protocols) == {
        "aa-first": ["c6-a-no", "c1-b-de", "t4-c-no"],
        "mm-unused": [],
        "zz-last": ["t11-c-au", "l3-b-au"],
    }
    first = protocols.facets[0]
    assert (first.label, first.short) == ("Treated with Alpha protocol", "Alpha protocol")
    assert first.src_uri == "cases/protocol/aa-first.md"


def test_countries_only_present_ones_ordered_by_name() -> None:
    countries = _groups()["country"]
    # Australia, Germany, Norway: by name, not by code.
    assert [(f.key, f.short, f.label, _ids(f)) for f in countries.facets] == [
        ("au", "Australia", "Patients from Australia", ["t11-c-au", "l3-b-au"]),
        ("de", "Germany", "Patients from Germany", ["c1-b-de"]),
        ("no", "Norway", "Patients from Norway", ["c6-a-no", "t4-c-no"]),
    ]
    assert countries.facets[2].src_uri == "cases/country/no.md"


def test_country_order_follows_names_not_codes() -> None:
    # By code CH < DE < SE; by name Germany < Sweden < Switzerland.
    cases = [_case(f"x-{code.lower()}", "C5", "A", "aa-first", code) for code in ("SE", "CH", "DE")]
    countries = _groups(cases)["country"]
    assert [f.key for f in countries.facets] == ["de", "se", "ch"]


@pytest.mark.parametrize("kind", ["region", "ais", "protocol", "country"])
def test_every_case_in_exactly_one_facet_of_each_kind(kind: str) -> None:
    group = _groups()[kind]
    placed = [case_id for facet in group.facets for case_id in _ids(facet)]
    assert sorted(placed) == sorted(c.id for c in CASES)


def test_facets_keep_catalog_order() -> None:
    reordered = list(reversed(CASES))
    cervical = _groups(reordered)["region"].facets[0]
    assert _ids(cervical) == ["c1-b-de", "c6-a-no"]


def test_no_cases() -> None:
    groups = _groups([])
    assert [len(g.facets) for g in groups.values()] == [4, 4, 3, 0]
    assert all(f.cases == () for g in groups.values() for f in g.facets)


def test_no_protocols_no_protocol_facets() -> None:
    protocol_group = facet_groups(CASES, {})[2]
    assert protocol_group.kind == "protocol"
    assert protocol_group.facets == ()
