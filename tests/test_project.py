"""Loading a whole site: every file, every problem, and the cache `mkdocs serve` relies on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import generator.content.sources
from generator.content.clock import build_date
from generator.content.errors import ConfigError
from generator.content.layout import Layout
from generator.content.sources import ProjectLoader
from tests.conftest import ROOT
from tests.factories import case_files, valid_case, valid_protocol, write_case, write_protocol


def make_layout(root: Path) -> Layout:
    return Layout(
        root=root,
        cases_dir=root / "cases",
        docs_dir=root / "content",
        protocols_dir=root / "content" / "protocols",
    )


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    site = make_layout(tmp_path)
    write_protocol(site.protocols_dir, valid_protocol())
    write_case(site.cases_dir, valid_case())
    return site


def test_sample_site_is_valid() -> None:
    project = ProjectLoader().load(make_layout(ROOT))
    assert project.problems == []
    assert len(project.cases) == len(list(case_files(ROOT / "cases")))
    assert {p.model.id for p in project.protocols} == {"uc-msc-iv-lp", "uc-msc-iv-lp-ct"}


def test_valid_site(layout: Layout) -> None:
    project = ProjectLoader().load(layout)
    assert project.problems == []
    assert [c.source for c in project.cases] == ["cases/maya-r-t11.yml"]
    assert [p.source for p in project.protocols] == ["content/protocols/uc-msc-iv-lp.md"]


def test_every_problem_of_every_file_sorted(layout: Layout) -> None:
    broken = valid_case()
    broken["id"] = "b-case"
    broken["patient"]["age"] = "200"
    write_case(layout.cases_dir, broken)
    elsewhere = valid_case()
    elsewhere["id"] = "a-case"
    elsewhere["treatment"]["protocol"] = "nowhere"
    write_case(layout.cases_dir, elsewhere)
    (layout.protocols_dir / "empty.md").write_text("# No front matter\n")
    project = ProjectLoader().load(layout)
    assert [(p.path, p.field) for p in project.problems] == [
        ("cases/a-case.yml", "treatment.protocol"),
        ("cases/b-case.yml", "patient.age"),
        ("content/protocols/empty.md", "protocol"),
    ]
    assert project.problems == sorted(project.problems)
    # A case that fails a cross-file check is out too: no later step can stumble on it.
    assert [c.model.id for c in project.cases] == ["maya-r-t11"]


def test_missing_folders_mean_no_files(tmp_path: Path) -> None:
    project = ProjectLoader().load(make_layout(tmp_path))
    assert (project.cases, project.protocols, project.problems) == ([], [], [])


def test_only_yml_and_md_files_are_read(layout: Layout) -> None:
    (layout.cases_dir / "notes.txt").write_text("not: [a case")
    (layout.protocols_dir / "image.png").write_bytes(b"\x89PNG")
    assert ProjectLoader().load(layout).problems == []


def test_display_names_files_relative_to_the_root(tmp_path: Path) -> None:
    site = make_layout(tmp_path / "site")
    assert site.display(tmp_path / "site" / "cases" / "a.yml") == "cases/a.yml"
    assert site.display(tmp_path / "other" / "a.yml") == (tmp_path / "other" / "a.yml").as_posix()


def test_unreadable_file_is_a_problem_not_a_crash(
    layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = layout.cases_dir / "maya-r-t11.yml"
    original_bytes, original_open = Path.read_bytes, Path.open

    def refuse_bytes(self: Path) -> bytes:
        if self == target:
            raise PermissionError(13, "Permission denied")
        return original_bytes(self)

    def refuse_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == target:
            raise PermissionError(13, "Permission denied")
        return original_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", refuse_bytes)
    monkeypatch.setattr(Path, "open", refuse_open)
    project = ProjectLoader().load(layout)
    assert [str(p) for p in project.problems] == [
        "cases/maya-r-t11.yml:1:1: (file): cannot read: Permission denied"
    ]


# --- the cache --------------------------------------------------------------------------------


def spy_on(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Count the calls of ``generator.content.sources.<name>`` by file name."""
    calls: list[str] = []
    real = getattr(generator.content.sources, name)

    def counting(path: Path, source: str) -> Any:
        calls.append(path.name)
        return real(path, source)

    monkeypatch.setattr(generator.content.sources, name, counting)
    return calls


