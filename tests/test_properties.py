"""Property-based tests: generated case files and protocols, valid and broken.

Valid files are generated from the rules of the case-format contract (design/case-format.md)
and the README's "Errors and limits", not from the models, and written as YAML text: they must
load without a problem, render every page and build with ``mkdocs build --strict``.

Broken files are valid ones with one mutation (a dropped field, an unknown or duplicate key, a
value of the wrong type or with odd characters, YAML features, truncation, invalid bytes):
loading must never raise, a mutation that breaks the contract must be reported at the field it
broke, and every problem must be located and printable on one line. Sites mixing valid, broken
and cross-file traps (unknown protocol, duplicate id...) must load and render without raising.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import string
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal, NamedTuple, TypeAlias, get_args

import pycountry
import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from PIL import Image

from generator.catalog.build import prepare
from generator.content import vocab
from generator.content.errors import Problem
from generator.content.layout import Layout
from generator.content.load import load_case, load_protocol
from generator.content.strict_yaml import FieldPath
from generator.render.pages import enrich, generate
from generator.render.renderer import Renderer
from tests.conftest import BUILD_EPOCH, copy_site, run_mkdocs, write_case

# The build date of tests/conftest.py's BUILD_EPOCH: every generated date is at most this day.
TODAY = dt.datetime.fromtimestamp(int(BUILD_EPOCH), tz=dt.UTC).date()

# Reproducible in CI: no example database, the same examples on every run. The whole module
# takes about a minute; max_examples below are set for that budget.
BASE = settings(
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- vocabularies, from the contract's tables ---------------------------------------------------

STATUSES: tuple[str, ...] = get_args(vocab.Status)
SEXES: tuple[str, ...] = get_args(vocab.Sex)
INJURY_AIS: tuple[str, ...] = get_args(vocab.InjuryAis)
ASSESSED_AIS: tuple[str, ...] = get_args(vocab.AssessedAis)
CAUSES: tuple[str, ...] = get_args(vocab.Cause)
ROUTES: tuple[str, ...] = get_args(vocab.Route)
CELLS: tuple[str, ...] = get_args(vocab.Cells)
SEVERITIES: tuple[str, ...] = get_args(vocab.Severity)
DOMAINS: tuple[str, ...] = get_args(vocab.Domain)
CHANGES: tuple[str, ...] = get_args(vocab.Change)
SOURCES: tuple[str, ...] = get_args(vocab.Source)
SCOPES: tuple[str, ...] = get_args(vocab.Scope)
CONNECTIONS: tuple[str, ...] = get_args(vocab.Connection)
ASHWORTH: tuple[str, ...] = get_args(vocab.Ashworth)
LEVELS: tuple[str, ...] = tuple(
    f"{region}{n}"
    for region, top in (("C", 8), ("T", 12), ("L", 5), ("S", 5))
    for n in range(1, top + 1)
)
COUNTRIES: tuple[str, ...] = tuple(sorted(c.alpha_2 for c in pycountry.countries))
CURRENCIES: tuple[str, ...] = tuple(sorted(c.alpha_3 for c in pycountry.currencies))
# (name, lowest, highest) of every assessment score.
SCORES = (
    ("uems", 0, 50), ("lems", 0, 50), ("light_touch", 0, 112), ("pin_prick", 0, 112),
    ("scim", 0, 100), ("wisci", 0, 20), ("nbd", 0, 47),
)  # fmt: skip

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TRIAL_RE = re.compile(r"[A-Z0-9][A-Za-z0-9/-]*[0-9][A-Za-z0-9/-]*")
# What YAML allows in a file at all (YAML 1.1, section 5.1).
YAML_FORBIDDEN_RE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


# --- a small YAML writer that can also write what yaml.safe_dump refuses to ---------------------


@dataclass(frozen=True)
class Raw:
    """Text written as it is, where a value goes (``7_0``, ``[[[]]]``)."""

    text: str


@dataclass(frozen=True)
class Tagged:
    """A node with a tag (``!!str value``)."""

    tag: str
    node: Node


@dataclass(frozen=True)
class Anchored:
    """A node with an anchor (``&name value``)."""

    name: str
    node: Node


@dataclass(frozen=True)
class Alias:
    """An alias (``*name``)."""

    name: str


@dataclass(frozen=True)
class Pairs:
    """A mapping that may repeat a key, or whose keys have tags."""

    items: tuple[tuple[Node, Node], ...]


Node: TypeAlias = (
    "str | dict[str, Node] | list[Node] | Raw | Tagged | Anchored | Alias | Pairs | None"
)
Quoting = Literal["plain", "escaped"]
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ .,()+'/-]*")


@dataclass(frozen=True)
class Style:
    """How a tree is written: scalar quoting, line ends and an optional byte order mark.

    ``plain`` writes a scalar unquoted when it can and otherwise double-quoted with the least
    escaping (odd characters stay raw in the file); ``escaped`` double-quotes every scalar and
    writes every character outside printable ASCII as an escape.
    """

    quoting: Quoting = "plain"
    newline: str = "\n"
    bom: bool = False
    schema_comment: bool = False


def scalar(text: str, quoting: Quoting) -> str:
    """Write one scalar so that the strict loader reads back exactly ``text``."""
    plain = text not in _NULL_WORDS and _PLAIN_RE.fullmatch(text) and not text.endswith(" ")
    if quoting == "plain" and plain:
        return text
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code <= 0x7E or (quoting == "plain" and char not in "\n\r\x85\u2028\u2029"):
            out.append(char)  # raw: tabs, and in `plain` every other character too
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _items(node: Node) -> list[tuple[Node, Node]] | None:
    if isinstance(node, dict):
        return list(node.items())
    if isinstance(node, Pairs):
        return list(node.items)
    return None


def _inline(node: Node, quoting: Quoting) -> str:
    if node is None:
        return "null"
    if isinstance(node, str):
        return scalar(node, quoting)
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, Alias):
        return f"*{node.name}"
    if isinstance(node, Tagged):
        return f"{node.tag} {_inline(node.node, quoting)}"
    if isinstance(node, Anchored):
        return f"&{node.name} {_inline(node.node, quoting)}"
    if isinstance(node, list):
        assert not node
        return "[]"
    assert _items(node) == []
    return "{}"


def _undecorated(node: Node) -> tuple[list[str], Node]:
    marks = []
    while isinstance(node, Tagged | Anchored):
        marks.append(node.tag if isinstance(node, Tagged) else f"&{node.name}")
        node = node.node
    return marks, node


def _block(node: Node, indent: int, quoting: Quoting) -> list[str]:
    pad = " " * indent
    items = _items(node)
    if items is not None:
        lines = []
        for key, value in items:
            lines += _entry(f"{pad}{_inline(key, quoting)}:", value, indent, quoting, False)
        return lines
    assert isinstance(node, list)
    lines = []
    for item in node:
        lines += _entry(f"{pad}-", item, indent, quoting, True)
    return lines


def _entry(head: str, value: Node, indent: int, quoting: Quoting, item: bool) -> list[str]:
    marks, inner = _undecorated(value)
    nested = (isinstance(inner, list) and inner) or bool(_items(inner))
    if not nested:
        return [f"{head} {_inline(value, quoting)}"]
    children = _block(inner, indent + 2, quoting)
    if item and not marks:  # compact "- key: value"
        return [head + " " + children[0][indent + 2 :], *children[1:]]
    return [" ".join([head, *marks]), *children]


def dump(tree: Node, style: Style) -> bytes:
    """Write ``tree`` as a YAML file in ``style``."""
    marks, inner = _undecorated(tree)
    if (isinstance(inner, list) and inner) or _items(inner):
        lines = ([" ".join(marks)] if marks else []) + _block(inner, 0, style.quoting)
    else:
        lines = [_inline(tree, style.quoting)]
    if style.schema_comment:
        lines.insert(0, "# yaml-language-server: $schema=case.schema.json")
    text = style.newline.join(lines) + style.newline
    return ("\ufeff" if style.bom else "").encode() + text.encode()


def protocol_page(front: Node, body: str, style: Style) -> bytes:
    """Write a protocol page: ``front`` as front matter, then ``body``."""
    fence = ("---" + style.newline).encode()
    return (
        fence
        + dump(front, replace(style, bom=False, schema_comment=False))
        + fence
        + (body.replace("\n", style.newline).encode())
    )


styles = st.builds(
    Style,
    quoting=st.sampled_from(["plain", "escaped"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    schema_comment=st.booleans(),
)


# --- strategies for valid files --------------------------------------------------------------

# Visible text: letters, marks, digits, punctuation, symbols and spaces of any script.
TEXT_CHARS = st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"])
MARKDOWN_CHARS = st.one_of(TEXT_CHARS, st.sampled_from("\n\n\t*_#[]()<>`!-|>{}&;"))
FIRST_NAME_LETTERS = string.ascii_letters + "éñøüçßıÅÉŁ"
INITIAL_LETTERS = string.ascii_uppercase + "ÅÉŁÖÇ"


def texts(
    max_size: int, min_size: int = 1, chars: st.SearchStrategy[str] = TEXT_CHARS
) -> st.SearchStrategy[str]:
    """Text of ``min_size`` to ``max_size`` characters: short ones, and repeats up to the limit."""
    short = st.text(chars, min_size=min_size, max_size=min(max_size, 30))
    if max_size <= 30:
        return short
    pieces = st.text(chars, min_size=1, max_size=6)
    sizes = st.integers(max(min_size, 1), max_size)
    return st.one_of(short, st.builds(lambda piece, size: (piece * size)[:size], pieces, sizes))


def plain_text(max_size: int = 2000) -> st.SearchStrategy[str]:
    return texts(max_size)


def markdown_text(max_size: int) -> st.SearchStrategy[str]:
    return texts(max_size, 0, MARKDOWN_CHARS)


@dataclass(frozen=True)
class Sizes:
    """How big generated files get.

    Valid files get the contract's limits; files to mutate are small, so that Hypothesis
    shrinks a failure in seconds (every field is still there to be mutated).
    """

    longest: int | None
    most: int

    def plain(self, max_size: int = 2000) -> st.SearchStrategy[str]:
        return plain_text(min(max_size, self.longest or max_size))

    def markdown(self, max_size: int) -> st.SearchStrategy[str]:
        return markdown_text(min(max_size, self.longest or max_size))

    def count(self, draw: st.DrawFn, low: int, high: int) -> int:
        return draw(st.integers(low, max(low, min(high, self.most))))


FULL = Sizes(None, 4)
SMALL = Sizes(12, 2)


# The addresses of generated pages (README, "Errors and limits"): not case ids.
RESERVED_IDS = frozenset({"index", "region", "ais", "protocol", "country"})


def identifiers() -> st.SearchStrategy[str]:
    segment = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=12)
    ids = st.lists(segment, min_size=1, max_size=5).map("-".join)  # at most 64 characters
    return ids.filter(lambda i: i not in RESERVED_IDS)


def numbers(high: int, *, zero: bool) -> st.SearchStrategy[str]:
    """A number up to ``high``, above 0 (or from 0 with ``zero``), written as YAML files do."""
    whole = st.integers(0 if zero else 1, high).map(str)
    decimal = st.floats(min_value=0.0 if zero else 0.001, max_value=high).map(repr)
    forms = st.sampled_from(["1e3", "2.5E1", ".5", "5.", "+7", "0.25"])
    return st.one_of(whole, decimal, forms)


@st.composite
def initials_names(draw: st.DrawFn) -> str:
    """A name in initials style: ``Maya R.``, ``Anne-Marie K. L.``, ``M. R.`` or ``M.R.``."""
    initials = draw(st.lists(st.sampled_from(INITIAL_LETTERS), min_size=1, max_size=3))
    gap = draw(st.sampled_from([" ", ""]))
    written = gap.join(f"{letter}." for letter in initials)
    parts = draw(st.lists(st.text(FIRST_NAME_LETTERS, min_size=1, max_size=10), max_size=2))
    if parts:
        joiner = draw(st.sampled_from(["-", "'"]))
        written = joiner.join(parts) + " " + written
    return written


class ProtocolInfo(NamedTuple):
    """What a case needs to know of its protocol."""

    id: str
    routes: tuple[str, ...]
    cells: tuple[str, ...]


Photo = tuple[str, str]  # (path inside cases/, "JPEG" or "PNG")


@dataclass(frozen=True)
class CaseFile:
    """A generated case: its data (every scalar as text) and its photo, if it has one."""

    data: dict[str, Node]
    photo: Photo | None = None

    @property
    def id(self) -> str:
        value = self.data["id"]
        assert isinstance(value, str)
        return value


def _when(draw: st.DrawFn, start: dt.date, low_week: int, high_week: int) -> dict[str, Node]:
    """``week:`` or ``date:`` between two weeks after ``start``, and never after TODAY."""
    low_days = low_week * 7
    high_days = min(high_week * 7 + 6, (TODAY - start).days)
    days = draw(st.integers(low_days, max(low_days, high_days)))
    if draw(st.booleans()):
        return {"week": str(days // 7)}
    return {"date": (start + dt.timedelta(days=days)).isoformat()}


def _patient(
    draw: st.DrawFn, sz: Sizes, scope: Sequence[str]
) -> tuple[dict[str, Node], Photo | None]:
    names = st.one_of(initials_names(), sz.plain(60)) if "name" in scope else initials_names()
    patient: dict[str, Node] = {"name": draw(names), "age": str(draw(st.integers(0, 120)))}
    if draw(st.booleans()):
        patient["sex"] = draw(st.sampled_from(SEXES))
    patient["country"] = draw(st.sampled_from(COUNTRIES))
    if "photo" not in scope or not draw(st.booleans()):
        return patient, None
    folder = draw(st.sampled_from(["", "photos/"]))
    stem = draw(st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=8))
    extension = draw(st.sampled_from([".jpg", ".jpeg", ".png", ".JPG", ".PNG"]))
    photo = (folder + stem + extension, draw(st.sampled_from(["JPEG", "PNG"])))
    patient["photo"] = photo[0]
    return patient, photo


def _treatment(
    draw: st.DrawFn, sz: Sizes, start: dt.date, protocol: ProtocolInfo
) -> dict[str, Node]:
    sessions: list[Node] = []
    for _ in range(sz.count(draw, 1, 4)):
        session = _when(draw, start, 0, 1040)
        session["route"] = draw(st.sampled_from(protocol.routes))
        session["cells"] = draw(st.sampled_from(protocol.cells))
        if draw(st.booleans()):
            session["dose_million"] = draw(numbers(10_000, zero=False))
        sessions.append(session)
    treatment: dict[str, Node] = {
        "protocol": protocol.id,
        "start": start.isoformat(),
        "sessions": sessions,
    }
    if draw(st.booleans()):
        treatment["rehab"] = draw(sz.plain())
    treatment["adverse_events"] = [
        {
            **_when(draw, start, -520, 1040),
            "severity": draw(st.sampled_from(SEVERITIES)),
            "text": draw(sz.plain(1000)),
        }
        for _ in range(sz.count(draw, 0, 3))
    ]
    return treatment


def _assessment(draw: st.DrawFn, start: dt.date, baseline: bool) -> dict[str, Node]:
    # The baseline is at week 0 or before (given as a date: up to 6 days after start).
    assessment = _when(draw, start, -520, 0 if baseline else 1040)
    if draw(st.booleans()):
        assessment["ais"] = draw(st.sampled_from(ASSESSED_AIS))
    if draw(st.booleans()):
        assessment["level"] = draw(st.sampled_from(LEVELS))
    for name, low, high in SCORES:
        if draw(st.booleans()):
            assessment[name] = str(draw(st.integers(low, high)))
    if draw(st.booleans()) or len(assessment) == 1:  # at least one measure
        assessment["ashworth"] = draw(st.sampled_from(ASHWORTH))
    return assessment


def _timeline_event(draw: st.DrawFn, sz: Sizes, start: dt.date) -> dict[str, Node]:
    return {
        **_when(draw, start, -520, 1040),
        "domain": draw(st.sampled_from(DOMAINS)),
        "change": draw(st.sampled_from(CHANGES)),
        "source": draw(st.sampled_from(SOURCES)),
        "text": draw(sz.plain(300)),
    }


def _consent(draw: st.DrawFn, sz: Sizes, scope: Sequence[str]) -> dict[str, Node]:
    # Signed and revoked before TODAY: the build date itself appears in the sitemap.
    signed = draw(st.dates(dt.date(2010, 1, 1), TODAY - dt.timedelta(days=1)))
    consent: dict[str, Node] = {
        "form": draw(sz.plain(100)),
        "signed": signed.isoformat(),
        "expires": (signed + dt.timedelta(days=draw(st.integers(1, 4000)))).isoformat(),
    }
    revoked = draw(st.one_of(st.none(), st.none(), st.dates(signed, TODAY - dt.timedelta(1))))
    if revoked is not None or draw(st.booleans()):
        consent["revoked"] = revoked.isoformat() if revoked else None
    consent["scope"] = list(scope)
    consent["connection"] = draw(st.sampled_from(CONNECTIONS))
    return consent


def _story(draw: st.DrawFn, sz: Sizes, scope: Sequence[str]) -> dict[str, Node]:
    if "quote" not in scope or draw(st.booleans()):
        return {}
    if draw(st.booleans()):
        return {"story": draw(sz.markdown(20_000))}
    quote = draw(sz.plain(300))
    before, after = draw(sz.markdown(200)), draw(sz.markdown(200))
    return {"story": before + quote + after, "quote": quote}


@st.composite
def case_files(
    draw: st.DrawFn,
    protocols: Sequence[ProtocolInfo],
    case_id: str | None = None,
    sz: Sizes = FULL,
) -> CaseFile:
    """A valid case file of the contract, receiving one of ``protocols``."""
    protocol = draw(st.sampled_from(protocols))
    scope: list[str] = draw(st.lists(st.sampled_from(SCOPES[1:]), unique=True))
    if draw(st.integers(0, 9)) or not scope:  # "clinical" is needed to publish at all
        scope.insert(draw(st.integers(0, len(scope))), "clinical")
    start = draw(st.dates(dt.date(2000, 1, 1), TODAY - dt.timedelta(days=60)))
    injured = draw(st.dates(dt.date(1950, 1, 1), start))
    patient, photo = _patient(draw, sz, scope)
    data: dict[str, Node] = {
        "id": case_id if case_id is not None else draw(identifiers()),
        "status": draw(st.sampled_from(STATUSES)),
        "headline": draw(sz.plain(120)),
        "patient": patient,
        "injury": {
            "level": draw(st.sampled_from(LEVELS)),
            "ais": draw(st.sampled_from(INJURY_AIS)),
            "cause": draw(st.sampled_from(CAUSES)),
            "date": injured.strftime(draw(st.sampled_from(["%Y", "%Y-%m", "%Y-%m-%d"]))),
        },
        "treatment": _treatment(draw, sz, start, protocol),
        "assessments": [_assessment(draw, start, i == 0) for i in range(sz.count(draw, 1, 4))],
        "before": draw(sz.markdown(5000)),
        "after": draw(sz.markdown(5000)),
        "timeline": [_timeline_event(draw, sz, start) for _ in range(sz.count(draw, 1, 4))],
        **_story(draw, sz, scope),
        "consent": _consent(draw, sz, scope),
    }
    return CaseFile(data, photo)


@st.composite
def protocol_data(
    draw: st.DrawFn, protocol_id: str | None = None, sz: Sizes = FULL
) -> dict[str, Node]:
    """The ``protocol:`` mapping of a valid protocol page."""
    low = draw(st.integers(1, 5))
    cells: list[Node] = list(draw(st.lists(st.sampled_from(CELLS), min_size=1, unique=True)))
    routes: list[Node] = list(draw(st.lists(st.sampled_from(ROUTES), min_size=1, unique=True)))
    data: dict[str, Node] = {
        "id": protocol_id if protocol_id is not None else draw(identifiers()),
        "name": draw(sz.plain(120)),
        "cells": cells,
        "routes": routes,
        "sessions": {"min": str(low), "max": str(draw(st.integers(low, low + 5)))},
        "phases": [
            {"name": draw(sz.plain(80)), "text": draw(sz.plain(1000))}
            for _ in range(sz.count(draw, 1, 3))
        ],
    }
    if draw(st.booleans()):
        data["recommended_for"] = draw(sz.plain())
    data["regulatory_status"] = draw(sz.plain())
    trial = st.from_regex(r"\A[A-Z0-9][A-Za-z0-9/-]{0,12}[0-9][A-Za-z0-9/-]{2,12}\Z")
    choice = draw(st.sampled_from(["absent", "null", "value"]))
    if choice != "absent":
        data["trial"] = draw(trial) if choice == "value" else None
    data["expected_results"] = draw(sz.plain())
    data["risks"] = [draw(sz.plain()) for _ in range(sz.count(draw, 1, 3))]
    if draw(st.booleans()):
        option_ids = draw(st.lists(identifiers(), max_size=sz.most, unique=True))
        data["price"] = {
            "currency": draw(st.sampled_from(CURRENCIES)),
            "base": draw(numbers(10**7, zero=True)),
            "per_session": draw(numbers(10**7, zero=True)),
            "options": [
                {"id": oid, "name": draw(sz.plain(80)), "price": draw(numbers(10**6, zero=True))}
                for oid in option_ids
            ],
        }
    return data


def info(protocol: dict[str, Node]) -> ProtocolInfo:
    routes, cells = protocol["routes"], protocol["cells"]
    assert isinstance(protocol["id"], str) and isinstance(routes, list)
    assert isinstance(cells, list)
    return ProtocolInfo(protocol["id"], tuple(map(str, routes)), tuple(map(str, cells)))


def protocol_front(data: dict[str, Node], title: str | None) -> dict[str, Node]:
    return {"title": title, "protocol": data} if title is not None else {"protocol": data}


@dataclass(frozen=True)
class SiteSpec:
    """A generated site: protocols and cases, all valid."""

    protocols: tuple[dict[str, Node], ...]
    cases: tuple[CaseFile, ...]
    style: Style
    preview: bool


@st.composite
def sites(draw: st.DrawFn, max_cases: int = 5, sz: Sizes = FULL) -> SiteSpec:
    protocol_ids = draw(st.lists(identifiers(), min_size=1, max_size=2, unique=True))
    protocols = tuple(draw(protocol_data(pid, sz)) for pid in protocol_ids)
    infos = [info(p) for p in protocols]
    case_ids = draw(st.lists(identifiers(), min_size=1, max_size=max_cases, unique=True))
    cases = tuple(draw(case_files(infos, cid, sz)) for cid in case_ids)
    return SiteSpec(protocols, cases, draw(styles), draw(st.booleans()))


# --- writing files and sites -------------------------------------------------------------------

INDEX_PAGE = "# Home\n\n<!-- casebook:stats -->\n\n## Recent\n\n<!-- casebook:recent 5 -->\n"
PROTOCOL_BODY = "\n## Overview\n\nAn experimental protocol.\n"


def layout_of(root: Path) -> Layout:
    return Layout(root, root / "cases", root / "content", root / "content" / "protocols")


def write_photo(cases_dir: Path, photo: tuple[str, str]) -> None:
    target = cases_dir / photo[0]
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), (200, 40, 90)).save(buffer, photo[1])
    target.write_bytes(buffer.getvalue())


def write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def case_bytes(case: CaseFile, style: Style) -> bytes:
    return dump(case.data, style)


def write_case_file(root: Path, case: CaseFile, content: bytes) -> str:
    """Write a case file (and its photo) under ``root``; return its name in problems."""
    write_file(root / "cases" / f"{case.id}.yml", content)
    if case.photo is not None:
        write_photo(root / "cases", case.photo)
    return f"cases/{case.id}.yml"


def protocol_bytes(data: dict[str, Node], style: Style, title: str | None = None) -> bytes:
    return protocol_page(protocol_front(data, title), PROTOCOL_BODY, style)


def write_spec(root: Path, spec: SiteSpec) -> dict[str, bytes]:
    """Write a generated site under ``root``; return every file by its name in problems."""
    files: dict[str, bytes] = {"content/index.md": INDEX_PAGE.encode()}
    for protocol in spec.protocols:
        files[f"content/protocols/{protocol['id']}.md"] = protocol_bytes(protocol, spec.style)
    for name, content in files.items():
        write_file(root / name, content)
    for case in spec.cases:
        content = case_bytes(case, spec.style)
        files[write_case_file(root, case, content)] = content
    return files


@contextlib.contextmanager
def production_stack() -> Iterator[None]:
    """Run with Python's default recursion limit, as a real build does.

    Hypothesis raises the limit while a test runs, which would hide a RecursionError that
    ``mkdocs build`` hits on the same file.
    """
    depth, frame = 0, sys._getframe()
    while frame.f_back is not None:
        depth, frame = depth + 1, frame.f_back
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(max(1000, depth + 300))
    try:
        yield
    finally:
        sys.setrecursionlimit(saved)


class TempRoot:
    """A fresh temporary site root per example (pytest's tmp_path is per test, not example)."""

    def __enter__(self) -> Path:
        self._dir = tempfile.TemporaryDirectory(prefix="casebook-prop-")
        return Path(self._dir.name) / "site-root"

    def __exit__(self, *exc: object) -> None:
        self._dir.cleanup()


# --- what a problem must look like -------------------------------------------------------------

FILE_FIELDS = frozenset({"(file)", "protocol"})
_LINE_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def line_count(content: bytes) -> int:
    """How many lines YAML (and an editor) sees in ``content``."""
    try:
        return len(_LINE_BREAK_RE.findall(content.decode("utf-8-sig"))) + 1
    except UnicodeDecodeError:
        return len(re.findall(rb"\r\n|[\r\n]", content)) + 1


def unprintable(text: str) -> list[str]:
    """Return the characters of ``text`` that break or disguise a line of terminal output."""
    return [
        f"U+{ord(c):04X}"
        for c in text
        if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") or c in BIDI_CONTROLS
    ]


def assert_well_formed(problems: Sequence[Problem], files: dict[str, bytes]) -> None:
    """Every problem names one of ``files``, a line in it, a column and a field, on one line."""
    for problem in problems:
        assert problem.path in files, f"{problem!r} names a file that was not written"
        content = files[problem.path]
        lines = line_count(content)
        assert 1 <= problem.line <= lines, f"{problem!r}: line outside the file ({lines} lines)"
        assert problem.column >= 1, f"{problem!r}: no column"
        assert problem.field.strip(), f"{problem!r}: no field"
        assert problem.message.strip(), f"{problem!r}: no message"
        printed = str(problem)
        assert not unprintable(printed), f"{printed!r} prints {unprintable(printed)}"


# --- mutations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What a field holds: a category (to pick odd values for it) and what it may be."""

    category: str
    may_be: Callable[[str], bool]  # whether a value written as this text may be valid


# Control characters (tab and newline aside), bidirectional embeddings, overrides and
# isolates, and noncharacters: errors in any value (README, "Errors and limits").
_HIDDEN_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef]"
    "|[\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]"
)


