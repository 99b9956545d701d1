"""Strict YAML: only plain mappings, lists and text, with the position of every value.

YAML has features a case file never needs and that hide mistakes or run code: tags, anchors and
aliases, duplicate keys that silently overwrite, and YAML 1.1 typing that turns ``NO`` into
``False`` and ``1+`` or ``2021-06`` into surprises. We read the event stream ourselves (libyaml
when present) and build plain values: every scalar stays text, except an unquoted null, so the
models decide each field's type.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.content.errors import Problem

try:  # libyaml is several times faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A case file is 4 levels deep; 20 leaves room for any sensible file and bounds recursion.
MAX_DEPTH = 20
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

FieldPath = tuple[str | int, ...]


@dataclass
class Document:
    """A loaded YAML document: its plain data and where each value stands.

    Attributes:
        data: Nested dicts, lists, strings and ``None``.
        marks: For each field path, the 1-based (line, column) of its value, or of its key
            when the value is a mapping or a list.
    """

    data: Any
    marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> tuple[int, int]:
        """Return the position of ``path``, or of its nearest ancestor that exists."""
        for end in range(len(path), -1, -1):
            mark = self.marks.get(path[:end])
            if mark is not None:
                return mark
        return (1, 1)


def format_path(path: FieldPath) -> str:
    """Write a field path the way editors read it: ``assessments[1].lems``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(file)"