def test_unchanged_files_are_not_parsed_again(
    layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = spy_on(monkeypatch, "load_case")
    protocols = spy_on(monkeypatch, "load_protocol")
    loader = ProjectLoader()
    first = loader.load(layout)
    second = loader.load(layout)
    assert cases == ["maya-r-t11.yml"]
    assert protocols == ["uc-msc-iv-lp.md"]
    assert second.cases[0] is first.cases[0]
    assert second.problems == first.problems == []


def test_changed_file_is_parsed_again(layout: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = spy_on(monkeypatch, "load_case")
    loader = ProjectLoader()
    loader.load(layout)
    path = layout.cases_dir / "maya-r-t11.yml"
    path.write_text(path.read_text().replace("age: '34'", "age: '340'"))
    project = loader.load(layout)
    assert calls == ["maya-r-t11.yml", "maya-r-t11.yml"]
    assert [p.field for p in project.problems] == ["patient.age"]
    assert project.cases == []
    # ... and fixing it is seen too.
    path.write_text(path.read_text().replace("age: '340'", "age: '34'"))
    assert loader.load(layout).problems == []
    assert len(calls) == 3


def test_cached_problems_are_reported_again(layout: Layout) -> None:
    (layout.cases_dir / "bad.yml").write_text("id: [\n")
    loader = ProjectLoader()
    first = loader.load(layout).problems
    assert len(first) == 1
    assert loader.load(layout).problems == first


def test_cross_file_problems_follow_a_changed_protocol(layout: Layout) -> None:
    loader = ProjectLoader()
    assert loader.load(layout).problems == []
    protocol = valid_protocol()
    protocol["routes"] = ["iv"]
    write_protocol(layout.protocols_dir, protocol)
    assert [p.field for p in loader.load(layout).problems] == ["treatment.sessions[1].route"]


def test_case_with_a_photo_is_checked_again_when_the_photo_changes(
    layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = valid_case()
    data["patient"]["photo"] = "maya.png"
    data["consent"]["scope"].append("photo")
    write_case(layout.cases_dir, data)
    photo = layout.cases_dir / "maya.png"
    Image.new("RGB", (2, 2)).save(photo)
    calls = spy_on(monkeypatch, "load_case")
    loader = ProjectLoader()
    assert loader.load(layout).problems == []
    photo.unlink()  # the case file itself is unchanged
    problems = loader.load(layout).problems
    assert calls == ["maya-r-t11.yml", "maya-r-t11.yml"]
    assert [p.message for p in problems] == ["'maya.png' does not exist in the cases folder"]
    Image.new("RGB", (3, 3)).save(photo)  # fixed, the case file still unchanged
    assert loader.load(layout).problems == []
    assert loader.load(layout).problems == []  # unchanged case and photo: not decoded again
    assert calls == ["maya-r-t11.yml"] * 3


def test_deleted_file_disappears(layout: Layout) -> None:
    loader = ProjectLoader()
    assert len(loader.load(layout).cases) == 1
    (layout.cases_dir / "maya-r-t11.yml").unlink()
    assert loader.load(layout).cases == []


# --- the build date ---------------------------------------------------------------------------


def test_build_date_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert build_date() == dt.date(2026, 11, 18)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert build_date() == dt.date(1970, 1, 1)


def test_build_date_defaults_to_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(tz=dt.UTC).date()
    assert before <= build_date() <= dt.datetime.now(tz=dt.UTC).date()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert before <= build_date()


@pytest.mark.parametrize("value", ["yesterday", "1.5", "99999999999999999999"])
def test_build_date_refuses_nonsense(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ConfigError, match="is not a Unix timestamp"):
        build_date()


def test_hidden_files_are_skipped_and_yaml_suffix_is_reported(layout: Layout) -> None:
    (layout.cases_dir / ".#lock.yml").write_text("not: [a case")
    (layout.cases_dir / "maya.yaml").write_text("id: maya\n")
    problems = [str(p) for p in ProjectLoader().load(layout).problems]
    assert not any(".#lock.yml" in p for p in problems)
    expected = "cases/maya.yaml:1:1: (file): case files end in .yml; rename it"
    assert expected in problems


@pytest.mark.parametrize("value", ["-99999999999", "32503680000"])  # before 1970, year 3000
def test_build_date_refuses_implausible_years(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ConfigError, match="is not a Unix timestamp"):
        build_date()


# --- limits: layouts, links and problem counts ---------------------------------------------------


def test_layout_check_refuses_cases_inside_docs(tmp_path: Path) -> None:
    layout = Layout(
        tmp_path, tmp_path / "content" / "cases", tmp_path / "content", tmp_path / "content" / "p"
    )
    with pytest.raises(ConfigError, match="overlaps docs_dir 'content'"):
        layout.check()
    with pytest.raises(ConfigError, match="overlaps docs_dir"):
        Layout(tmp_path, tmp_path, tmp_path / "content", tmp_path / "content" / "p").check()


def test_layout_check_refuses_protocols_outside_docs_and_templates_inside(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    with pytest.raises(ConfigError, match="must be inside docs_dir"):
        Layout(tmp_path, tmp_path / "cases", docs, tmp_path / "protocols").check()
    with pytest.raises(ConfigError, match="templates_dir 'content/t' is inside docs_dir"):
        Layout(tmp_path, tmp_path / "cases", docs, docs / "p", docs / "t").check()
    make_layout(tmp_path).check()  # the usual layout is fine


def test_a_file_linked_from_outside_the_site_is_refused(layout: Layout, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yml"
    outside.write_text((layout.cases_dir / "maya-r-t11.yml").read_text())
    (layout.cases_dir / "maya-r-t11.yml").unlink()
    (layout.cases_dir / "maya-r-t11.yml").symlink_to(outside)
    project = ProjectLoader().load(layout)
    assert [str(p) for p in project.problems] == [
        "cases/maya-r-t11.yml:1:1: (file): is a symbolic link that leads out of the site; copy "
        "the file in instead"
    ]
    assert project.cases == []


def test_a_link_inside_the_site_is_followed(layout: Layout) -> None:
    moved = layout.root / "kept" / "maya-r-t11.yml"
    moved.parent.mkdir()
    (layout.cases_dir / "maya-r-t11.yml").rename(moved)
    (layout.cases_dir / "maya-r-t11.yml").symlink_to(moved)
    assert ProjectLoader().load(layout).problems == []


def test_problems_of_one_file_are_capped(layout: Layout) -> None:
    data = valid_case()
    data["timeline"] = [{"week": "x"} for _ in range(300)]
    write_case(layout.cases_dir, data)
    problems = ProjectLoader().load(layout).problems
    assert len(problems) == 101
    assert problems[-1].message.endswith(
        "more problems in this file are not shown; fix these and run again"
    )
    assert problems == sorted(problems)


def test_a_large_caseload_loads_the_same_on_several_cores(tmp_path: Path) -> None:
    from generator.content.sources import PARALLEL_FROM
    from tests.benchmarks.reload import make_site

    site = make_site(tmp_path / "site", PARALLEL_FROM + 20)
    cases = case_files(site / "cases")
    last = cases[-1]  # in the second half: loaded by the other process
    last.write_text(last.read_text().replace("\n  ais: ", "\n  ais: Z", 1))
    layout = Layout(site, site / "cases", site / "content", site / "content" / "protocols")
    one = ProjectLoader().load(layout)
    two = ProjectLoader(workers=2).load(layout)
    assert [c.source for c in two.cases] == [c.source for c in one.cases]
    assert [c.model for c in two.cases] == [c.model for c in one.cases]
    assert [c.doc.marks for c in two.cases] == [c.doc.marks for c in one.cases]
    assert two.problems == one.problems
    assert [p.path for p in two.problems] == [f"cases/{last.name}"]
    assert len(two.cases) == len(cases) - 1


def test_translations_load_the_same_on_several_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.content.sources as sources
    from tests.benchmarks.reload import make_site

    site = make_site(tmp_path / "site", 40, languages=True)
    translations = sorted((site / "cases").glob("*.es.yml"))
    last = translations[-1]  # in the second half: loaded by the other process
    last.write_text(last.read_text() + "injury:\n  ais: Z\n")
    layout = Layout(site, site / "cases", site / "content", site / "content" / "protocols")
    monkeypatch.setattr(sources, "PARALLEL_FROM", 10)
    one = ProjectLoader().load(layout, ("es",))
    two = ProjectLoader(workers=2).load(layout, ("es",))
    assert two.translations == one.translations
    assert two.problems == one.problems and two.outdated == one.outdated
    assert [p.path for p in two.problems] == [f"cases/{last.name}"]
    assert len(two.translations["es"]) == len(translations) - 1