def text_kind(max_size: int | None = None, min_size: int = 1) -> Kind:
    def may_be(s: str) -> bool:
        return not _HIDDEN_RE.search(s) and min_size <= len(s) <= (max_size or math.inf)

    return Kind("text", may_be)


def whole_kind(low: int, high: int | None = None) -> Kind:
    def may_be(s: str) -> bool:
        return bool(re.fullmatch(r"[+-]?[0-9]+", s)) and low <= int(s) <= (high or math.inf)

    return Kind("whole", may_be)


def number_kind(low: float, above: bool) -> Kind:
    def may_be(s: str) -> bool:
        if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", s):
            return False
        value = float(s)
        return math.isfinite(value) and (value > low if above else value >= low)

    return Kind("number", may_be)


def real_date(text: str, partial: bool = False) -> dt.date | None:
    """The (earliest) date ``text`` means, if it is a real date written as the contract says."""
    shape = (
        r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?"
        if partial
        else r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    )
    match = re.fullmatch(shape, text)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def date_kind(partial: bool) -> Kind:
    def may_be(s: str) -> bool:
        date = real_date(s, partial)
        return date is not None and date.year >= 1900  # "years from 1900"

    return Kind("partial" if partial else "date", may_be)


def enum_kind(values: Sequence[str]) -> Kind:
    return Kind("enum", lambda s: s in values)


