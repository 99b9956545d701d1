"""Reusable field types: identifiers, plain text, Markdown and dates as case files write them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from generator.content.fields import (
    ID_PATTERN,
    Decimal,
    Identifier,
    IsoDate,
    Partial,
    PartialDate,
    PlainText,
    TextScalar,
    Visible,
    visible,
)


def _error(adapter: TypeAdapter[Any], value: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(value)
    errors = caught.value.errors(include_url=False)
    assert len(errors) == 1
    return str(errors[0]["msg"])


IDS: TypeAdapter[str] = TypeAdapter(Identifier)


@pytest.mark.parametrize("value", ["maya-r-t11", "a", "a1", "1", "x-1-y", "a" * 64])
def test_identifier_accepts(value: str) -> None:
    assert IDS.validate_python(value) == value


@pytest.mark.parametrize(
    "value",
    ["Maya", "maya_r", "-maya", "maya-", "maya--r", "maya r", "", "maya.yml", "é", "maya-r\n"],
)
def test_identifier_refuses(value: str) -> None:
    assert "is not a valid id" in _error(IDS, value)


def test_identifier_length_limit() -> None:
    assert "at most 64 characters" in _error(IDS, "a" * 65)


def test_identifier_schema_carries_the_pattern() -> None:
    schema = IDS.json_schema()
    assert schema["pattern"] == ID_PATTERN
    assert schema["maxLength"] == 64


PLAIN: TypeAdapter[str] = TypeAdapter(Annotated[str, Field(min_length=1, max_length=10), Visible])


def test_plain_text_bounds() -> None:
    assert PLAIN.validate_python("a") == "a"
    assert PLAIN.validate_python("x" * 10) == "x" * 10
    assert "at least 1 character" in _error(PLAIN, "")
    assert "at most 10 characters" in _error(PLAIN, "x" * 11)


@pytest.mark.parametrize(
    ("character", "code"),
    [
        ("\x00", "U+0000"),
        ("\x1b", "U+001B"),
        ("\x7f", "U+007F"),
        ("\x85", "U+0085"),
        ("\u202e", "U+202E"),  # right-to-left override
        ("\u2066", "U+2066"),  # left-to-right isolate
        ("\u2069", "U+2069"),
    ],
)
def test_hidden_characters_are_refused(character: str, code: str) -> None:
    for adapter in (
        PLAIN,
        TypeAdapter(Annotated[str, Field(max_length=100), Visible]),
        TypeAdapter(PlainText),
    ):
        assert _error(adapter, f"ab{character}c") == (
            f"Value error, contains the invisible control character {code}; remove it"
        )


@pytest.mark.parametrize("value", ["tab\there", "é ü ß 中文", "emoji 🙂"])
def test_visible_text_is_kept(value: str) -> None:
    assert PLAIN.validate_python(value[:10]) == value[:10]


def test_every_character_refused_is_one_the_printable_test_lets_through_to_the_pattern() -> None:
    # visible() returns early for text whose every line is printable: that is sound only if
    # no character the pattern refuses is printable. Every code point is checked.
    from generator.content.fields import _HIDDEN_RE

    refused = [chr(c) for c in range(0x110000) if _HIDDEN_RE.match(chr(c))]
    # C0 but tab and newline; DEL and C1; embeddings and overrides; isolates; noncharacters.
    assert len(refused) == 30 + 33 + 5 + 4 + 32 + 17 * 2
    assert [c for c in refused if c.isprintable()] == []
    for character in refused:
        with pytest.raises(ValueError, match="remove it"):
            visible(f"first line\nsecond {character} line")


def test_markdown_keeps_newlines_and_may_be_empty() -> None:
    adapter: TypeAdapter[str] = TypeAdapter(Annotated[str, Field(max_length=20), Visible])
    assert adapter.validate_python("a\n\n- b\n") == "a\n\n- b\n"
    assert adapter.validate_python("") == ""
    assert "at most 20 characters" in _error(adapter, "x" * 21)


def test_plain_text_type_has_no_upper_bound_but_refuses_empty() -> None:
    adapter: TypeAdapter[str] = TypeAdapter(PlainText)
    assert adapter.validate_python("x" * 10_000) == "x" * 10_000
    assert "at least 1 character" in _error(adapter, "")


def test_text_scalar_turns_numbers_into_text() -> None:
    from typing import Annotated, Literal

    adapter: TypeAdapter[str] = TypeAdapter(Annotated[Literal["1", "1+"], TextScalar])
    assert adapter.validate_python(1) == "1"
    assert adapter.validate_python("1+") == "1+"
    assert "Input should be" in _error(adapter, True)  # a bool is not the number 1


DATES: TypeAdapter[dt.date] = TypeAdapter(IsoDate)


def test_iso_date() -> None:
    assert DATES.validate_python("2023-09-04") == dt.date(2023, 9, 4)
    assert DATES.validate_python(dt.date(2023, 9, 4)) == dt.date(2023, 9, 4)
    assert DATES.validate_python("2024-02-29") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-09", "'2023-09' is not a date written YYYY-MM-DD"),
        ("2023", "'2023' is not a date written YYYY-MM-DD"),
        ("2023-9-4", "'2023-9-4' is not a date written YYYY-MM-DD"),
        ("04/09/2023", "'04/09/2023' is not a date written YYYY-MM-DD"),
        ("2023-09-04T10:00", "'2023-09-04T10:00' is not a date written YYYY-MM-DD"),
        ("2023-09-04\n", "'2023-09-04\\n' is not a date written YYYY-MM-DD"),
        ("2023-02-29", "'2023-02-29' is not a real calendar date"),
        ("2023-13-01", "'2023-13-01' is not a real calendar date"),
        (20230904, "20230904 is not a date written YYYY-MM-DD"),
    ],
)
def test_iso_date_refuses(value: Any, message: str) -> None:
    assert _error(DATES, value) == f"Value error, {message}"


def test_iso_date_schema_is_a_string() -> None:
    schema = DATES.json_schema()
    assert schema["type"] == "string"
    assert schema["format"] == "date"


PARTIALS: TypeAdapter[PartialDate] = TypeAdapter(Partial)


@pytest.mark.parametrize(
    ("value", "parts", "earliest", "latest"),
    [
        ("2021", (2021, None, None), dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        ("2021-06", (2021, 6, None), dt.date(2021, 6, 1), dt.date(2021, 6, 30)),
        ("2024-02", (2024, 2, None), dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2021-12", (2021, 12, None), dt.date(2021, 12, 1), dt.date(2021, 12, 31)),
        ("2021-06-14", (2021, 6, 14), dt.date(2021, 6, 14), dt.date(2021, 6, 14)),
    ],
)
def test_partial_date(
    value: str, parts: tuple[int, int | None, int | None], earliest: dt.date, latest: dt.date
) -> None:
    date = PARTIALS.validate_python(value)
    assert (date.year, date.month, date.day) == parts
    assert date.earliest() == earliest
    assert date.latest() == latest
    assert str(date) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("21", "'21' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2021-6", "'2021-6' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("June 2021", "'June 2021' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2021-13", "'2021-13' is not a real calendar date"),
        ("2021-00", "'2021-00' is not a real calendar date"),
        ("2021-06-00", "'2021-06-00' is not a real calendar date"),
        ("2021-06\n", "'2021-06\\n' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2021-02-30", "'2021-02-30' is not a real calendar date"),
        (2021, "2021 is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_partial_date_refuses(value: Any, message: str) -> None:
    assert _error(PARTIALS, value) == f"Value error, {message}"


# --- characters, numbers and years as people write them ------------------------------------------

TEXT: TypeAdapter[str] = TypeAdapter(Annotated[str, Field(min_length=1, max_length=100), Visible])


@pytest.mark.parametrize(
    ("char", "kind"),
    [
        ("\uffff", "noncharacter U+FFFF"),
        ("\ufffe", "noncharacter U+FFFE"),
        ("\ufdd0", "noncharacter U+FDD0"),
        ("\U0001fffe", "noncharacter U+1FFFE"),
        ("\U0010ffff", "noncharacter U+10FFFF"),
        ("\x00", "invisible control character U+0000"),
        ("\x1b", "invisible control character U+001B"),
        ("\u202e", "invisible control character U+202E"),
    ],
)
def test_plain_text_refuses_controls_and_noncharacters(char: str, kind: str) -> None:
    assert _error(TEXT, f"a{char}b") == f"Value error, contains the {kind}; remove it"


def test_plain_text_keeps_ordinary_unicode() -> None:
    assert TEXT.validate_python("Ünïcödé «quotes» 漢字 😀") == "Ünïcödé «quotes» 漢字 😀"


NUMBER: TypeAdapter[float] = TypeAdapter(Annotated[float, Decimal])


@pytest.mark.parametrize("text", ["50", "2.5", "-1", "+3", ".5", "5.", "1e3", "2E-1"])
def test_decimal_numbers_as_written(text: str) -> None:
    assert NUMBER.validate_python(text) == float(text)


@pytest.mark.parametrize("text", ["7_0", "0x10", " 5", "5 ", "1,5", "١٢", "five", ""])
def test_decimal_numbers_refuse_other_spellings(text: str) -> None:
    message = _error(NUMBER, text)
    assert message == (
        f"Value error, must be a number written with digits, such as 50 or 2.5, not {text!r}"
    )


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31"])
def test_dates_before_1900_are_refused(text: str) -> None:
    assert _error(DATES, text) == f"Value error, {text!r} is before 1900; check the year"
    assert _error(PARTIALS, text[:4]) == f"Value error, {text[:4]!r} is before 1900; check the year"


def test_dates_take_ascii_digits_only() -> None:
    arabic = "\u0662\u0660\u0662\u0663-01-02"  # 2023 in Arabic-Indic digits
    assert "is not a date written YYYY-MM-DD" in _error(DATES, arabic)
    assert "is not a date written YYYY" in _error(PARTIALS, "\u0662\u0660\u0662\u0663")
