"""Loading case files and protocol front matter from disk into validated models."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from generator.content.errors import Problem
from generator.content.load import load_case, load_protocol, split_front_matter
from tests.conftest import ROOT
from tests.factories import case_files, valid_case, valid_protocol, write_case, write_protocol


def lines(problems: list[Problem]) -> list[str]:
    return [str(p) for p in sorted(problems)]


def test_valid_case_loads(tmp_path: Path) -> None:
    path = write_case(tmp_path / "cases", valid_case())
    sourced, problems = load_case(path, "cases/maya-r-t11.yml")
    assert problems == []
    assert sourced is not None
    assert sourced.model.id == "maya-r-t11"
    assert sourced.source == "cases/maya-r-t11.yml"
    assert sourced.path == path
    assert sourced.problem(("patient", "age"), "x") == Problem(
        "cases/maya-r-t11.yml", 6, 8, "patient.age", "x"
    )


@pytest.mark.parametrize("path", case_files(ROOT / "cases"), ids=lambda p: p.stem)
def test_sample_cases_are_valid(path: Path) -> None:
    sourced, problems = load_case(path, path.name)
    assert problems == []
    assert sourced is not None


def test_id_must_equal_the_file_name(tmp_path: Path) -> None:
    path = write_case(tmp_path / "cases", valid_case(), name="maya")
    sourced, problems = load_case(path, "cases/maya.yml")
    assert sourced is None
    assert lines(problems) == [
        "cases/maya.yml:1:5: id: 'maya-r-t11' must equal the file name 'maya'"
    ]


def test_id_mismatch_is_reported_with_other_problems(tmp_path: Path) -> None:
    data = valid_case()
    data["patient"]["age"] = "200"
    path = write_case(tmp_path / "cases", data, name="maya")
    _, problems = load_case(path, "cases/maya.yml")
    assert lines(problems) == [
        "cases/maya.yml:1:5: id: 'maya-r-t11' must equal the file name 'maya'",
        "cases/maya.yml:6:8: patient.age: must be at most 120, not '200'",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "x.yml:1:1: (file): must be a mapping of fields"),
        ("just text\n", "x.yml:1:1: (file): must be a mapping of fields"),
        ("", "x.yml:1:1: (file): the file is empty"),
    ],
)
def test_not_a_mapping(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    sourced, problems = load_case(path, "x.yml")
    assert sourced is None
    assert lines(problems) == [expected]


def _sample_text() -> str:
    return (ROOT / "cases" / "ana-v-c5.yml").read_text(encoding="utf-8")


def _load_text(tmp_path: Path, text: str, name: str = "ana-v-c5") -> list[str]:
    path = tmp_path / "cases" / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    sourced, problems = load_case(path, f"cases/{name}.yml")
    assert (sourced is None) == bool(problems)
    return lines(problems)


def test_exact_positions_in_a_real_case(tmp_path: Path) -> None:
    text = (
        _sample_text()
        .replace("  age: 26\n", "  age: 260\n")
        .replace("  ais: C\n  cause", "  ais: Z\n  cause")
        .replace("      route: iv\n", "      route: oral\n")
        .replace('    ashworth: "1+"\n', "    ashworth: 5\n")
    )
    assert _load_text(tmp_path, text) == [
        "cases/ana-v-c5.yml:8:8: patient.age: must be at most 120, not '260'",
        "cases/ana-v-c5.yml:14:8: injury.ais: 'Z' is not one of A, B, C, D",
        "cases/ana-v-c5.yml:23:14: treatment.sessions[0].route: "
        "'oral' is not one of iv, intrathecal, intraspinal",
        "cases/ana-v-c5.yml:38:15: assessments[0].ashworth: '5' is not one of 0, 1, 1+, 2, 3, 4",
    ]


def test_yaml_and_model_problems_together(tmp_path: Path) -> None:
    text = _sample_text().replace("  age: 26\n", "  age: 26\n  age: 27\n  nmae: x\n")
    assert _load_text(tmp_path, text) == [
        "cases/ana-v-c5.yml:9:3: patient.age: duplicate key 'age' (first at line 8)",
        "cases/ana-v-c5.yml:10:9: patient.nmae: unknown field 'nmae'; did you mean 'name'?",
    ]


def test_a_yaml_problem_alone_keeps_the_case_out(tmp_path: Path) -> None:
    text = _sample_text().replace("status: draft\n", "status: !!str draft\n")
    assert _load_text(tmp_path, text) == [
        "cases/ana-v-c5.yml:3:9: status: tags are not allowed (found 'tag:yaml.org,2002:str')"
    ]


def test_cross_field_problem_is_located(tmp_path: Path) -> None:
    text = _sample_text().replace("  date: 2024-05\n", "  date: 2027\n")
    assert _load_text(tmp_path, text) == [
        "cases/ana-v-c5.yml:16:9: injury.date: must not be after treatment.start"
    ]


def test_no_code_from_a_tag_runs_when_loading_a_case(tmp_path: Path) -> None:
    sentinel = tmp_path / "SENTINEL"
    text = _sample_text().replace(
        "status: draft\n", f'status: !!python/object/apply:os.system ["touch {sentinel}"]\n'
    )
    found = _load_text(tmp_path, text)
    assert any(line.startswith("cases/ana-v-c5.yml:3:9: status: tags are not") for line in found)
    assert not sentinel.exists()


# --- photos -----------------------------------------------------------------------------------


def _photo_case(cases: Path, photo: str) -> list[str]:
    data = valid_case()
    data["patient"]["photo"] = photo
    data["consent"]["scope"].append("photo")
    path = write_case(cases, data)
    sourced, problems = load_case(path, "cases/maya-r-t11.yml")
    assert (sourced is None) == bool(problems)
    return [f"{p.field}: {p.message}" for p in problems]


def _image(path: Path, kind: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4), "teal").save(path, format=kind)
    return path


@pytest.mark.parametrize(("name", "kind"), [("photos/maya.jpg", "JPEG"), ("maya.png", "PNG")])
def test_photo_in_cases_loads(tmp_path: Path, name: str, kind: str) -> None:
    cases = tmp_path / "cases"
    _image(cases / name, kind)
    assert _photo_case(cases, name) == []


def test_missing_photo(tmp_path: Path) -> None:
    assert _photo_case(tmp_path / "cases", "photos/maya.jpg") == [
        "patient.photo: 'photos/maya.jpg' does not exist in the cases folder"
    ]


def test_photo_that_is_not_an_image(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    (cases / "photos").mkdir(parents=True)
    (cases / "photos" / "maya.jpg").write_text("<script>alert(1)</script>")
    assert _photo_case(cases, "photos/maya.jpg") == [
        "patient.photo: 'photos/maya.jpg' is not a JPEG or PNG image"
    ]


def test_photo_of_another_format_with_a_jpeg_name(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    _image(cases / "maya.jpg", "GIF")
    assert _photo_case(cases, "maya.jpg") == [
        "patient.photo: 'maya.jpg' is not a JPEG or PNG image"
    ]


def test_photo_symlink_is_refused(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    real = _image(cases / "real.jpg", "JPEG")
    (cases / "maya.jpg").symlink_to(real)
    assert _photo_case(cases, "maya.jpg") == [
        "patient.photo: 'maya.jpg' is or passes through a symbolic link; copy the photo instead"
    ]


def test_photo_through_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    _image(tmp_path / "elsewhere" / "maya.jpg", "JPEG")
    cases.mkdir()
    (cases / "photos").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert _photo_case(cases, "photos/maya.jpg") == [
        "patient.photo: 'photos/maya.jpg' is or passes through a symbolic link; copy the photo "
        "instead"
    ]


def test_photo_when_the_site_itself_sits_behind_a_symlink(tmp_path: Path) -> None:
    # Only links inside cases/ matter: a site checked out under a linked folder still works.
    _image(tmp_path / "real" / "cases" / "maya.jpg", "JPEG")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert _photo_case(tmp_path / "link" / "cases", "maya.jpg") == []


# --- protocols --------------------------------------------------------------------------------


def test_valid_protocol_loads(tmp_path: Path) -> None:
    path = write_protocol(tmp_path, valid_protocol())
    sourced, problems = load_protocol(path, "content/protocols/uc-msc-iv-lp.md")
    assert problems == []
    assert sourced is not None
    assert sourced.model.routes == ["iv", "intrathecal"]


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "protocols").glob("*.md")))
def test_sample_protocols_are_valid(path: Path) -> None:
    sourced, problems = load_protocol(path, path.name)
    assert problems == []
    assert sourced is not None


def test_protocol_id_must_equal_the_file_name(tmp_path: Path) -> None:
    path = write_protocol(tmp_path, valid_protocol(), name="other")
    sourced, problems = load_protocol(path, "p/other.md")
    assert sourced is None
    assert lines(problems) == [
        "p/other.md:3:7: protocol.id: 'uc-msc-iv-lp' must equal the file name 'other'"
    ]


def test_protocol_id_mismatch_is_reported_with_other_problems(tmp_path: Path) -> None:
    data = valid_protocol()
    data["risks"] = []
    path = write_protocol(tmp_path, data, name="other")
    _, problems = load_protocol(path, "p/other.md")
    assert [p.field for p in sorted(problems)] == ["protocol.id", "protocol.risks"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Overview\n", "p.md:1:1: protocol: needs front matter with a protocol:"),
        ("---\ntitle: X\n---\n", "p.md:2:1: protocol: is required"),
        ("---\nprotocol: [\n---\n", "p.md:3:1: (file): YAML syntax error: did not find expected "
         "node content"),
        ("---\nprotocol: x\n---\n", "p.md:2:11: protocol: must be a mapping of fields, not 'x'"),
        ("---\n---\n", "p.md:2:1: (file): the file is empty"),
        ("\n---\nprotocol: {}\n---\n", "p.md:1:1: protocol: needs front matter with a protocol:"),
    ],
)  # fmt: skip
def test_protocol_front_matter_problems(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "p.md"
    path.write_text(text, encoding="utf-8")
    sourced, problems = load_protocol(path, "p.md")
    assert sourced is None
    assert lines(problems) == [expected]


def test_protocol_positions_count_the_front_matter_fence(tmp_path: Path) -> None:
    text = (
        "---\n"
        "title: UC-MSC\n"
        "protocol:\n"
        "  id: p\n"
        "  routes: [iv, oral]\n"
        "  sessions: {min: 3, max: 2}\n"
    )
    path = tmp_path / "p.md"
    path.write_text(text + "  risk: [x]\n---\nBody\n", encoding="utf-8")
    _, problems = load_protocol(path, "p.md")
    found = lines(problems)
    assert "p.md:3:1: protocol.name: is required" in found
    assert "p.md:5:16: protocol.routes[1]: 'oral' is not one of iv, intrathecal, intraspinal" in (
        found
    )
    assert "p.md:6:3: protocol.sessions: max (2) must be at least min (3)" in found
    assert "p.md:7:3: protocol.risk: unknown field 'risk'; did you mean 'risks'?" in found


def test_protocol_with_windows_line_endings(tmp_path: Path) -> None:
    path = write_protocol(tmp_path, valid_protocol())
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    sourced, problems = load_protocol(path, "p.md")
    assert problems == []
    assert sourced is not None


def test_protocol_front_matter_may_end_with_dots(tmp_path: Path) -> None:
    path = write_protocol(tmp_path, valid_protocol())
    path.write_text(path.read_text(encoding="utf-8").replace("---\n\n##", "...\n\n##"))
    sourced, problems = load_protocol(path, "p.md")
    assert problems == []
    assert sourced is not None


def test_protocol_in_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(b"---\nprotocol:\n  name: Caf\xe9\n---\n")
    sourced, problems = load_protocol(path, "p.md")
    assert sourced is None
    assert [(p.line, p.column) for p in problems] == [(3, 12)]


def test_split_front_matter() -> None:
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1\n", 1)
    assert split_front_matter("---  \na: 1\n---\n") == ("a: 1\n", 1)
    assert split_front_matter("body\n---\na: 1\n---\n") is None
    assert split_front_matter("---\na: 1\n") is None
