"""Two builds of the same sources with the same SOURCE_DATE_EPOCH are byte-identical."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import built_files, copy_site, run_mkdocs


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for name in ("first", "second"):
        site = copy_site(tmp_path / name)
        result = run_mkdocs(site, "build", "--strict")
        assert result.returncode == 0, result.stderr
        outputs.append(built_files(site / "site"))
    first, second = outputs
    assert len(first) > 30
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