ID = Kind("id", lambda s: bool(ID_RE.fullmatch(s)) and len(s) <= 64)
TRIAL = Kind("trial", lambda s: bool(TRIAL_RE.fullmatch(s)) and 4 <= len(s) <= 40)
ANY = Kind("any", lambda s: True)
_DATE, _WEEK = date_kind(partial=False), whole_kind(-520, 1040)
_TIMED: dict[tuple[str, ...], Kind] = {("week",): _WEEK, ("date",): _DATE}

# Odd values for each category of field, beside the odd strings of every field.
TYPED_ODD: dict[str, list[str]] = {
    "text": ["\uffff", "a\ufffeb", "\ufdd0", "x\u202ey", "\u2066x", "\x00", "\x1b[2J", "\x7f",
             "\x85", "a\rb", "a\nb", "", " ", "\t", "\u200f", "x" * 20_001],
    "whole": ["7_0", "3_4", "34.0", "+5", "-1", "1e2", "0x22", "\u0663\u0664", "\uff13\uff14",
              " 5", "5 ", "00", "9" * 30, "-0", "", "5\n"],
    "number": ["7_0", "1_000.5", "1e400", "-1e400", "1e-400", "nan", "inf", "-inf", ".inf",
               "0x10", "\u0663\u0664", "\uff13\uff14", " 5", "5 ", "-0", "-1", "0", "", "1e3"],
    "date": ["9999-12-31", "0001-01-01", "1899-12-31", "1900-01-01", "2023-02-30", "2023-02-29",
             "2024-02-29", "2023-13-01", "2023-00-10", "2023-9-4", "2023-09-04T10:00:00",
             "2023-09-04 ", "+2023-09-04", "20230904",
             "\u0662\u0660\u0662\u0663-\u0660\u0669-\u0660\u0664", "2027-01-01"],
    "partial": ["9999", "9999-12", "0000", "0001", "1899", "2021-00", "2021-13", "2021-6",
                "21-06", "2021-06-31", "2021-02-29", "2020-02-29", "2021-06-"],
    "id": ["A", "a_b", "a--b", "-a", "a-", "\u00e9", "a" * 65, "a b", "a\n", "index", "cases"],
}  # fmt: skip


