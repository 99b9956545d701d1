"""The built sample site against numbers computed here, independently, from the case files.

Nothing from the generator computes the expectations: case files are read with plain
``yaml.safe_load``, publication, weeks, counts and quartiles are worked out below, and the
built HTML is parsed with ``html.parser``.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.factories import case_files

# The built_site fixture pins SOURCE_DATE_EPOCH=1795000000; consent is checked on that day.
TODAY = dt.datetime.fromtimestamp(1795000000, tz=dt.UTC).date()
DOMAINS = {
    "bladder": "Bladder", "bowel": "Bowel", "sensation": "Sensation", "spasticity": "Spasticity",
    "motor": "Motor function", "pain": "Pain", "sweating": "Sweating",
    "sexual": "Sexual function", "mood": "Mood", "other": "Other",
}  # fmt: skip
REGIONS = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}
DASH = "\u2013"  # en dash: the table's "none"


class _Loader(yaml.SafeLoader):
    """Safe loading without YAML 1.1 booleans: country ``NO`` (Norway) stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    assert isinstance(data, dict)
    return data


def _is_published(data: dict[str, Any]) -> bool:
    consent = data["consent"]
    revoked = consent.get("revoked")
    return (
        data["status"] == "published"
        and "clinical" in consent["scope"]
        and (revoked is None or revoked > TODAY)
        and consent["signed"] <= TODAY < consent["expires"]
    )


PUBLISHED = [data for path in case_files(ROOT / "cases") if _is_published(data := _read(path))]


def _week(entry: dict[str, Any], start: dt.date) -> int:
    if "week" in entry:
        return int(entry["week"])
    days: int = (entry["date"] - start).days
    return days // 7


def _quartile(values: list[int], p: float) -> float:
    # Linear interpolation between closest ranks, position (n - 1) * p: Excel's QUARTILE.INC.
    ordered = sorted(values)
    position = (len(ordered) - 1) * p
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _fmt(value: float) -> str:
    return f"{round(value, 1):g}"


