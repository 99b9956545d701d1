from __future__ import annotations

from pathlib import Path

from generator.load import load_case
from tests.conftest import ROOT, run_mkdocs


def _published_ids() -> list[str]:
    ids = []
    for path in sorted((ROOT / "cases").glob("*.yml")):
        sourced, problems = load_case(path, path.name)
        assert sourced is not None, problems
        if sourced.model.status == "published" and sourced.model.consent.revoked is None:
            ids.append(sourced.model.id)
    return ids


def test_build_writes_a_page_per_published_case(site: Path) -> None:
    result = run_mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    ids = _published_ids()
    assert len(ids) >= 12
    for case_id in ids:
        assert (site / "site" / "cases" / case_id / "index.html").is_file(), case_id
    assert (site / "site" / "cases" / "index.html").is_file()


def test_invalid_case_aborts_the_build_and_writes_no_case_page(site: Path) -> None:
    case = site / "cases" / "leila-a-c8.yml"
    case.write_text(case.read_text().replace("ais: D", "ais: Z", 1))
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    assert "cases/leila-a-c8.yml:" in result.stderr
    assert "injury.ais: 'Z' is not one of A, B, C, D" in result.stderr
    assert not (site / "site" / "cases").exists()