def typed_odd(kind: Kind, old: Node) -> st.SearchStrategy[str]:
    values = list(TYPED_ODD.get(kind.category, []))
    if kind.category == "enum" and isinstance(old, str):
        values += [old.upper(), old.lower(), old.title(), f" {old}", f"{old} ", f"{old}\n"]
        values += [f"{old}\u200b", f"{old}\x00"]
    return st.sampled_from(values) if values else st.nothing()


def _under(
    prefix: tuple[str, ...], kinds: dict[tuple[str, ...], Kind]
) -> dict[tuple[str, ...], Kind]:
    return {(*prefix, *key): kind for key, kind in kinds.items()}


# Field patterns ("*" for a list index) and what each may hold, from the contract's tables.
CASE_KINDS: dict[tuple[str, ...], Kind] = {
    ("id",): ID,
    ("status",): enum_kind(STATUSES),
    ("headline",): text_kind(120),
    ("patient", "name"): text_kind(60),
    ("patient", "age"): whole_kind(0, 120),
    ("patient", "sex"): enum_kind(SEXES),
    ("patient", "country"): enum_kind(COUNTRIES),
    ("patient", "photo"): ANY,
    ("injury", "level"): enum_kind(LEVELS),
    ("injury", "ais"): enum_kind(INJURY_AIS),
    ("injury", "cause"): enum_kind(CAUSES),
    ("injury", "date"): date_kind(partial=True),
    ("treatment", "protocol"): ID,
    ("treatment", "start"): _DATE,
    ("treatment", "sessions", "*", "week"): whole_kind(0, 1040),
    ("treatment", "sessions", "*", "date"): _DATE,
    ("treatment", "sessions", "*", "route"): enum_kind(ROUTES),
    ("treatment", "sessions", "*", "cells"): enum_kind(CELLS),
    ("treatment", "sessions", "*", "dose_million"): number_kind(0, above=True),
    ("treatment", "rehab"): text_kind(),
    **_under(("treatment", "adverse_events", "*"), _TIMED),
    ("treatment", "adverse_events", "*", "severity"): enum_kind(SEVERITIES),
    ("treatment", "adverse_events", "*", "text"): text_kind(1000),
    **_under(("assessments", "*"), _TIMED),
    ("assessments", "*", "ais"): enum_kind(ASSESSED_AIS),
    ("assessments", "*", "level"): enum_kind(LEVELS),
    **{("assessments", "*", name): whole_kind(low, high) for name, low, high in SCORES},
    ("assessments", "*", "ashworth"): enum_kind(ASHWORTH),
    ("before",): text_kind(5000, 0),
    ("after",): text_kind(5000, 0),
    **_under(("timeline", "*"), _TIMED),
    ("timeline", "*", "domain"): enum_kind(DOMAINS),
    ("timeline", "*", "change"): enum_kind(CHANGES),
    ("timeline", "*", "source"): enum_kind(SOURCES),
    ("timeline", "*", "text"): text_kind(300),
    ("story",): text_kind(20_000, 0),
    ("quote",): text_kind(300),
    ("consent", "form"): text_kind(100),
    ("consent", "signed"): _DATE,
    ("consent", "expires"): _DATE,
    ("consent", "revoked"): _DATE,
    ("consent", "scope", "*"): enum_kind(SCOPES),
    ("consent", "connection"): enum_kind(CONNECTIONS),
}
CASE_REQUIRED = frozenset(
    {(name,) for name in ("id", "status", "headline", "patient", "injury", "treatment")}
    | {(name,) for name in ("assessments", "before", "after", "timeline", "consent")}
    | {("patient", name) for name in ("name", "age", "country")}
    | {("injury", name) for name in ("level", "ais", "cause", "date")}
    | {("treatment", name) for name in ("protocol", "start", "sessions", "adverse_events")}
    | {("treatment", "sessions", "*", name) for name in ("route", "cells")}
    | {("treatment", "adverse_events", "*", name) for name in ("severity", "text")}
    | {("timeline", "*", name) for name in ("domain", "change", "source", "text")}
    | {("consent", name) for name in ("form", "signed", "expires", "scope", "connection")}
)
EVENT_DATES = frozenset(
    {("treatment", "start")}
    | {(*entry, "date") for entry in [("treatment", "sessions", "*"), ("assessments", "*")]}
    | {(*entry, "date") for entry in [("treatment", "adverse_events", "*"), ("timeline", "*")]}
)
P = ("protocol",)
PROTOCOL_KINDS: dict[tuple[str, ...], Kind] = _under(
    P,
    {
        ("id",): ID,
        ("name",): text_kind(120),
        ("cells", "*"): enum_kind(CELLS),
        ("routes", "*"): enum_kind(ROUTES),
        ("sessions", "min"): whole_kind(1),
        ("sessions", "max"): whole_kind(1),
        ("phases", "*", "name"): text_kind(80),
        ("phases", "*", "text"): text_kind(1000),
        ("recommended_for",): text_kind(),
        ("regulatory_status",): text_kind(),
        ("trial",): TRIAL,
        ("expected_results",): text_kind(),
        ("risks", "*"): text_kind(),
        ("price", "currency"): enum_kind(CURRENCIES),
        ("price", "base"): number_kind(0, above=False),
        ("price", "per_session"): number_kind(0, above=False),
        ("price", "options", "*", "id"): ID,
        ("price", "options", "*", "name"): text_kind(80),
        ("price", "options", "*", "price"): number_kind(0, above=False),
    },
)
PROTOCOL_REQUIRED = frozenset(
    {P}
    | {(*P, name) for name in ("id", "name", "cells", "routes", "sessions", "phases")}
    | {(*P, name) for name in ("regulatory_status", "expected_results", "risks")}
    | {(*P, "sessions", "min"), (*P, "sessions", "max")}
    | {(*P, "phases", "*", "name"), (*P, "phases", "*", "text")}
    | {(*P, "price", name) for name in ("currency", "base", "per_session")}
    | {(*P, "price", "options", "*", name) for name in ("id", "name", "price")}
)
KNOWN_NAMES = frozenset(
    part
    for pattern in [*CASE_KINDS, *CASE_REQUIRED, *PROTOCOL_KINDS, *PROTOCOL_REQUIRED]
    for part in pattern
) | {"title", "options", "price", "sessions", "phases", "risks", "cells", "routes"}


