from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.catalog.build import prepare
from generator.content.layout import Layout
from tests.conftest import ROOT, run_mkdocs

TODAY = dt.date(2026, 11, 18)


def _layout(root: Path) -> Layout:
    return Layout(root, root / "cases", root / "content", root / "content" / "protocols")


def _break_home_marker(site: Path) -> int:
    home = site / "content" / "index.md"
    lines = home.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "casebook:recent" in line)
    lines[number - 1] = "<!-- casebook:recent many -->\n"
    home.write_text("".join(lines))
    return number


def test_sample_site_loads_without_problems() -> None:
    site = prepare(_layout(ROOT), today=TODAY)
    assert site.problems == []
    models = [c.model for c in site.project.cases]
    published = {c.id for c in models if c.status == "published" and c.consent.revoked is None}
    assert {c.id for c in site.catalog.cases} == published
    assert site.catalog.previews == ()


def test_preview_lists_drafts_apart() -> None:
    site = prepare(_layout(ROOT), today=TODAY, preview=True)
    assert {c.status for c in site.catalog.previews} == {"draft", "review"}


def test_a_wrong_marker_is_a_problem_at_its_line_in_the_file(site: Path) -> None:
    number = _break_home_marker(site)
    loaded = prepare(_layout(site), today=TODAY)
    [problem] = loaded.problems
    assert str(problem).startswith(f"content/index.md:{number}:1: casebook:recent: ")


def test_a_wrong_marker_stops_the_build_without_a_traceback(site: Path) -> None:
    number = _break_home_marker(site)
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    assert f"content/index.md:{number}:1: casebook:recent:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "site" / "index.html").exists()


def test_prepare_names_the_pages_that_hold_markers() -> None:
    build = prepare(_layout(ROOT), today=TODAY)
    marked = {
        path.relative_to(ROOT / "content").as_posix()
        for path in (ROOT / "content").rglob("*.md")
        if "<!-- casebook:" in path.read_text()
    }
    assert marked and build.marked_pages == marked


def test_the_evidence_page_is_the_one_citing_the_reference_tables() -> None:
    assert prepare(_layout(ROOT), today=TODAY).catalog.evidence_page == "evidence.md"


def test_without_a_references_marker_the_results_page_cites_them(site: Path) -> None:
    evidence = site / "content" / "evidence.md"
    evidence.write_text(evidence.read_text().replace("<!-- casebook:references -->", ""))
    assert prepare(_layout(site), today=TODAY).catalog.evidence_page is None


def test_a_site_reference_table_is_read_and_checked(site: Path) -> None:
    (site / "reference").mkdir()
    (site / "reference" / "measures.yml").write_text("sources: []\nmeasures: {}\n")
    layout = Layout(
        site, site / "cases", site / "content", site / "content" / "protocols",
        reference_dir=site / "reference",
    )  # fmt: skip
    problems = prepare(layout, today=TODAY).problems
    assert problems and all(p.path == "reference/measures.yml" for p in problems)


def test_the_ledger_is_checked_with_everything_else(site: Path) -> None:
    page = site / "content" / "protocols" / "uc-msc-iv-lp-ct.md"
    page.write_text(
        page.read_text().replace("{year: 2023, patients: 6}", "{year: 2023, patients: 1}")
    )
    [problem] = prepare(_layout(site), today=TODAY).problems
    assert problem.path == "content/protocols/uc-msc-iv-lp-ct.md"
    assert problem.message == "2 published cases were treated in 2023, but it declares 1 for 2023"
