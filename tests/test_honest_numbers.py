"""Honest numbers, proven on a real build of the sample site with a few measured changes edited.

- Amara N.: UEMS 16 -> 17 (+1, within measurement variation), SCIM 28 -> 38 (+10, improved).
- Carlos M.: Modified Ashworth 2 -> 1 (lower: the better direction); injured four months before
  treatment, AIS A -> B (acute: the first-year conversion rate applies).
- Mei C.: injured years before treatment, AIS A -> B (chronic: the late conversion rate).

Expectations come from the case files, the protocol pages and the packaged tables read here with
plain ``yaml``; the built HTML is parsed with ``html.parser``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import BUILD_EPOCH, copy_site, edit_case, indexed_pages, run_mkdocs
from tests.factories import case_files

DATA = Path(__file__).resolve().parent.parent / "generator" / "content" / "data"
TODAY = dt.datetime.fromtimestamp(int(BUILD_EPOCH), tz=dt.UTC).date()


def _latest(case: dict[str, Any]) -> dict[str, Any]:
    return max(case["assessments"][1:], key=lambda a: int(a["week"]))


def _edit_amara(case: dict[str, Any]) -> None:
    latest = _latest(case)
    latest["uems"], latest["scim"] = "17", "38"  # the file has weeks, not dates
    case["assessments"][0]["uems"], case["assessments"][0]["scim"] = "16", "28"


def _edit_carlos(case: dict[str, Any]) -> None:
    case["injury"]["date"] = "2023-07"  # treatment started 2023-11-20: four months later
    case["assessments"][0]["ashworth"] = "2"
    latest = _latest(case)
    latest["ashworth"], latest["ais"] = "1", "B"


def _edit_mei(case: dict[str, Any]) -> None:
    _latest(case)["ais"] = "B"  # injured 2021, treated 2025: chronic


@pytest.fixture(scope="module")
def honest_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with the edits above, built with ``mkdocs build --strict``."""
    root = copy_site(tmp_path_factory.mktemp("honest") / "site-root")
    edit_case(root, "amara-n-c6", _edit_amara)
    edit_case(root, "carlos-m-t12", _edit_carlos)
    edit_case(root, "mei-c-c6", _edit_mei)
    result = run_mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root