@dataclass(frozen=True)
class Schema:
    """Where a file's fields are and what they may hold."""

    kinds: dict[tuple[str, ...], Kind]
    required: frozenset[tuple[str, ...]]
    scope: FieldPath  # the part of the document the model reads
    file_fields: frozenset[str]


CASE_SCHEMA = Schema(CASE_KINDS, CASE_REQUIRED, (), frozenset({"(file)"}))
PROTOCOL_SCHEMA = Schema(PROTOCOL_KINDS, PROTOCOL_REQUIRED, P, FILE_FIELDS)


def pattern(path: FieldPath) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def walk(node: Node, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Node]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def replaced(tree: Node, path: FieldPath, new: Node) -> Node:
    """Return a copy of ``tree`` with the node at ``path`` replaced by ``new``."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(tree, dict):
        assert isinstance(head, str)
        return {k: (replaced(v, rest, new) if k == head else v) for k, v in tree.items()}
    assert isinstance(tree, list) and isinstance(head, int)
    return [replaced(v, rest, new) if i == head else v for i, v in enumerate(tree)]


def node_at(tree: Node, path: FieldPath) -> Node:
    for part in path:
        if isinstance(tree, dict) and isinstance(part, str):
            tree = tree[part]
        else:
            assert isinstance(tree, list) and isinstance(part, int)
            tree = tree[part]
    return tree


@dataclass(frozen=True)
class Mutation:
    """One change to a valid file, and what the loader must make of it.

    Attributes:
        name: What was changed, for the falsifying example.
        content: The file as written.
        verdict: ``reject`` when the contract says the file is now invalid, else ``either``.
        fields: For ``reject``: fields a problem must name (the field itself or inside it).
        file_level: Whether a problem about the whole file is also a right answer.
        where: The line and column a problem must name, when they are known.
        future: Valid on its own, but dated after the build date (an error in a site).
    """

    name: str
    content: bytes
    verdict: Literal["reject", "either"] = "either"
    fields: tuple[str, ...] = ()
    file_level: bool = False
    where: tuple[int, int] | None = None
    future: bool = False


ODD_STRINGS = [
    "7_0", "1_000", "1e400", "-1e400", "nan", "NaN", ".nan", "inf", "-inf", ".inf", "0x10",
    "0o17", "+5", "-0", "-1", "00012", "5.", "1.5", "1e3", "\u0663\u0664", "\uff13\uff14",
    "9999-12-31", "0001-01-01", "2023-02-30", "2023-13-01", "2023-00-10", "2021-00", "0000",
    "9999", "9999-12", "2023-9-4", "2023-09-04T10:00:00", "2023-09-04 ",
    "\u0662\u0660\u0662\u0663-\u0660\u0669-\u0660\u0664", "", " ", "\t", "\n", "a\nb",
    "line\r\nbreak", "\x00", "nul\x00", "\x1b[31mred", "\x7f", "\x85", "\x9b", "\u202eevil",
    "\u2066x\u2069", "\u200b", "\ufeff", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe",
    "\U0010ffff", "\u2028", "yes", "NO", "~", "null", "Null", "true", "1+", "uc-msc", "iv",
    "T11", "A", "E", "AU", "au", "USD", "NCT01234567", "<script>alert(1)</script>",
    "{{ 7*7 }}", "a" * 121, "x" * 5001, "word " * 4001, "\u00e9" * 61, "- a", "? x", ": x",
    "#comment", "&anchor", "*alias", "!tag", "%YAML", "@", "`", "|", ">",
]  # fmt: skip
ODD_CHARS = (
    "\x00\x01\x08\x0b\x0c\r\x1b\x7f\x80\x85\x9f\u061c\u200b\u200e\u202a\u202e\u2028\u2029"
    "\u2066\u2069\ufdd0\ufeff\ufffe\uffff\U0001ffff"
)
odd_chars = st.one_of(st.sampled_from(ODD_CHARS), st.characters(codec="utf-8"))
odd_strings = st.one_of(
    st.sampled_from(ODD_STRINGS),
    st.integers(-(10**6), 10**6).map(str),
    st.integers(-(10**40), 10**40).map(str),
    st.just(str(10**400)),
    st.text(odd_chars, max_size=20),
)
UNKNOWN_KEYS = [
    "rotues", "headlin", "Status", "id ", " id", "ID", "<<", "?", "0", "true", "null", "a.b",
    "x[0]", "\u202eevil", "a\nb", "a\r\nb", "tab\tkey", "nul\x00", "\x85", "\u2028", "\u00e9",
    "\ufeffid", "k" * 200,
]  # fmt: skip
unknown_keys = st.one_of(st.sampled_from(UNKNOWN_KEYS), st.text(odd_chars, min_size=1, max_size=20))
TAGS = ["!!str", "!!int", "!!map", "!!seq", "!!python/object/apply:os.system", "!custom", "!",
        "!<tag:yaml.org,2002:str>", "!!binary"]  # fmt: skip
INVALID_UTF8 = [b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf",
                b"\xf8\x88\x80\x80\x80", b"\x80", b"\xf4\x90\x80\x80"]  # fmt: skip
FORBIDDEN = ["\x00", "\x01", "\x1b", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"]


@dataclass(frozen=True)
class Target:
    """A valid document to mutate, and how to write it."""

    tree: Node
    schema: Schema
    write: Callable[[Node], bytes]
    yaml_end: Callable[[bytes], int]  # where the YAML of the written file ends

    def paths(self, want: Callable[[Node], bool] = lambda node: True) -> list[FieldPath]:
        """Paths inside the part the model reads, to nodes that ``want``."""
        found = walk(self.tree)
        return [p for p, n in found if p[: len(self.schema.scope)] == self.schema.scope and want(n)]

    def inner(self) -> list[FieldPath]:
        return [p for p in self.paths() if p]


def _drop(draw: st.DrawFn, t: Target) -> Mutation:
    path = draw(st.sampled_from([p for p in t.paths() if p and isinstance(p[-1], str)]))
    parent = node_at(t.tree, path[:-1])
    assert isinstance(parent, dict)
    new = replaced(t.tree, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
    name = f"drop {field_name(path)}"
    if pattern(path) in t.schema.required:
        return Mutation(name, t.write(new), "reject", (field_name(path),))
    if path[-1] in ("week", "date") and pattern(path) in t.schema.kinds:  # neither is left
        return Mutation(name, t.write(new), "reject", (field_name(path[:-1]),))
    return Mutation(name, t.write(new))


def _mapping(draw: st.DrawFn, t: Target) -> tuple[FieldPath, dict[str, Node]]:
    path = draw(st.sampled_from(t.paths(lambda n: isinstance(n, dict) and bool(n))))
    mapping = node_at(t.tree, path)
    assert isinstance(mapping, dict)
    return path, mapping


def _unknown_key(draw: st.DrawFn, t: Target) -> Mutation:
    path, mapping = _mapping(draw, t)
    key = draw(unknown_keys.filter(lambda k: k not in mapping and k not in KNOWN_NAMES))
    items: list[tuple[Node, Node]] = list(mapping.items())
    empty: list[Node] = [[], {}]
    value = draw(st.one_of(odd_strings, st.sampled_from(empty)))
    items.insert(draw(st.integers(0, len(items))), (key, value))
    field_ = field_name((*path, key))
    new = replaced(t.tree, path, Pairs(tuple(items)))
    return Mutation(f"unknown key {field_!r}", t.write(new), "reject", (field_,))


def _duplicate_key(draw: st.DrawFn, t: Target) -> Mutation:
    path, mapping = _mapping(draw, t)
    items: list[tuple[Node, Node]] = list(mapping.items())
    index = draw(st.integers(0, len(items) - 1))
    key, value = items[index]
    assert isinstance(key, str)
    again = draw(st.one_of(st.just(value), odd_strings))
    items.insert(draw(st.integers(index + 1, len(items))), (key, again))
    field_ = field_name((*path, key))
    new = replaced(t.tree, path, Pairs(tuple(items)))
    return Mutation(f"duplicate {field_}", t.write(new), "reject", (field_,))


def _key_tag(draw: st.DrawFn, t: Target) -> Mutation:
    path, mapping = _mapping(draw, t)
    items: list[tuple[Node, Node]] = list(mapping.items())
    index = draw(st.integers(0, len(items) - 1))
    key, value = items[index]
    items[index] = (Tagged(draw(st.sampled_from(TAGS)), key), value)
    new = replaced(t.tree, path, Pairs(tuple(items)))
    name = f"tag on the key {key!r} in {field_name(path)}"
    return Mutation(name, t.write(new), "reject", (field_name(path),))


def _value(
    draw: st.DrawFn, t: Target, category: str | None = None, insert: bool = False
) -> Mutation:
    """Replace a scalar (of ``category``) with an odd string, or (``insert``) add a character."""
    scalars = t.paths(lambda n: n is None or isinstance(n, str))
    kinds = t.schema.kinds
    chosen = [p for p in scalars if kinds.get(pattern(p), ANY).category == category]
    path = draw(st.sampled_from(chosen or scalars))
    old = node_at(t.tree, path)
    kind = kinds.get(pattern(path), ANY)
    if insert and isinstance(old, str):
        at = draw(st.integers(0, len(old)))
        text = old[:at] + draw(odd_chars) + old[at:]
    else:
        text = draw(st.one_of(typed_odd(kind, old), odd_strings))
    verdict: Literal["reject", "either"] = "either" if kind.may_be(text) else "reject"
    name = f"{field_name(path)} = {text!r}"
    new = t.write(replaced(t.tree, path, text))
    # Nothing may happen after the build date: checked when the site is loaded.
    date = real_date(text) if pattern(path) in EVENT_DATES else None
    future = verdict == "either" and date is not None and date > TODAY
    return Mutation(name, new, verdict, (field_name(path),), future=future)


def _wrong_type(draw: st.DrawFn, t: Target) -> Mutation:
    path = draw(st.sampled_from(t.inner()))
    old = node_at(t.tree, path)
    choices: list[Node]
    if isinstance(old, dict):
        choices = [[], [old]]
    elif isinstance(old, list):
        choices = [{}, {"item": old}]
    else:
        choices = [[], {}, [old], {"value": old}]
    scalars = odd_strings if isinstance(old, dict | list) else st.nothing()
    other: Node = draw(st.one_of(scalars, st.sampled_from(choices)))
    name = f"{field_name(path)} = {other!r}"
    return Mutation(name, t.write(replaced(t.tree, path, other)), "reject", (field_name(path),))


def _null(draw: st.DrawFn, t: Target) -> Mutation:
    path = draw(st.sampled_from(t.inner()))
    new = t.write(replaced(t.tree, path, None))
    name = f"{field_name(path)} = null"
    if pattern(path) in t.schema.required:
        return Mutation(name, new, "reject", (field_name(path),))
    if path[-1] in ("week", "date") and pattern(path) in t.schema.kinds:  # neither is left
        return Mutation(name, new, "reject", (field_name(path[:-1]),))
    return Mutation(name, new)


def _tag(draw: st.DrawFn, t: Target) -> Mutation:
    path = draw(st.sampled_from(t.paths()))
    tag = draw(st.sampled_from(TAGS))
    new = replaced(t.tree, path, Tagged(tag, node_at(t.tree, path)))
    return Mutation(f"tag {tag} on {field_name(path)}", t.write(new), "reject", (field_name(path),))


def _anchor_alias(draw: st.DrawFn, t: Target) -> Mutation:
    first = draw(st.sampled_from(t.inner()))
    new = replaced(t.tree, first, Anchored("a1", node_at(t.tree, first)))
    apart = [p for p in t.inner() if p[: len(first)] != first and first[: len(p)] != p]
    if not apart or draw(st.booleans()):
        return Mutation(
            f"anchor on {field_name(first)}", t.write(new), "reject", (field_name(first),)
        )
    second = draw(st.sampled_from(apart))
    new = replaced(new, second, Alias("a1"))
    fields = (field_name(first), field_name(second))
    return Mutation(f"anchor on {fields[0]}, alias at {fields[1]}", t.write(new), "reject", fields)


def _deep(draw: st.DrawFn, t: Target) -> Mutation:
    path = draw(st.sampled_from(t.paths()))
    # About the README's limit of 20 levels, past the recursion limit, and past libyaml's.
    boundaries = [19, 20, 21, 500, 800, 999, 1000, 5000, 50_000]
    depth = draw(st.one_of(st.sampled_from(boundaries), st.integers(2, 999)))
    opening, middle, closing = draw(st.sampled_from([("[", "", "]"), ("{a: ", "x", "}")]))
    new = replaced(t.tree, path, Raw(opening * depth + middle + closing * depth))
    name = f"{field_name(path)} nested {depth} deep"
    return Mutation(name, t.write(new), "reject", (field_name(path),), file_level=True)


def _root(draw: st.DrawFn, t: Target) -> Mutation:
    roots: list[Node] = ["", None, "just text", [], ["a", "b"], Raw("[[[]]]")]
    other = draw(st.sampled_from(roots))
    scope = t.schema.scope
    new = replaced(t.tree, scope, other)
    name = f"{field_name(scope)} = {other!r}"
    return Mutation(name, t.write(new), "reject", (field_name(scope),), file_level=True)


def _second_document(draw: st.DrawFn, t: Target) -> Mutation:
    if t.schema.scope:  # in front matter, a second "---" ends the front matter instead
        return _root(draw, t)
    content = t.write(t.tree) + b"---\nid: second\n"
    return Mutation("a second document", content, "reject", (), file_level=True)


def _truncate(draw: st.DrawFn, t: Target) -> Mutation:
    """Cut the file at any byte, or in the middle of a line (a file saved half-way)."""
    content = t.write(t.tree)
    starts = [0, *(i + 1 for i, byte in enumerate(content) if byte == ord("\n"))]
    anywhere = st.integers(0, len(content) - 1)
    in_a_line = st.sampled_from(starts[:-1]).map(
        lambda start: start + max(1, (content.find(b"\n", start) - start) // 2)
    )
    at = draw(st.one_of(anywhere, in_a_line))
    return Mutation(f"truncated at byte {at}", content[:at])


def _random_bytes(draw: st.DrawFn, t: Target) -> Mutation:
    content = t.write(t.tree)
    at = draw(st.integers(0, len(content)))
    noise = draw(st.binary(min_size=1, max_size=8))
    return Mutation(f"{noise!r} at byte {at}", content[:at] + noise + content[at:])


def _bad_bytes(draw: st.DrawFn, t: Target) -> Mutation:
    """Invalid UTF-8, or a character YAML forbids, inserted where YAML is read."""
    content = t.write(t.tree)
    # Between two characters, so the first byte that is wrong is the first one inserted.
    end = t.yaml_end(content)
    boundaries = [i for i in range(end + 1) if i == len(content) or content[i] & 0xC0 != 0x80]
    at = draw(st.sampled_from(boundaries))
    choices = [*INVALID_UTF8, *(c.encode() for c in FORBIDDEN)]
    noise = draw(st.sampled_from(choices))
    line_start = content.rfind(b"\n", 0, at) + 1
    before = content[line_start:at].decode("utf-8-sig" if line_start == 0 else "utf-8")
    where = (content.count(b"\n", 0, at) + 1, len(before) + 1)
    name = f"{noise!r} at byte {at} (line {where[0]}, column {where[1]})"
    new = content[:at] + noise + content[at:]
    return Mutation(name, new, "reject", (), file_level=True, where=where)


MUTATIONS: dict[str, Callable[[st.DrawFn, Target], Mutation]] = {
    "drop": _drop,
    "unknown_key": _unknown_key,
    "duplicate_key": _duplicate_key,
    "key_tag": _key_tag,
    # One kind per category of field: each finds its own bugs, not only the first one.
    **{
        f"value:{c}": partial(_value, category=c)
        for c in sorted({*TYPED_ODD, "enum", "trial", "any"})
    },
    "insert_char": partial(_value, insert=True),
    "wrong_type": _wrong_type,
    "null": _null,
    "tag": _tag,
    "anchor_alias": _anchor_alias,
    "deep": _deep,
    "root": _root,
    "second_document": _second_document,
    "truncate": _truncate,
    "random_bytes": _random_bytes,
    "bad_bytes": _bad_bytes,
}


@st.composite
def mutations(draw: st.DrawFn, target: Target, kind: str | None = None) -> Mutation:
    """One mutation (of ``kind``, or any) of a valid document, written as a file."""
    kind = kind or draw(st.sampled_from(sorted(MUTATIONS)))
    mutation = MUTATIONS[kind](draw, target)
    event(f"{kind}: {mutation.verdict}")
    return mutation


def front_matter_end(content: bytes) -> int:
    """Return where the last line of a protocol page's front matter ends (before ``---``)."""
    end = content.find(b"\n---", 3)
    assert end > 0
    return end - 1 if content[end - 1 : end] == b"\r" else end