def expected_rows(cases: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for domain, label in DOMAINS.items():
        reported = improved = no_change = worsened = 0
        firsts = []
        for case in cases:
            events = [e for e in case["timeline"] if e["domain"] == domain]
            if not events:
                continue
            reported += 1
            changes = [e["change"] for e in events]
            if "improved" in changes:
                improved += 1
                start = case["treatment"]["start"]
                firsts.append(min(_week(e, start) for e in events if e["change"] == "improved"))
            worsened += "worsened" in changes
            no_change += all(c == "no_change" for c in changes)
        median = iqr = DASH
        if firsts:
            median = _fmt(_quartile(firsts, 0.5))
            iqr = f"{_fmt(_quartile(firsts, 0.25))} to {_fmt(_quartile(firsts, 0.75))}"
        counts = [improved, reported, len(cases)]
        rows.append([label, *map(str, counts), median, iqr, str(no_change), str(worsened)])
    return rows


class _Page(HTMLParser):
    """Collects tables (under the latest heading id), links per marked container, and counts."""

    def __init__(self, container_class: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.container_class = container_class
        self.heading = ""
        self.tables: dict[str, list[list[list[str]]]] = {}
        self.links: list[str] = []
        self.counts: dict[str, str] = {}
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._depth = 0  # div depth inside the container, 0 when outside
        self._count: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in ("h1", "h2", "h3") and attr.get("id"):
            self.heading = attr["id"] or ""
        elif tag == "table":
            self.tables.setdefault(self.heading, []).append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "strong" and attr.get("data-count"):
            self._count = attr["data-count"]
        if tag == "div" and (self._depth or self.container_class in (attr.get("class") or "")):
            self._depth += 1
        if tag == "a" and self._depth and self.container_class:
            self.links.append(attr.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self.heading][-1].append(self._row)
            self._row = None
        elif tag == "div" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._count is not None:
            self.counts[self._count] = data.strip()
            self._count = None


def parse(path: Path, container_class: str = "") -> _Page:
    page = _Page(container_class)
    page.feed(path.read_text(encoding="utf-8"))
    return page


def results_table(page: _Page, heading: str) -> list[list[str]]:
    tables = [t for t in page.tables.get(heading, []) if t and t[0][0] == "Area"]
    assert len(tables) == 1, f"expected one results table under #{heading}"
    return tables[0][1:]


def case_ids(links: list[str]) -> list[str]:
    ids = [
        m.group(1) for href in links if (m := re.search(r"([a-z0-9-]+)/(?:index\.html)?$", href))
    ]
    return list(dict.fromkeys(ids))  # a card may link twice (photo and name)


def test_the_sample_has_enough_published_cases_to_mean_something() -> None:
    assert len(PUBLISHED) >= 12
    assert any(c["status"] == "published" and c not in PUBLISHED for c in _all_cases())


def _all_cases() -> list[dict[str, Any]]:
    return [_read(p) for p in case_files(ROOT / "cases")]


def test_results_page_counts_every_published_case(built_site: Path) -> None:
    page = parse(built_site / "results" / "index.html")
    assert results_table(page, "all") == expected_rows(PUBLISHED)
    text = html.unescape((built_site / "results" / "index.html").read_text())
    assert "Published case studies, not a clinical trial" in text
    assert 'statistics.quantiles, method "inclusive"' in text


@pytest.mark.parametrize("grade", ["A", "B", "C", "D"])
def test_results_page_by_ais_grade(built_site: Path, grade: str) -> None:
    page = parse(built_site / "results" / "index.html")
    cases = [c for c in PUBLISHED if c["injury"]["ais"] == grade]
    assert cases, f"the sample has no published AIS {grade} case"
    assert results_table(page, f"ais-{grade.lower()}") == expected_rows(cases)


@pytest.mark.parametrize("protocol", ["uc-msc-iv-lp", "uc-msc-iv-lp-ct"])
def test_protocol_page_shows_its_cases_results(built_site: Path, protocol: str) -> None:
    page = parse(built_site / "protocols" / protocol / "index.html")
    cases = [c for c in PUBLISHED if c["treatment"]["protocol"] == protocol]
    assert results_table(page, "results-of-these-cases") == expected_rows(cases)


def _facets() -> dict[str, list[str]]:
    facets: dict[str, list[str]] = {}
    for case in PUBLISHED:
        keys = [
            f"region/{REGIONS[case['injury']['level'][0]]}",
            f"ais/{case['injury']['ais'].lower()}",
            f"protocol/{case['treatment']['protocol']}",
            f"country/{case['patient']['country'].lower()}",
        ]
        for key in keys:
            facets.setdefault(key, []).append(case["id"])
    for empty in [f"region/{r}" for r in REGIONS.values()] + [f"ais/{g}" for g in "abcd"]:
        facets.setdefault(empty, [])
    return facets


def test_every_facet_page_lists_exactly_its_cases(built_site: Path) -> None:
    facets = _facets()
    for key, ids in facets.items():
        page = parse(built_site / "cases" / key / "index.html", "cb-cards")
        assert sorted(case_ids(page.links)) == sorted(ids), key
    countries = {p.name for p in (built_site / "cases" / "country").iterdir()}
    assert countries == {k.split("/")[1] for k in facets if k.startswith("country/")}


def test_case_index_links_every_facet_with_cases_and_lists_every_case(built_site: Path) -> None:
    index = (built_site / "cases" / "index.html").read_text()
    for key, ids in _facets().items():
        # An empty facet is named with its count of 0, but not linked: its page lists nothing.
        assert (f'href="{key}/"' in index) == bool(ids), key
    page = parse(built_site / "cases" / "index.html", "cb-cards")
    assert sorted(case_ids(page.links)) == sorted(c["id"] for c in PUBLISHED)


def test_home_page_counts_and_recent_patients(built_site: Path) -> None:
    page = parse(built_site / "index.html", "cb-recent")
    protocols = sorted((ROOT / "content" / "protocols").glob("*.md"))
    fronts = [yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1]) for p in protocols]
    assert page.counts == {
        "cases": str(len(PUBLISHED)),
        "treated": str(sum(e["patients"] for f in fronts for e in f["protocol"]["treated"])),
        "countries": str(len({c["patient"]["country"] for c in PUBLISHED})),
        "protocols": str(len(protocols)),
    }
    newest = sorted(PUBLISHED, key=lambda c: (c["treatment"]["start"], c["id"]), reverse=True)
    assert case_ids(page.links)[:5] == [c["id"] for c in newest[:5]]
    assert len(case_ids(page.links)) == 5
    assert "casebook:" not in (built_site / "index.html").read_text()  # every marker replaced


def test_the_sitemap_lists_every_published_case_page_and_nothing_unpublished(
    built_site: Path,
) -> None:
    site_url = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["site_url"]
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (built_site / "sitemap.xml").read_text()))
    cases = {loc for loc in listed if re.fullmatch(rf"{re.escape(site_url)}cases/[a-z0-9-]+/", loc)}
    facet_kinds = {f"{site_url}cases/{kind}/" for kind in ("region", "ais", "protocol", "country")}
    assert cases - facet_kinds == {f"{site_url}cases/{c['id']}/" for c in PUBLISHED}
    page = (built_site / "cases" / PUBLISHED[0]["id"] / "index.html").read_text()
    assert f'<link rel="canonical" href="{site_url}cases/{PUBLISHED[0]["id"]}/">' in page
