"""Pydantic errors turned into one-line, located problems in the case format's words."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.content.messages import _model_at, describe, problems_from
from generator.content.models import Assessment, Case, Patient, PriceOption, Protocol, Session
from generator.content.strict_yaml import parse
from tests.factories import valid_case


def _error(kind: str, **extra: Any) -> ErrorDetails:
    error: dict[str, Any] = {"type": kind, "loc": ("x",), "msg": "pydantic's words", **extra}
    error.setdefault("input", "v")
    return error  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (_error("missing"), "is required"),
        (_error("int_parsing", input="1.5"), "must be a whole number, not '1.5'"),
        (_error("float_parsing", input="x"), "must be a number, not 'x'"),
        (_error("finite_number", input="inf"), "must be a finite number, not 'inf'"),
        (_error("greater_than_equal", ctx={"ge": 0}, input="-1"), "must be at least 0, not '-1'"),
        (_error("greater_than_equal", ctx={"ge": 0.0}), "must be at least 0, not 'v'"),
        (_error("greater_than", ctx={"gt": 0.5}), "must be more than 0.5, not 'v'"),
        (_error("less_than_equal", ctx={"le": 50}, input="51"), "must be at most 50, not '51'"),
        (_error("string_type", input=["a"]), "must be text, not a list"),
        (_error("list_type", input={"a": 1}), "must be a list, not a mapping"),
        (_error("model_type", input=None), "must be a mapping of fields, not nothing"),
        (_error("too_short", ctx={"min_length": 1}), "needs at least 1 item(s)"),
        (_error("string_too_short", ctx={"min_length": 1}), "must not be empty"),
        (
            _error("string_too_long", ctx={"max_length": 3}, input="abcd"),
            "is 4 characters long; the limit is 3",
        ),
        (
            _error("literal_error", ctx={"expected": "'A', 'B' or 'C'"}, input="Z"),
            "'Z' is not one of A, B, C",
        ),
        (
            _error("value_error", ctx={"error": ValueError("my own words")}),
            "my own words",
        ),
        (_error("some_new_kind"), "pydantic's words"),
    ],
)
def test_describe(error: ErrorDetails, message: str) -> None:
    assert describe(error) == message


def test_unknown_field_hint_needs_the_model() -> None:
    error = _error("extra_forbidden", loc=("patient", "nmae"))
    assert describe(error) == "unknown field 'nmae'"
    assert describe(error, Patient) == "unknown field 'nmae'; did you mean 'name'?"


@pytest.mark.parametrize(
    ("loc", "model"),
    [
        (("statuss",), Case),
        (("patient", "nmae"), Patient),
        (("treatment", "sessions", 0, "rout"), Session),
        (("assessments", 3, "lem"), Assessment),
        (("consent", "scope", 0), None),  # a list of words, not of models
        (("patient", "age", "deeper"), None),
    ],
)
def test_model_at(loc: tuple[str | int, ...], model: type[BaseModel] | None) -> None:
    assert _model_at(Case, loc) is model


def test_model_at_through_an_optional_model() -> None:
    assert _model_at(Protocol, ("price", "options", 0, "prize")) is PriceOption


def _problems(text: str) -> list[str]:
    doc, problems = parse(text, "cases/x.yml")
    assert doc is not None and problems == []
    with pytest.raises(ValidationError) as caught:
        Case.model_validate(doc.data)
    return [str(p) for p in problems_from(caught.value, Case, doc, "cases/x.yml")]


def test_problems_point_at_the_value_or_the_nearest_parent() -> None:
    text = (
        "id: x\n"
        "status: live\n"
        "patient:\n"
        "  name: Maya R.\n"
        "  age: 340\n"
        "assessments:\n"
        "  - week: -1\n"
        "    lemz: 3\n"
    )
    found = _problems(text)
    assert "cases/x.yml:2:9: status: 'live' is not one of draft, review, published, withdrawn" in (
        found
    )
    assert "cases/x.yml:5:8: patient.age: must be at most 120, not '340'" in found
    assert "cases/x.yml:3:1: patient.country: is required" in found
    assert "cases/x.yml:8:11: assessments[0].lemz: unknown field 'lemz'; did you mean 'lems'?" in (
        found
    )
    assert "cases/x.yml:1:1: headline: is required" in found


def test_every_problem_is_one_line() -> None:
    data = valid_case()
    data["headline"] = "a\nb" * 100
    with pytest.raises(ValidationError) as caught:
        Case.model_validate(data)
    doc, _ = parse("id: x\n", "x.yml")
    assert doc is not None
    for problem in problems_from(caught.value, Case, doc, "x.yml"):
        assert "\n" not in problem.message