_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


def _loose(text: str) -> str:
    """``text`` without unprintable characters and escapes: however a key's oddities are shown."""
    return "".join(c for c in _ESCAPE_RE.sub("", text) if c.isprintable())


def names(field_: str, expected: str) -> bool:
    """Whether a problem's field is ``expected`` or inside it (the file holds every field)."""
    if expected == "(file)":
        return True
    shown, wanted = _loose(field_), _loose(expected)
    return shown == wanted or shown.startswith((wanted + ".", wanted + "["))


def field_name(path: FieldPath) -> str:
    """Write a field path as the contract does: ``assessments[1].lems``, or ``(file)``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(file)"


def assert_verdict(mutation: Mutation, problems: Sequence[Problem], schema: Schema) -> None:
    """A mutation that breaks the contract is reported, at the field it broke."""
    if mutation.verdict != "reject":
        return
    assert problems, f"{mutation.name}: breaks the contract, but no problem was reported"
    if mutation.where is not None:
        found = [(p.line, p.column) for p in problems]
        assert mutation.where in found, f"{mutation.name}: problems are at {found}"
    try:
        text = mutation.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    file_level_ok = mutation.file_level or text is None or bool(YAML_FORBIDDEN_RE.search(text))
    if file_level_ok and any(p.field in schema.file_fields for p in problems):
        return
    for expected in mutation.fields:
        assert any(names(p.field, expected) for p in problems), (
            f"{mutation.name}: no problem names {expected!r}: {[str(p) for p in problems]}"
        )


# --- properties of valid files ---------------------------------------------------------------

SOME_PROTOCOLS = [
    ProtocolInfo("uc-msc-iv-lp", ("iv", "intrathecal"), ("uc-msc",)),
    ProtocolInfo("p", ROUTES, CELLS),
]


def _texts_of(case: CaseFile) -> dict[str, Node]:
    data = case.data
    patient, consent = data["patient"], data["consent"]
    assert isinstance(patient, dict) and isinstance(consent, dict)
    return {
        "headline": data["headline"],
        "name": patient["name"],
        "before": data["before"],
        "after": data["after"],
        "story": data.get("story"),
        "quote": data.get("quote"),
        "form": consent["form"],
    }


@settings(BASE, max_examples=100)
@given(case=case_files(SOME_PROTOCOLS), style=styles)
def test_a_valid_case_file_loads_as_written(case: CaseFile, style: Style) -> None:
    content = case_bytes(case, style)
    note(content.decode("utf-8-sig"))
    with TempRoot() as root:
        source = write_case_file(root, case, content)
        sourced, problems = load_case(root / source, source)
    assert problems == []
    assert sourced is not None
    model = sourced.model
    loaded = {
        "headline": model.headline,
        "name": model.patient.name,
        "before": model.before,
        "after": model.after,
        "story": model.story,
        "quote": model.quote,
        "form": model.consent.form,
    }
    assert loaded == _texts_of(case)
    assert model.id == case.id
    assert str(model.patient.age) == node_at(case.data, ("patient", "age"))
    assert len(model.treatment.sessions) == len(node_at(case.data, ("treatment", "sessions")))  # type: ignore[arg-type]


@settings(BASE, max_examples=60)
@given(
    data=protocol_data(),
    title=st.one_of(st.none(), plain_text(60)),
    style=styles,
)
def test_a_valid_protocol_page_loads_as_written(
    data: dict[str, Node], title: str | None, style: Style
) -> None:
    content = protocol_bytes(data, style, title)
    note(content.decode())
    with TempRoot() as root:
        source = f"content/protocols/{data['id']}.md"
        write_file(root / source, content)
        sourced, problems = load_protocol(root / source, source)
    assert problems == []
    assert sourced is not None
    assert sourced.model.id == data["id"]
    assert sourced.model.name == data["name"]
    assert list(sourced.model.risks) == data["risks"]
    assert list(sourced.model.routes) == data["routes"]


def shown(case: CaseFile, today: dt.date, preview: bool) -> bool:
    """Whether the contract lets ``case`` appear on a site built on ``today``."""
    consent = case.data["consent"]
    assert isinstance(consent, dict) and isinstance(consent["scope"], list)
    statuses = ("published", "draft", "review") if preview else ("published",)
    expires = consent["expires"]
    assert isinstance(expires, str)
    return (
        case.data["status"] in statuses
        and "clinical" in consent["scope"]
        and consent.get("revoked") is None
        and dt.date.fromisoformat(expires) > today
    )


def exact_dates(case: CaseFile) -> set[str]:
    """Every exact calendar date of a case file (never to be published)."""
    found = set()
    for path, value in walk(case.data):
        if isinstance(value, str) and path and path[-1] in (
            "date", "start", "signed", "expires", "revoked",
        ) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # fmt: skip
            found.add(value)
    return found


@settings(BASE, max_examples=20)
@given(spec=sites())
def test_a_valid_site_loads_and_renders_every_page(spec: SiteSpec) -> None:
    renderer = Renderer()
    with TempRoot() as root:
        files = write_spec(root, spec)
        layout = layout_of(root)
        site = prepare(layout, today=TODAY, preview=spec.preview)
        assert [str(p) for p in site.problems] == []
        generated = list(generate(site.catalog, renderer, layout))
        for name in files:
            if name.startswith("content/"):
                src_uri = name.removeprefix("content/")
                text = files[name].decode("utf-8-sig")
                assert enrich(src_uri, text, site.catalog, renderer, layout)

    expected = {c.id for c in spec.cases if shown(c, TODAY, spec.preview)}
    catalog = site.catalog
    assert {c.id for c in (*catalog.cases, *catalog.previews)} == expected
    assert {d.id for d in catalog.dropped} == {c.id for c in spec.cases} - expected
    pages = {g.src_uri: g.content for g in generated}
    assert len(pages) == len(generated), "two generated files at one address"
    assert {"cases/index.md", "results/index.md", "cost.md"} <= set(pages)
    case_pages = {u for u in pages if re.fullmatch(r"cases/[a-z0-9-]+\.md", u)}
    assert case_pages == {f"cases/{i}.md" for i in expected} | {"cases/index.md"}
    for case in spec.cases:
        if case.id in expected and case.photo is not None:
            assert isinstance(
                pages.get(f"cases/{case.id}/photo.{'jpg' if case.photo[1] == 'JPEG' else 'png'}"),
                bytes,
            )
    text = "\n".join(c for c in pages.values() if isinstance(c, str))
    leaked = {d for c in spec.cases for d in exact_dates(c) if d in text}
    assert not leaked, f"exact dates published: {leaked}"


def _sample_with(root: Path, protocol: dict[str, Node], cases: Sequence[CaseFile]) -> None:
    """Replace the sample site's cases, and the front matter of one of its protocols."""
    copy_site(root)
    for old in (root / "cases").glob("*.yml"):
        old.unlink()
    page = root / "content" / "protocols" / "uc-msc-iv-lp.md"
    body = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    write_file(page, protocol_page(protocol_front(protocol, "A generated protocol"), body, Style()))
    for case in cases:  # written by yaml.safe_dump this time, as the other site tests do
        write_case(root, case.id, case.data)
        if case.photo is not None:
            write_photo(root / "cases", case.photo)


