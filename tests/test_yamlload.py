"""The strict YAML loader: every trap one by one, with exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.content.errors import Problem
from generator.content.strict_yaml import (
    MAX_BYTES,
    MAX_DEPTH,
    Document,
    format_path,
    load_file,
    parse,
    read_text,
)


def _parse_ok(text: str) -> Document:
    doc, problems = parse(text, "x.yml")
    assert problems == []
    assert doc is not None
    return doc


def _only_problem(text: str) -> Problem:
    _, problems = parse(text, "x.yml")
    assert len(problems) == 1, problems
    return problems[0]


# --- YAML 1.1 typing: every scalar stays text -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("country: NO", "NO"),  # Norway, not False
        ("country: no", "no"),
        ("flag: yes", "yes"),
        ("flag: on", "on"),
        ("ashworth: 1+", "1+"),
        ("ashworth: 1", "1"),
        ("date: 2021-06", "2021-06"),
        ("date: 2023-09-04", "2023-09-04"),  # not a datetime.date
        ("date: 2021", "2021"),
        ("dose: 1e3", "1e3"),
        ("octal: 010", "010"),
        ("sexagesimal: 1:20", "1:20"),
        ("quoted: 'null'", "null"),
        ('quoted: "~"', "~"),
        ("dot: .inf", ".inf"),
    ],
)
def test_scalars_stay_text(line: str, expected: str) -> None:
    key = line.split(":")[0]
    assert _parse_ok(line + "\n").data == {key: expected}


@pytest.mark.parametrize("value", ["", "~", "null", "Null", "NULL"])
def test_unquoted_null_is_none(value: str) -> None:
    assert _parse_ok(f"revoked: {value}\n").data == {"revoked": None}


def test_nested_values_and_marks() -> None:
    doc = _parse_ok("patient:\n  name: Maya R.\n  age: 34\nscope: [clinical, quote]\n")
    assert doc.data == {
        "patient": {"name": "Maya R.", "age": "34"},
        "scope": ["clinical", "quote"],
    }
    # Scalars are marked at the value, mappings and lists at their key.
    assert doc.marks[("patient",)] == (1, 1)
    assert doc.marks[("patient", "name")] == (2, 9)
    assert doc.marks[("patient", "age")] == (3, 8)
    assert doc.marks[("scope",)] == (4, 1)
    assert doc.marks[("scope", 1)] == (4, 19)


def test_locate_falls_back_to_nearest_ancestor() -> None:
    doc = _parse_ok("patient:\n  name: Maya R.\n")
    assert doc.locate(("patient", "age")) == (1, 1)
    assert doc.locate(("patient", "name", "deeper")) == (2, 9)
    assert doc.locate(("nowhere",)) == doc.marks[()]
    assert Document(data={}).locate(("a",)) == (1, 1)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), "(file)"),
        (("id",), "id"),
        (("patient", "age"), "patient.age"),
        (("assessments", 1, "lems"), "assessments[1].lems"),
        (("timeline", 0), "timeline[0]"),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


# --- the traps, one by one --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "id: a\nid: b\n",
            "x.yml:2:1: id: duplicate key 'id' (first at line 1)",
            id="duplicate-key",
        ),
        pytest.param(
            "patient:\n  age: 3\n  age: 4\n",
            "x.yml:3:3: patient.age: duplicate key 'age' (first at line 2)",
            id="duplicate-nested-key",
        ),
        pytest.param(
            "a: {b: 1, b: 2}\n",
            "x.yml:1:11: a.b: duplicate key 'b' (first at line 1)",
            id="duplicate-flow-key",
        ),
        pytest.param(
            "base: &b 1\n",
            "x.yml:1:7: base: anchors (&name) are not allowed; write the value out",
            id="anchor",
        ),
        pytest.param(
            "a: 1\nb: *b\n",
            "x.yml:2:4: b: aliases (*name) are not allowed; write the value out",
            id="alias",
        ),
        pytest.param(
            "a: !!python/object/apply:os.system ['true']\n",
            "x.yml:1:4: a: tags are not allowed "
            "(found 'tag:yaml.org,2002:python/object/apply:os.system')",
            id="python-tag",
        ),
        pytest.param(
            "a: !!str 1\n",
            "x.yml:1:4: a: tags are not allowed (found 'tag:yaml.org,2002:str')",
            id="standard-tag",
        ),
        pytest.param(
            "a: !local x\n",
            "x.yml:1:4: a: tags are not allowed (found '!local')",
            id="local-tag",
        ),
        pytest.param(
            "? [a, b]\n: 1\n",
            "x.yml:1:3: (file): a key must be plain text",
            id="complex-key",
        ),
        pytest.param(
            "a: 1\n---\nb: 2\n",
            "x.yml:2:1: (file): only one YAML document is allowed (remove the extra ---)",
            id="two-documents",
        ),
        pytest.param("", "x.yml:1:1: (file): the file is empty", id="empty"),
        pytest.param("# nothing\n", "x.yml:1:1: (file): the file is empty", id="comment-only"),
        pytest.param("---\n", "x.yml:1:1: (file): the file is empty", id="empty-document"),
        pytest.param(
            "a: [1\n",
            "x.yml:2:1: (file): YAML syntax error: did not find expected ',' or ']'",
            id="syntax-error",
        ),
        pytest.param(
            "a: 1\n\tb: 2\n",
            "x.yml:2:1: (file): YAML syntax error: found a tab character that violates indentation",
            id="tab-indent",
        ),
        pytest.param(
            "a: 1\nb: x\x01y\n",
            "x.yml:2:5: (file): contains the character U+0001, which YAML does not allow; "
            "remove it",
            id="control-character",
        ),
    ],
)
def test_trap(text: str, expected: str) -> None:
    assert str(_only_problem(text)) == expected


def test_control_character_after_multibyte_text_is_located_by_character() -> None:
    # libyaml reports a byte offset; the column must count characters.
    problem = _only_problem("name: Émilie\nnote: ééé\x02\n")
    assert (problem.line, problem.column) == (2, 10)


def test_no_code_from_a_tag_ever_runs(tmp_path: Path) -> None:
    sentinel = tmp_path / "SENTINEL"
    case = tmp_path / "case.yml"
    case.write_text(
        f'id: x\nrun: !!python/object/apply:os.system ["touch {sentinel}"]\n'
        f"other: !!python/object/new:os.system [touch {sentinel}]\n"
        f"name: !!python/name:os.system\n",
        encoding="utf-8",
    )
    _, problems = load_file(case, "case.yml")
    assert [p.field for p in problems] == ["run", "other", "name"]
    assert all("tags are not allowed" in p.message for p in problems)
    assert not sentinel.exists()


def test_duplicate_key_keeps_the_first_value_and_its_positions() -> None:
    text = "patient:\n  name: A.\npatient:\n  age: 3\n"
    doc, problems = parse(text, "x.yml")
    assert doc is not None
    assert doc.data == {"patient": {"name": "A."}}
    assert [str(p) for p in problems] == [
        "x.yml:3:1: patient: duplicate key 'patient' (first at line 1)"
    ]
    assert doc.marks[("patient",)] == (1, 1)
    # The dropped duplicate must not leave its positions behind.
    assert ("patient", "age") not in doc.marks
    assert doc.locate(("patient", "age")) == (1, 1)


def test_complex_key_is_not_kept_as_a_field() -> None:
    doc, problems = parse("a: 1\n? {b: 2}\n: 3\nc: 4\n", "x.yml")
    assert doc is not None
    assert doc.data == {"a": "1", "c": "4"}
    assert len(problems) == 1


def test_every_problem_is_reported_in_one_pass() -> None:
    text = "a: &x 1\nb: *x\nc: !!int 3\nc: 4\n"
    _, problems = parse(text, "x.yml")
    assert [(p.line, p.field) for p in problems] == [(1, "a"), (2, "b"), (3, "c"), (4, "c")]


def test_anchor_and_alias_of_a_mapping() -> None:
    text = "a:\n  b: &x {c: 1}\n  d: *x\n"
    doc, problems = parse(text, "x.yml")
    assert doc is not None
    assert doc.data == {"a": {"b": {"c": "1"}, "d": None}}
    assert [(p.line, p.column, p.field) for p in problems] == [(2, 6, "a.b"), (3, 6, "a.d")]
    # The alias is kept as nothing, so the model's complaint about it must point at it.
    assert doc.marks[("a", "d")] == (3, 6)


def test_tag_on_a_key_is_refused() -> None:
    problem = _only_problem("!!str a: 1\n")
    assert "tags are not allowed" in problem.message


def test_top_level_list_is_parsed_for_the_caller_to_refuse() -> None:
    assert _parse_ok("- 1\n- 2\n").data == ["1", "2"]


def test_line_offset_moves_every_position() -> None:
    doc, problems = parse("a: 1\na: 2\n", "p.md", line_offset=1)
    assert doc is not None
    assert doc.marks[("a",)] == (2, 4)
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    _, syntax = parse("a: [1\n", "p.md", line_offset=1)
    assert (syntax[0].line, syntax[0].column) == (3, 1)


# --- reading files ----------------------------------------------------------------------------


def test_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.yml"
    path.write_bytes(b"\xef\xbb\xbfid: x\ncountry: NO\n")
    doc, problems = load_file(path, "bom.yml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"id": "x", "country": "NO"}
    assert doc.marks[("id",)] == (1, 5)


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yml"
    path.write_bytes(b"id: x\r\ncountry: NO\r\n")
    doc, problems = load_file(path, "crlf.yml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"id": "x", "country": "NO"}
    assert doc.marks[("country",)] == (2, 10)


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b"id: x\nname: \xff\n", 2, 7),
        (b"id: x\nname: \xc3\xa9\xc3\xa9\xe9t\xe9\n", 2, 9),  # Latin-1 after valid UTF-8
        (b"\xef\xbb\xbf\xffid: x\n", 1, 1),  # the BOM is not a column
        (b"\xe9\n", 1, 1),
    ],
)
def test_invalid_utf8_is_located(tmp_path: Path, raw: bytes, line: int, column: int) -> None:
    path = tmp_path / "latin1.yml"
    path.write_bytes(raw)
    text, problems = read_text(path, "latin1.yml")
    assert text is None
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (line, column)
    assert "not valid UTF-8" in problems[0].message
    assert "save the file as UTF-8" in problems[0].message


def test_file_over_the_limit_is_refused_unparsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    doc, problems = load_file(path, "big.yml")
    assert doc is None
    assert [str(p) for p in problems] == [
        f"big.yml:1:1: (file): file is {MAX_BYTES + 4:,} bytes; the limit is {MAX_BYTES:,}"
    ]


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.yml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n")
    doc, problems = load_file(path, "edge.yml")
    assert problems == []
    assert doc is not None


def test_missing_file(tmp_path: Path) -> None:
    doc, problems = load_file(tmp_path / "gone.yml", "gone.yml")
    assert doc is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 1, "cannot read: No such file or directory")
    ]


def test_every_message_is_one_line() -> None:
    for text in ("a: \x01\n", "a: [1\n", "a: b: c\n", "a: 1\n---\nb: 2\n", '"a\n'):
        _, problems = parse(text, "x.yml")
        assert problems, text
        assert all("\n" not in str(p) for p in problems), problems


def test_pure_python_parser_reports_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "id: a\nid: b\n",
        "a: &x 1\nb: *x\n",
        "a: !!python/object/apply:os.system ['true']\n",
        "a: 1\n---\nb: 2\n",
        "name: Émilie\nnote: ééé\x02\n",
        "country: NO\nashworth: 1+\n",
    ]
    fast = [parse(text, "x.yml") for text in texts]
    monkeypatch.setattr("generator.content.strict_yaml._Loader", yaml.SafeLoader)
    slow = [parse(text, "x.yml") for text in texts]
    assert [(d and d.data, p) for d, p in slow] == [(d and d.data, p) for d, p in fast]


# --- limits: nesting, duplicates, file kinds ------------------------------------------------------


def test_nesting_deeper_than_the_limit_is_one_located_problem() -> None:
    doc, problems = parse("a: " + "[" * 40 + "]" * 40 + "\nb: ok\n", "x.yml")
    assert doc is not None and doc.data == {
        "a": [[[[[[[[[[[[[[[[[[[None]]]]]]]]]]]]]]]]]]],
        "b": "ok",
    }
    assert [str(p) for p in problems] == [
        "x.yml:1:23: a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: "
        f"nested more than {MAX_DEPTH} levels deep"
    ]


def test_nesting_at_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1  # the top-level mapping is the first level
    doc, problems = parse("a: " + "[" * depth + "]" * depth, "x.yml")
    assert problems == [] and doc is not None


@pytest.mark.parametrize(
    ("depth", "message"),
    [
        (500, f"nested more than {MAX_DEPTH} levels deep"),
        (20_000, "YAML syntax error: exceeded maximum nesting depth"),  # libyaml's own limit
    ],
)
def test_very_deep_nesting_never_recurses(depth: int, message: str) -> None:
    _, problems = parse("[" * depth + "]" * depth, "x.yml")
    assert [p.message for p in problems] == [message]


def test_a_dropped_duplicate_is_still_checked_for_anchors_and_tags() -> None:
    text = "a: 1\na: {b: &x 1, c: !!str 2}\n"
    _, problems = parse(text, "x.yml")
    assert [p.message for p in sorted(problems)] == [
        "duplicate key 'a' (first at line 1)",
        "anchors (&name) are not allowed; write the value out",
        "tags are not allowed (found 'tag:yaml.org,2002:str')",
    ]


def test_many_duplicate_keys_keep_the_first_positions() -> None:
    text = "a: 1\n" + "a: [2, 3]\n" * 5_000
    doc, problems = parse(text, "x.yml")
    assert doc is not None and doc.data == {"a": "1"}
    assert doc.marks[("a",)] == (1, 4)
    assert len(problems) == 5_000


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_only_regular_files_are_read(kind: str, tmp_path: Path) -> None:
    import os
    import threading

    path = tmp_path / "x.yml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    result: list[object] = []
    reader = threading.Thread(target=lambda: result.append(read_text(path, "x.yml")), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # free the reader before failing, so the test run ends
        with path.open("w"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert result == [
        (None, [Problem("x.yml", 1, 1, "(file)", "is not a regular file; replace it")])
    ]


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b"\xef\xbb\xbfid:\xff 0\n", 1, 4),  # after a byte-order mark, columns still count from 1
        (b"\xef\xbb\xbfi\xffd: 0\n", 1, 2),
        (b"\xef\xbb\xbfid: 0\n\xc3", 2, 1),
        (b"id: \xc3\xa9\xff\n", 1, 6),  # characters, not bytes: the accent is one column
    ],
)
def test_invalid_utf8_is_located_with_or_without_a_byte_order_mark(
    tmp_path: Path, raw: bytes, line: int, column: int
) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(raw)
    text, problems = read_text(path, "x.yml")
    assert text is None
    assert [(p.line, p.column) for p in problems] == [(line, column)]
    assert problems[0].message.startswith("not valid UTF-8 (byte 0x")


@pytest.mark.parametrize("text", ["id: 0\ns", "id: 0\ns\n", "a: [1,\n", "a: [1,"])
def test_a_syntax_error_at_the_end_is_located_inside_the_file(text: str) -> None:
    _, problems = parse(text, "x.yml")
    [problem] = problems
    lines = text.split("\n")  # a final line break starts one more (empty) line, as editors show
    assert 1 <= problem.line <= len(lines)
    assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1