class _Builder:
    """Turns a list of parser events into plain values, collecting every problem."""

    def __init__(self, events: list[yaml.Event], source: str, line_offset: int) -> None:
        self.events = events
        self.pos = 0
        self.source = source
        self.line_offset = line_offset
        self.doc = Document(data=None)
        self.problems: list[Problem] = []

    def mark(self, event: yaml.Event) -> tuple[int, int]:
        start = event.start_mark
        assert start is not None  # the parser marks every event
        return (start.line + 1 + self.line_offset, start.column + 1)

    def problem(self, event: yaml.Event, path: FieldPath, message: str) -> None:
        line, column = self.mark(event)
        self.problems.append(Problem(self.source, line, column, format_path(path), message))

    def next(self) -> yaml.Event:
        event = self.events[self.pos]
        self.pos += 1
        return event

    def node(self, path: FieldPath, keyed_at: tuple[int, int] | None) -> Any:
        event = self.next()
        self._check_features(event, path)
        if isinstance(event, yaml.AliasEvent):
            self.doc.marks[path] = self.mark(event)  # the model's complaint points here too
            return None
        if isinstance(event, yaml.ScalarEvent):
            self.doc.marks[path] = self.mark(event)
            plain = event.implicit[0]  # untagged and unquoted
            return None if plain and event.value in _NULLS else event.value
        self.doc.marks[path] = keyed_at or self.mark(event)
        if len(path) >= MAX_DEPTH:
            # Deeper than any case file needs; building it would recurse without bound.
            self.problem(event, path, f"nested more than {MAX_DEPTH} levels deep")
            self._skip_rest(path)
            return None
        if isinstance(event, yaml.SequenceStartEvent):
            return self._sequence(path)
        return self._mapping(path)

    def _check_features(self, event: yaml.Event, path: FieldPath) -> None:
        # Called for every node: the common case (no alias, anchor or tag) returns at once.
        if (
            getattr(event, "anchor", None) is None
            and getattr(event, "tag", None) is None
            and type(event) is not yaml.AliasEvent
        ):
            return
        if isinstance(event, yaml.AliasEvent):
            self.problem(event, path, "aliases (*name) are not allowed; write the value out")
            return
        if getattr(event, "anchor", None) is not None:
            self.problem(event, path, "anchors (&name) are not allowed; write the value out")
        if getattr(event, "tag", None) is not None:
            self.problem(event, path, f"tags are not allowed (found {getattr(event, 'tag', '')!r})")

    def _sequence(self, path: FieldPath) -> list[Any]:
        items: list[Any] = []
        while not isinstance(self.events[self.pos], yaml.SequenceEndEvent):
            items.append(self.node((*path, len(items)), None))
        self.next()
        return items

    def _mapping(self, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        while not isinstance(self.events[self.pos], yaml.MappingEndEvent):
            key_event = self.events[self.pos]
            key = self._key(path)
            if key is None:
                self._skip((*path, "<key>"))
                continue
            if key in first_seen:
                self._skip((*path, key))
                message = f"duplicate key {key!r} (first at line {first_seen[key]})"
                self.problem(key_event, (*path, key), message)
                continue
            at = self.mark(key_event)
            first_seen[key] = at[0]
            result[key] = self.node((*path, key), at)
        self.next()
        return result

    def _skip(self, path: FieldPath) -> None:
        """Consume a value we drop, still checking its features, without recording positions.

        The first of duplicate keys wins, so a dropped value must not overwrite its positions;
        recording nothing keeps the cost of a dropped value in proportion to its size.
        """
        event = self.next()
        self._check_features(event, path)
        if isinstance(event, yaml.CollectionStartEvent):
            self._skip_rest(path)

    def _skip_rest(self, path: FieldPath) -> None:
        """Consume the rest of a collection whose start was just read, without recursion."""
        depth = 1
        while depth:
            event = self.next()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if not isinstance(event, yaml.CollectionEndEvent):
                self._check_features(event, path)

    def _key(self, path: FieldPath) -> str | None:
        """Consume a key and return its text, or ``None`` (reported) when it is not a scalar."""
        event = self.events[self.pos]
        if isinstance(event, yaml.ScalarEvent):
            self.next()
            self._check_features(event, path)
            return str(event.value)
        self.problem(event, path, "a key must be plain text")
        self._skip((*path, "<key>"))  # consume the complex key
        return None


def parse(text: str, source: str, *, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text strictly.

    Args:
        text: The YAML source.
        source: The file name to put in problems.
        line_offset: Lines before ``text`` in its file (for front matter).

    Returns:
        The document (``None`` when it cannot be read at all) and every problem found.
    """
    try:
        events = list(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        line, column = _syntax_error_position(exc, text)
        line += line_offset
        message = f"YAML syntax error: {exc.problem or exc.context}"
        return None, [Problem(source, line, column, "(file)", message)]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        return None, [_bad_character(text, exc.character, source, line_offset)]
    except yaml.YAMLError as exc:  # pragma: no cover - the parser raises only the two above
        message = "unreadable YAML: " + " ".join(str(exc).split())
        return None, [Problem(source, 1 + line_offset, 1, "(file)", message)]
    documents = sum(isinstance(e, yaml.DocumentStartEvent) for e in events)
    if documents == 0:
        return None, [Problem(source, 1 + line_offset, 1, "(file)", "the file is empty")]
    builder = _Builder(events, source, line_offset)
    builder.pos = 2  # StreamStart, DocumentStart
    builder.doc.data = builder.node((), (1 + line_offset, 1))
    if documents > 1:
        second = [e for e in events if isinstance(e, yaml.DocumentStartEvent)][1]
        builder.problem(second, (), "only one YAML document is allowed (remove the extra ---)")
    if builder.doc.data is None and not builder.problems:
        builder.problems.append(Problem(source, 1 + line_offset, 1, "(file)", "the file is empty"))
        return None, builder.problems
    return builder.doc, builder.problems


def _syntax_error_position(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int]:
    """Return the 1-based line and column of a syntax error, inside the text.

    At the end of a file without a final line break libyaml marks the line after the last one;
    the error is then at the end of the last line.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return 1, 1
    lines = _YAML_BREAK.split(text)  # YAML's own line breaks, so lines count as libyaml's do
    if mark.line < len(lines):
        return mark.line + 1, mark.column + 1
    return len(lines), len(lines[-1]) + 1


def _bad_character(text: str, character: int, source: str, line_offset: int) -> Problem:
    # libyaml reports a byte offset and the pure-Python parser a character offset: finding
    # the character itself gives the same line and column with either.
    index = max(text.find(chr(character)), 0)
    line = text.count("\n", 0, index) + 1 + line_offset
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    message = f"contains the character U+{character:04X}, which YAML does not allow; remove it"
    return Problem(source, line, column, "(file)", message)


def read_text(path: Path, source: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, refusing oversized files and invalid encodings.

    Args:
        path: The file to read.
        source: Its name as shown in problems.

    Returns:
        The text (``None`` when unreadable) and any problem.
    """
    try:
        # Regular files only: reading a FIFO or a device named like a case file would wait
        # forever or never end, so its kind is checked before it is opened.
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            return None, [Problem(source, 1, 1, "(file)", "is not a regular file; replace it")]
        raw = _read_at_most(path, MAX_BYTES + 1)
    except OSError as exc:
        return None, [Problem(source, 1, 1, "(file)", f"cannot read: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        size = max(status.st_size, len(raw))
        message = f"file is {size:,} bytes; the limit is {MAX_BYTES:,}"
        return None, [Problem(source, 1, 1, "(file)", message)]
    # The byte-order mark is taken off by hand: decoding with "utf-8-sig" would count error
    # positions from after it, three bytes short.
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[bom:].decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [_bad_byte(raw, bom, bom + exc.start, source)]


def _bad_byte(raw: bytes, bom: int, at: int, source: str) -> Problem:
    line = raw.count(b"\n", 0, at) + 1
    line_start = max(raw.rfind(b"\n", 0, at) + 1, bom)
    # Editors count characters, not bytes; the valid start of the line says how many.
    column = len(raw[line_start:at].decode("utf-8")) + 1
    message = f"not valid UTF-8 (byte 0x{raw[at]:02x}); save the file as UTF-8"
    return Problem(source, line, column, "(file)", message)


def _read_at_most(path: Path, size: int) -> bytes:
    # A file that grows while read (or is huge) costs no more than the limit to refuse.
    with path.open("rb") as handle:
        return handle.read(size)


def load_file(path: Path, source: str) -> tuple[Document | None, list[Problem]]:
    """Read and strictly parse one YAML file (see `parse` and `read_text`)."""
    text, problems = read_text(path, source)
    if text is None:
        return None, problems
    return parse(text, source)