SAMPLE_CT = ProtocolInfo("uc-msc-iv-lp-ct", ("iv", "intrathecal", "intraspinal"), ("uc-msc",))


@st.composite
def sample_sites(draw: st.DrawFn) -> tuple[dict[str, Node], tuple[CaseFile, ...]]:
    protocol = draw(protocol_data("uc-msc-iv-lp"))
    infos = [info(protocol), SAMPLE_CT]
    ids = draw(st.lists(identifiers(), min_size=1, max_size=3, unique=True))
    return protocol, tuple(draw(case_files(infos, i)) for i in ids)


@settings(BASE, max_examples=3)
@given(generated=sample_sites())
def test_mkdocs_builds_a_site_of_generated_cases_strictly(
    generated: tuple[dict[str, Node], tuple[CaseFile, ...]],
) -> None:
    protocol, cases = generated
    with TempRoot() as root:
        _sample_with(root, protocol, cases)
        ct, problems = load_protocol(root / "content/protocols/uc-msc-iv-lp-ct.md", "ct")
        assert ct is not None and problems == []
        assert (ct.model.id, tuple(ct.model.routes), tuple(ct.model.cells)) == SAMPLE_CT
        result = run_mkdocs(root, "build", "--strict")
        assert result.returncode == 0, result.stderr
        built = root / "site"
        for case in cases:
            page = built / "cases" / case.id / "index.html"
            assert page.is_file() == shown(case, TODAY, preview=False), case.id
        text = "\n".join(
            p.read_text(encoding="utf-8")
            for p in built.rglob("*")
            if p.suffix in (".html", ".json")
        )
    leaked = {d for c in cases for d in exact_dates(c) if d in text}
    assert not leaked, f"exact dates published: {leaked}"


# --- properties of broken files -----------------------------------------------------------------


@st.composite
def mutated_cases(draw: st.DrawFn, kind: str) -> tuple[CaseFile, Mutation]:
    case = draw(case_files(SOME_PROTOCOLS, sz=SMALL))
    style = draw(styles)
    target = Target(case.data, CASE_SCHEMA, lambda t: dump(t, style), len)
    return case, draw(mutations(target, kind))


