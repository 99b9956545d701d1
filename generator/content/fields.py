"""Reusable field types: plain text, Markdown, identifiers and dates as case files write them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 64
_ID_RE = re.compile(ID_PATTERN)
# C0/C1 controls (tab and newline aside) and the bidirectional embedding, override and isolate
# characters: invisible, and able to make text read differently from what it says.
# Unicode noncharacters (U+FDD0-U+FDEF and the last two code points of every plane, U+FFFF
# among them) are not text: YAML forbids them in a file but a "\uffff" escape makes them, and
# they break the front matter of a generated page.
_HIDDEN_RE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)
_WHOLE_RE = re.compile(r"^[+-]?[0-9]+\Z")
# ASCII digits only: `\d` alone also matches other scripts' digits, which int() accepts.
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_PARTIAL_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MONTH_DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
_MONTH_RE = re.compile(MONTH_DATE_PATTERN, re.ASCII)
EARLIEST_YEAR = 1900


def visible(value: str) -> str:
    """Return ``value`` when it holds no invisible control character or noncharacter.

    Raises:
        ValueError: Naming the first such character.
    """
    # Every character the pattern finds is one str.isprintable() refuses (categories Cc, Cf and
    # Cn), and that test runs many times faster than the pattern: most texts need nothing more.
    if all(line.isprintable() for line in value.split("\n")):
        return value
    hidden = _HIDDEN_RE.search(value)
    if hidden:
        code = f"U+{ord(hidden.group()):04X}"
        kind = "noncharacter" if ord(hidden.group()) >= 0xFDD0 else "invisible control character"
        raise ValueError(f"contains the {kind} {code}; remove it")
    return value


def _identifier(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase letters, digits and single hyphens"
        )
    return value


def _text_from_scalar(value: Any) -> Any:
    # YAML scalars reach us as text already; numbers typed in Python (tests, the API) are
    # accepted as their text so that `ashworth: 1` and `ashworth: "1"` mean the same.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Identifier = Annotated[
    str,
    Field(max_length=ID_MAX_LENGTH, json_schema_extra={"pattern": ID_PATTERN}),
    AfterValidator(_identifier),
]
Visible = AfterValidator(visible)
"""Refuses control characters and noncharacters; put it after a field's length limits, as in
``Annotated[str, Field(min_length=1, max_length=120), Visible]``, so a length error stays one."""
PlainText = Annotated[str, Field(min_length=1), Visible]
TextScalar = BeforeValidator(_text_from_scalar)


def _whole_number(value: Any) -> Any:
    # Python's int() would also take "1_0" and pydantic "34.0"; a whole number in a case
    # file is written with digits only.
    if isinstance(value, str) and not _WHOLE_RE.match(value):
        raise ValueError(f"must be a whole number, not {value!r}")
    return value


Whole = BeforeValidator(_whole_number)

# inf and nan pass here so that the finite-number rule names them.
_DECIMAL_RE = re.compile(
    r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z|^[+-]?(?i:inf|nan)\Z"
)


def _decimal_number(value: Any) -> Any:
    # float() takes "7_0" as 70, and "inf", "nan" and " 5 " too; a number in a case file is
    # written with digits, at most one point and an optional exponent.
    if isinstance(value, str) and not _DECIMAL_RE.match(value):
        raise ValueError(f"must be a number written with digits, such as 50 or 2.5, not {value!r}")
    return value


Decimal = BeforeValidator(_decimal_number)


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    # fullmatch: `$` would also accept a trailing newline ("2023-09-04\n" from a block scalar).
    match = _DATE_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        date = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None
    _check_year(date.year, value)
    return date


def _check_year(year: int, value: str) -> None:
    # No patient of a case study was injured, treated or asked for consent before 1900; such a
    # year is a typing mistake. (Dates after the build date are checked when it is known.)
    if year < EARLIEST_YEAR:
        raise ValueError(f"{value!r} is before {EARLIEST_YEAR}; check the year")


IsoDate = Annotated[
    dt.date,
    PlainValidator(_iso_date),
    PlainSerializer(dt.date.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE_RE.pattern}),
]


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (``2021``, ``2021-06``, ``2021-06-14``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def earliest(self) -> dt.date:
        """Return the first day the partial date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """Return the last day the partial date can mean."""
        if self.day is not None:
            return self.earliest()
        month = self.month or 12
        following = dt.date(self.year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    match = _PARTIAL_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(p) if p else None for p in match.groups())
    assert year is not None  # the pattern requires it
    try:  # month or day 00 is no date, so only an absent part may default to 1
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None
    _check_year(year, value)
    return PartialDate(year, month, day)


Partial = Annotated[
    PartialDate,
    PlainValidator(_partial_date),
    PlainSerializer(str, return_type=str),  # written back as the file wrote it
    WithJsonSchema({"type": "string", "pattern": PARTIAL_DATE_PATTERN}),
]


def _month_date(value: Any) -> PartialDate:
    # A year alone is too vague for a date something falls due by (a review's next date).
    written = _MONTH_RE.fullmatch(value) if isinstance(value, str) else None
    if written is None and not (isinstance(value, PartialDate) and value.month is not None):
        raise ValueError(f"{value!r} is not a date written YYYY-MM or YYYY-MM-DD")
    return _partial_date(value)


MonthDate = Annotated[
    PartialDate,
    PlainValidator(_month_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": MONTH_DATE_PATTERN}),
]
"""A date known to the month or the day (``2025-06``, ``2025-06-14``), as a `PartialDate`."""
