"""Decap CMS fields from JSON Schema: widgets, bounds, required at every depth, no nested lists."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field

from generator.cli.cms_fields import Converter


class Item(BaseModel):
    word: Annotated[str, Field(min_length=1, max_length=20)]
    count: Annotated[int, Field(ge=1, le=9)] | None = None


class Inner(BaseModel):
    by: str
    on: Annotated[str, Field(pattern=r"^\d{4}-\d{2}$")]


class Sample(BaseModel):
    title: Annotated[str, Field(max_length=80)]
    note: Annotated[str, Field(max_length=500)] | None = None
    dose: Annotated[float, Field(gt=0)]
    items: Annotated[list[Item], Field(min_length=1)]
    events: list[Item]
    words: list[str] | None = None
    review: Inner | None = None
    done: bool = False


def _fields(hints: dict[tuple[str, ...], str] | None = None) -> dict[str, Any]:
    converted = Converter(Sample.model_json_schema(), hints or {}).fields()
    return {field["name"]: field for field in converted}


def test_strings_get_a_box_of_their_length_and_a_length_pattern() -> None:
    fields = _fields()
    assert fields["title"]["widget"] == "string"
    assert fields["title"]["pattern"] == [r"^[\s\S]{0,80}$", "at most 80 characters"]
    assert fields["note"]["widget"] == "text"
    assert fields["note"]["required"] is False


def test_numbers_keep_their_bounds_even_exclusive_ones() -> None:
    dose = _fields()["dose"]
    assert (dose["widget"], dose["value_type"], dose["min"]) == ("number", "float", 0)


def test_lists_of_objects_carry_their_items_fields_and_bounds() -> None:
    items = _fields()["items"]
    assert (items["widget"], items["min"], items["label_singular"]) == ("list", 1, "Item")
    word, count = items["fields"]
    assert "required" not in word and count["required"] is False
    assert (count["min"], count["max"]) == (1, 9)
    assert items["summary"] == "{{fields.word}}"


def test_a_required_list_that_may_be_empty_is_saved_as_an_empty_list() -> None:
    events = _fields()["events"]
    assert (events["required"], events["default"]) == (False, [])


def test_a_list_of_strings_has_one_field() -> None:
    words = _fields()["words"]
    assert words["field"]["widget"] == "text"  # no length limit: a box that grows
    assert words["required"] is False


def test_an_optional_objects_fields_are_optional_in_the_form() -> None:
    review = _fields()["review"]
    assert review["required"] is False
    assert [field["required"] for field in review["fields"]] == [False, False]
    assert review["fields"][1]["pattern"][0] == r"^\d{4}-\d{2}$"  # the rule itself stays


def test_defaults_and_hints_come_through() -> None:
    fields = _fields({("items", "word"): "one word"})
    assert fields["done"] == {"label": "Done", "name": "done", "widget": "boolean",
                              "required": False, "default": False}  # fmt: skip
    assert fields["items"]["fields"][0]["hint"] == "one word"


def test_a_list_inside_a_list_is_refused() -> None:
    class Deep(BaseModel):
        rows: list[list[Item]]

    with pytest.raises(ValueError, match="rows: a list inside a list"):
        Converter(Deep.model_json_schema(), {}).fields()


def test_special_fields_replace_the_generated_widget() -> None:
    special: dict[tuple[str, ...], dict[str, Any]] = {
        ("title",): {"widget": "relation", "collection": "x"}
    }
    title = Converter(Sample.model_json_schema(), {}, special).fields()[0]
    assert title == {"label": "Title", "name": "title", "widget": "relation", "collection": "x"}