# Every kind of mutation gets its own examples (drawn at random, some would hardly ever run),
# the kinds with the most ways to go wrong more of them.
CASE_BUDGET = dict.fromkeys(MUTATIONS, 20) | {
    "insert_char": 40, "truncate": 50, "random_bytes": 30, "bad_bytes": 30, "unknown_key": 30,
}  # fmt: skip
PROTOCOL_BUDGET = {kind: examples // 2 for kind, examples in CASE_BUDGET.items()}


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_a_broken_case_file_is_reported_never_raised(kind: str) -> None:
    @settings(BASE, max_examples=CASE_BUDGET[kind])
    @given(mutated=mutated_cases(kind))
    def check(mutated: tuple[CaseFile, Mutation]) -> None:
        check_broken_case(*mutated)

    check()


def check_broken_case(case: CaseFile, mutation: Mutation) -> None:
    note(f"{mutation.name}\n{mutation.content!r}")
    with TempRoot() as root:
        source = write_case_file(root, case, mutation.content)
        with production_stack():
            sourced, problems = load_case(root / source, source)
    assert (sourced is None) == bool(problems)
    assert_well_formed(problems, {source: mutation.content})
    assert_verdict(mutation, problems, CASE_SCHEMA)


@st.composite
def mutated_protocols(draw: st.DrawFn, kind: str) -> tuple[str, Mutation]:
    data = draw(protocol_data(sz=SMALL))
    title = draw(st.one_of(st.none(), plain_text(12)))
    style = draw(styles)
    front = protocol_front(data, title)

    def write(tree: Node) -> bytes:
        return protocol_page(tree, PROTOCOL_BODY, style)

    mutation = draw(mutations(Target(front, PROTOCOL_SCHEMA, write, front_matter_end), kind))
    assert isinstance(data["id"], str)
    return data["id"], mutation


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_a_broken_protocol_page_is_reported_never_raised(kind: str) -> None:
    @settings(BASE, max_examples=PROTOCOL_BUDGET[kind])
    @given(mutated=mutated_protocols(kind))
    def check(mutated: tuple[str, Mutation]) -> None:
        check_broken_protocol(*mutated)

    check()


def check_broken_protocol(protocol_id: str, mutation: Mutation) -> None:
    note(f"{mutation.name}\n{mutation.content!r}")
    with TempRoot() as root:
        source = f"content/protocols/{protocol_id}.md"
        write_file(root / source, mutation.content)
        with production_stack():
            sourced, problems = load_protocol(root / source, source)
    assert (sourced is None) == bool(problems)
    assert_well_formed(problems, {source: mutation.content})
    assert_verdict(mutation, problems, PROTOCOL_SCHEMA)


TRAPS = ["unknown-protocol", "protocol-typo", "duplicate-id", "route", "yaml-extension",
         "no-front-matter", "future-date"]  # fmt: skip


@dataclass
class BrokenSite:
    """Files of a site, and the files that must be reported."""

    files: dict[str, bytes] = field(default_factory=dict)
    photos: list[tuple[str, str]] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    mutated: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    preview: bool = False


def _maybe_broken(draw: st.DrawFn, site: BrokenSite, name: str, valid: bytes, t: Target) -> None:
    """Write ``name`` valid, or (one time in three) with one mutation."""
    content = valid
    if draw(st.integers(0, 2)) == 0:
        mutation = draw(mutations(t))
        content = mutation.content
        site.notes.append(f"{name}: {mutation.name}")
        site.mutated.add(name)
        if mutation.verdict == "reject" or mutation.future:
            site.broken.add(name)
    site.files[name] = content


def _add_case(site: BrokenSite, name: str, case: CaseFile, style: Style) -> None:
    site.files[name] = case_bytes(case, style)
    site.broken.add(name)
    if case.photo:
        site.photos.append(case.photo)


def _trap(draw: st.DrawFn, site: BrokenSite, spec: SiteSpec, trap: str, new_id: str) -> None:
    """Add a file that is valid on its own but wrong together with the others."""
    style = spec.style
    infos = [info(p) for p in spec.protocols]
    intact = [i for i in infos if f"content/protocols/{i.id}.md" not in site.mutated]
    site.notes.append(f"trap {trap}: {new_id}")
    if trap == "unknown-protocol":
        ghost = ProtocolInfo(new_id + "-ghost", ROUTES, CELLS)
        _add_case(site, f"cases/{new_id}.yml", draw(case_files([ghost], new_id, SMALL)), style)
    elif trap == "protocol-typo":
        protocol = draw(protocol_data(new_id, SMALL))
        typo = {("rotues" if k == "routes" else k): v for k, v in protocol.items()}
        site.files[f"content/protocols/{new_id}.md"] = protocol_bytes(typo, style)
        site.broken.add(f"content/protocols/{new_id}.md")
        case = draw(case_files([info(protocol)], new_id + "-case", SMALL))
        _add_case(site, f"cases/{new_id}-case.yml", case, style)
    elif trap == "duplicate-id":
        _add_case(site, f"cases/{new_id}.yml", draw(st.sampled_from(spec.cases)), style)
    elif trap == "route" and intact:
        offered = draw(st.sampled_from(intact))
        missing = tuple(r for r in ROUTES if r not in offered.routes)
        if missing:
            case = draw(case_files([offered._replace(routes=missing)], new_id, SMALL))
            _add_case(site, f"cases/{new_id}.yml", case, style)
    elif trap == "yaml-extension":
        _add_case(site, f"cases/{new_id}.yaml", draw(case_files(infos, new_id, SMALL)), style)
    elif trap == "future-date":  # "not after the build date" (README, "Errors and limits")
        case = draw(case_files(infos, new_id, SMALL))
        path = draw(
            st.sampled_from(sorted(p for p, _ in walk(case.data) if pattern(p) in EVENT_DATES))
        )
        later = draw(st.dates(TODAY + dt.timedelta(days=1), dt.date(9999, 12, 31)))
        site.notes.append(f"{field_name(path)} = {later}")
        data = replaced(case.data, path, later.isoformat())
        assert isinstance(data, dict)
        _add_case(site, f"cases/{new_id}.yml", CaseFile(data, case.photo), style)
    elif trap == "no-front-matter":
        site.files[f"content/protocols/{new_id}.md"] = b"# A protocol without front matter\n"
        site.broken.add(f"content/protocols/{new_id}.md")


@st.composite
def broken_sites(draw: st.DrawFn) -> BrokenSite:
    """A site whose files are valid, broken, or valid alone but wrong together."""
    spec = draw(sites(max_cases=4, sz=SMALL))
    style = spec.style
    site = BrokenSite(preview=spec.preview)
    site.files["content/index.md"] = INDEX_PAGE.encode()

    def write_page(tree: Node) -> bytes:
        return protocol_page(tree, PROTOCOL_BODY, style)

    def write_case(tree: Node) -> bytes:
        return dump(tree, style)

    for protocol in spec.protocols:
        name = f"content/protocols/{protocol['id']}.md"
        target = Target(
            protocol_front(protocol, None), PROTOCOL_SCHEMA, write_page, front_matter_end
        )
        _maybe_broken(draw, site, name, protocol_bytes(protocol, style), target)
    for case in spec.cases:
        target = Target(case.data, CASE_SCHEMA, write_case, len)
        _maybe_broken(draw, site, f"cases/{case.id}.yml", case_bytes(case, style), target)
        if case.photo:
            site.photos.append(case.photo)
    taken = {c.id for c in spec.cases} | {str(p["id"]) for p in spec.protocols}
    traps = draw(st.lists(st.sampled_from(TRAPS), unique=True, max_size=3))
    for number, trap in enumerate(traps):
        new_id = f"trap{number}"
        while any(i.startswith(new_id) for i in taken):
            new_id += "x"  # a new id, and no prefix of another (see protocol-typo)
        _trap(draw, site, spec, trap, new_id)
    return site


@settings(BASE, max_examples=50)
@given(site=broken_sites())
def test_a_site_of_broken_files_is_reported_never_raised(site: BrokenSite) -> None:
    note("\n".join(site.notes))
    renderer = Renderer()
    with TempRoot() as root:
        for name, content in site.files.items():
            write_file(root / name, content)
        for photo in site.photos:
            write_photo(root / "cases", photo)
        layout = layout_of(root)
        with production_stack():
            loaded = prepare(layout, today=TODAY, preview=site.preview)
        assert_well_formed(loaded.problems, site.files)
        reported = {p.path for p in loaded.problems}
        assert site.broken <= reported, f"not reported: {sorted(site.broken - reported)}"
        generated = generate(loaded.catalog, renderer, layout)
        assert {"cases/index.md", "results/index.md", "cost.md"} <= {g.src_uri for g in generated}
        for name, content in site.files.items():
            if name.startswith("content/") and loaded.catalog.protocols:
                try:
                    text = content.decode("utf-8-sig")
                except UnicodeDecodeError:
                    continue  # reported above; MkDocs would not read it either
                enrich(name.removeprefix("content/"), text, loaded.catalog, renderer, layout)
