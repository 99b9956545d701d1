from __future__ import annotations

import pytest

from generator.content.errors import CasebookError, ConfigError, ContentError, Problem


def test_problem_formats_as_path_line_column_field_message() -> None:
    problem = Problem("cases/maya-r-t11.yml", 12, 5, "injury.ais", "'Z' is not one of A, B, C, D")
    assert str(problem) == "cases/maya-r-t11.yml:12:5: injury.ais: 'Z' is not one of A, B, C, D"


def test_problem_github_annotation() -> None:
    problem = Problem("cases/x.yml", 3, 7, "assessments[1].lems", "must be at most 50")
    assert problem.github() == (
        "::error file=cases/x.yml,line=3,col=7::assessments[1].lems: must be at most 50"
    )


def test_problem_github_escapes_percent_and_shows_newlines_escaped() -> None:
    problem = Problem("cases/x.yml", 1, 1, "story", "100% sure\nsecond line")
    annotation = problem.github()
    assert annotation == "::error file=cases/x.yml,line=1,col=1::story: 100%25 sure\\nsecond line"
    assert "\n" not in annotation


def test_problem_is_one_line_whatever_its_parts_hold() -> None:
    # A key written "a\nOK: ..." or holding a terminal escape must not fake a line or recolour.
    problem = Problem("cases/a\nb.yml", 2, 3, "x\nOK: all valid", "m\x1b[31m\r\u2028end")
    assert str(problem) == ("cases/a\\nb.yml:2:3: x\\nOK: all valid: m\\x1b[31m\\r\\u2028end")
    assert problem.github().count("\n") == 0
    assert "\x1b" not in problem.github()


def test_problem_github_escapes_the_file_property() -> None:
    problem = Problem("cases/a,b:c%.yml", 1, 1, "id", "m")
    assert problem.github() == "::error file=cases/a%2Cb%3Ac%25.yml,line=1,col=1::id: m"


def test_problem_github_cannot_start_a_second_workflow_command() -> None:
    problem = Problem("cases/x.yml", 1, 1, "k\n::error file=y::forged", "m")
    assert problem.github().splitlines() == [problem.github()]


def test_problem_github_escapes_percent_in_the_field_too() -> None:
    assert Problem("a.yml", 2, 3, "a%b", "m").github().endswith("::a%25b: m")


def test_problems_order_by_path_then_line_then_column() -> None:
    problems = [
        Problem("b.yml", 1, 1, "id", "x"),
        Problem("a.yml", 10, 1, "id", "x"),
        Problem("a.yml", 2, 9, "id", "x"),
        Problem("a.yml", 2, 3, "id", "x"),
    ]
    assert [(p.path, p.line, p.column) for p in sorted(problems)] == [
        ("a.yml", 2, 3),
        ("a.yml", 2, 9),
        ("a.yml", 10, 1),
        ("b.yml", 1, 1),
    ]


def test_content_error_sorts_and_removes_duplicates() -> None:
    late = Problem("cases/b.yml", 4, 1, "status", "bad")
    early = Problem("cases/a.yml", 9, 2, "id", "bad")
    error = ContentError([late, early, late])
    assert error.problems == [early, late]


def test_content_error_keeps_distinct_problems_at_one_position() -> None:
    first = Problem("cases/a.yml", 1, 1, "id", "too long")
    second = Problem("cases/a.yml", 1, 1, "id", "bad characters")
    assert len(ContentError([first, second]).problems) == 2


def test_content_error_message_counts_and_lists_every_problem() -> None:
    problems = [
        Problem("cases/b.yml", 4, 1, "status", "bad"),
        Problem("cases/a.yml", 9, 2, "id", "x"),
    ]
    message = str(ContentError([*problems, problems[0]]))
    assert message == (
        "2 errors in case or protocol files:\ncases/a.yml:9:2: id: x\ncases/b.yml:4:1: status: bad"
    )


def test_content_error_message_is_singular_for_one_problem() -> None:
    message = str(ContentError(iter([Problem("cases/a.yml", 1, 2, "id", "x")])))
    assert message.startswith("1 error in case or protocol files:\n")
    assert message.splitlines()[1:] == ["cases/a.yml:1:2: id: x"]


def test_errors_share_the_casebook_base() -> None:
    assert issubclass(ConfigError, CasebookError)
    assert issubclass(ContentError, CasebookError)
    assert not issubclass(ConfigError, ContentError)
    with pytest.raises(CasebookError, match=r"^bad config$"):
        raise ConfigError("bad config")