class _Tables(HTMLParser):
    """Every table row's cell texts, every element id, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("id")
        if found:
            self.ids.add(found)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _page(site: Path, page: str) -> _Tables:
    parser = _Tables()
    parser.feed((site / "site" / page / "index.html").read_text(encoding="utf-8"))
    return parser


def _text(parsed: _Tables) -> str:
    return " ".join("".join(parsed.text).split())


def _row(parsed: _Tables, label: str) -> list[str]:
    rows = [row for row in parsed.rows if row and row[0] == label]
    assert len(rows) == 1, (label, rows)
    return rows[0]


def test_a_one_point_uems_change_is_not_called_better(honest_site: Path) -> None:
    row = _row(_page(honest_site, "cases/amara-n-c6"), "Upper-extremity motor score (UEMS)")
    assert row[1:5] == ["16", "17", "+1", "within measurement variation"]


def test_a_ten_point_scim_change_is_improved(honest_site: Path) -> None:
    row = _row(_page(honest_site, "cases/amara-n-c6"), "Spinal Cord Independence Measure (SCIM)")
    assert row[1:6] == ["28", "38", "+10", "improved", "4 points"]


def test_ashworth_two_to_one_reads_as_better(honest_site: Path) -> None:
    row = _row(_page(honest_site, "cases/carlos-m-t12"), "Modified Ashworth (spasticity)")
    assert row[1:4] == ["2", "1", "-2 steps"]
    assert row[4].startswith("better direction")
    assert "toward 0 is better" in row[6]


def test_the_search_index_never_calls_a_one_point_change_better(honest_site: Path) -> None:
    # The measures table stays out of the index (every case page has one; at 5,000 cases the
    # tables were most of Pagefind's memory), so no search result can quote a verdict of its
    # own. Pagefind ends each table cell with ". "; read the cells as one text.
    amara = indexed_pages(honest_site / "site")["/cases/amara-n-c6/"]["content"].replace(". ", " ")
    assert "Amara" in amara  # the page is indexed
    assert "within measurement variation" not in amara and "+10" not in amara
    assert "(better)" not in amara and "+1 improved" not in amara


def test_the_results_page_counts_improvements_by_the_same_rule(honest_site: Path) -> None:
    # The first measured-change table is the one of all published cases.
    results = _page(honest_site, "results")
    uems = next(r for r in results.rows if r and r[0] == "Upper-extremity motor score (UEMS)")
    scim = next(r for r in results.rows if r and r[0] == "Spinal Cord Independence Measure (SCIM)")
    # UEMS has no accepted threshold: "better" counts changes beyond 2 points of noise.
    assert uems[1] == str(_independent_better(honest_site, "uems", 2))
    expected_scim = _independent_better(honest_site, "scim", 4)
    assert scim[1] == str(expected_scim)
    assert expected_scim >= 1  # Amara's +10 is among them


def _independent_better(site: Path, measure: str, threshold: int) -> int:
    better = 0
    for case in _published(site):
        start = _date(case["treatment"]["start"])
        baseline = case["assessments"][0]
        later = [a for a in case["assessments"][1:] if _week(a, start) > _week(baseline, start)]
        if not later:
            continue
        first = baseline.get(measure)
        last = max(later, key=lambda a: _week(a, start)).get(measure)
        if first is not None and last is not None and int(last) - int(first) >= threshold:
            better += 1
    return better


def _week(entry: dict[str, Any], start: dt.date) -> int:
    if "week" in entry:
        return int(entry["week"])
    return (_date(entry["date"]) - start).days // 7


def test_a_changed_acute_grade_shows_the_first_year_rate(honest_site: Path) -> None:
    rate = _rate("A", "acute")
    text = _text(_page(honest_site, "cases/carlos-m-t12"))
    assert "AIS grades also change without cell therapy" in text
    expected = f"AIS A, treated less than 12 months after injury: without cell therapy, {rate}"
    assert expected in text
    assert "12 months or more" not in text


def test_a_changed_chronic_grade_shows_the_late_rate(honest_site: Path) -> None:
    text = _text(_page(honest_site, "cases/mei-c-c6"))
    rate = _rate("A", "chronic")
    assert f"AIS A, treated 12 months or more after injury: without cell therapy, {rate}" in text


def test_an_unchanged_grade_shows_no_rate(honest_site: Path) -> None:
    text = _text(_page(honest_site, "cases/amara-n-c6"))
    assert "AIS grades also change without cell therapy" not in text


def test_the_results_page_shows_the_rates_beside_each_ais_group(honest_site: Path) -> None:
    text = _text(_page(honest_site, "results"))
    assert f"Treated less than 12 months after injury: {_rate('A', 'acute')}" in text
    assert f"Treated 12 months or more after injury: {_rate('A', 'chronic')}" in text
    published_a = [c for c in _published(honest_site) if c["injury"]["ais"] == "A"]
    assert f"of {len(published_a)} published cases with AIS A before treatment" in text
    better = [c for c in published_a if _latest_grade(c) not in (None, "A")]
    assert len(better) >= 2  # Carlos and Mei at least
    assert f"{len(better)} moved to a better grade" in text


def _latest_grade(case: dict[str, Any]) -> str | None:
    start = _date(case["treatment"]["start"])
    baseline = case["assessments"][0]
    later = [a for a in case["assessments"][1:] if _week(a, start) > _week(baseline, start)]
    if not later:
        return None
    grade = max(later, key=lambda a: _week(a, start)).get("ais")
    return str(grade) if grade is not None else None


def _rate(grade: str, timing: str) -> str:
    table = yaml.safe_load((DATA / "natural-recovery.yml").read_text(encoding="utf-8"))
    (rate,) = [r for r in table["rates"] if r["grade"] == grade and r["timing"] == timing]
    low, high = rate["low"], rate["high"]
    return f"{low:g}%" if low == high else f"{low:g}-{high:g}%"


def test_the_ledger_equals_an_independent_count(honest_site: Path) -> None:
    published = _published(honest_site)
    per_protocol = Counter(c["treatment"]["protocol"] for c in published)
    results = _page(honest_site, "results")
    total_treated = 0
    for path in sorted((honest_site / "content" / "protocols").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["protocol"]
        treated = sum(entry["patients"] for entry in front["treated"])
        total_treated += treated
        cases = [c for c in published if c["treatment"]["protocol"] == front["id"]]
        row = _row(results, front["name"])
        assert row[1:4] == [
            str(treated),
            str(per_protocol[front["id"]]),
            f"{100 * len(cases) / treated:.0f}%",
        ]
        assert row[4:6] == [str(_followed(cases, 26)), str(_followed(cases, 52))]
    total = _row(results, "All protocols")
    assert total[1:3] == [str(total_treated), str(len(published))]
    home = _text(_page(honest_site, ""))
    assert f"Published {len(published)} of {total_treated} treated" in home


def _followed(cases: list[dict[str, Any]], week: int) -> int:
    starts = [_date(c["treatment"]["start"]) for c in cases]
    lasts = [max(_week(a, s) for a in c["assessments"]) for c, s in zip(cases, starts, strict=True)]
    return sum(1 for last in lasts if last >= week)


def _published(site: Path) -> list[dict[str, Any]]:
    found = []
    for path in case_files(site / "cases"):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        consent = case["consent"]
        ok = (
            case["status"] == "published"
            and "clinical" in consent["scope"]
            and not consent.get("revoked")
            and _date(consent["signed"]) <= TODAY < _date(consent["expires"])
        )
        if ok:
            found.append(case)
    return found


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def test_every_threshold_and_rate_shown_is_cited_on_the_evidence_page(honest_site: Path) -> None:
    evidence = _page(honest_site, "evidence")
    text = _text(evidence)
    assert {"measure-thresholds", "natural-recovery"} <= evidence.ids
    measures = yaml.safe_load((DATA / "measures.yml").read_text(encoding="utf-8"))
    recovery = yaml.safe_load((DATA / "natural-recovery.yml").read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in [*measures["sources"], *recovery["sources"]]}
    cited = {i for m in measures["measures"].values() for i in m["sources"]}
    cited |= {i for r in recovery["rates"] for i in r["sources"]}
    for source_id in cited:
        assert f"source-{source_id}" in evidence.ids
        assert " ".join(sources[source_id]["text"].split()) in text
    for rule in measures["measures"].values():
        if rule["threshold"] is not None:
            assert f"{rule['threshold']:g} {rule['unit']}" in text
    for table in ("results", "cases/carlos-m-t12", "cases/mei-c-c6"):
        links = (honest_site / "site" / table / "index.html").read_text(encoding="utf-8")
        assert "evidence/#natural-recovery" in links and "evidence/#measure-thresholds" in links
    for rate in recovery["rates"]:
        assert _rate(rate["grade"], rate["timing"]) in text


def test_more_published_cases_than_declared_fails_the_build(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site-root")
    page = root / "content" / "protocols" / "uc-msc-iv-lp.md"
    page.write_text(
        page.read_text().replace("{year: 2024, patients: 23}", "{year: 2024, patients: 1}")
    )
    result = run_mkdocs(root, "build", "--strict")
    assert result.returncode != 0
    assert "content/protocols/uc-msc-iv-lp.md:" in result.stderr
    count = sum(
        1
        for c in _published(root)
        if c["treatment"]["protocol"] == "uc-msc-iv-lp"
        and _date(c["treatment"]["start"]).year == 2024
    )
    expected = f"{count} published cases were treated in 2024, but it declares 1 for 2024"
    assert count > 1 and expected in result.stderr
    assert not (root / "site" / "index.html").exists()
