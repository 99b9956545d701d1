"""Where the prose is, in a case file or a page, and how it splits into sentences.

Everything a reader never sees as prose (keys, other fields, front matter, code, comments,
link targets) is blanked with the same length, so offsets stay offsets in the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

try:  # The same parser as strict_yaml, so that both report the same positions.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from generator.content.claims.rules import _words
from generator.content.errors import Problem
from generator.content.models import is_free_text
from generator.content.strict_yaml import FieldPath, format_path, parse

# --- Blanking what is not prose ---------------------------------------------------------------

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks, as strict_yaml counts
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_REFERENCE_HEADING = _words(r"(?:references|sources|bibliography|further\s+reading|works\s+cited)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_NOT_PROSE = re.compile(
    r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)"  # link target
    r"|^ {0,3}\[[^\]\n]+\]:.*$"  # reference definition
    r"|<[A-Za-z/!][^<>\n]*>"  # HTML tag or autolink
    r"|\b(?:https?|ftp)://\S+|\bwww\.\S+"  # bare address
    r"|^[ \t]*(?:>[ \t]?)+",  # blockquote markers, so a quote reads as one paragraph
    re.MULTILINE,
)
_QUOTE_LINE = re.compile(r"^ {0,3}>")
_LINK_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)|\bhref\s*=\s*[\"']([^\"']+)",
    re.MULTILINE,
)
_EXPECTED_RESULTS_TARGET = re.compile(r"(?:^|/)(?:results/|evidence(?:\.md|/)|protocols/)")
_SCHEME = re.compile(r"^[A-Za-z][\w+.-]*:|^//")

# --- Sentences --------------------------------------------------------------------------------

_BLOCK_START = re.compile(r"[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}[ \t]|\||!!!|\?\?\?)")
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]*_]*(?=\s|\Z)")
_ABBREVIATION = _words(r"\b(?:al|e\.g|i\.e|eg|ie|vs|cf|approx|ca|dr|mr|mrs|ms|prof|st|fig|no)\.$")
_INITIAL = re.compile(r"(?<![\w.])[A-Z]\.$")
_NEXT_INITIAL = re.compile(r"\s+[A-Z]\.")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")


@dataclass(frozen=True)
class _Region:
    """A stretch of the file that is scanned, and the field it belongs to."""

    start: int
    end: int
    field: str


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    paragraph_start: int  # where the sentence's paragraph starts: rates look back to there


class _Locator:
    """Turns offsets into 1-based (line, column) and back, counting lines as YAML does."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]
        self.length = len(text)

    def offset(self, line: int, column: int) -> int:
        if line - 1 >= len(self.starts):
            return self.length
        return min(self.starts[line - 1] + column - 1, self.length)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


class _Stretches:
    """Stretches of text, merged, that answer "is this offset or span in one?" by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def covers(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.ends, start)  # the first stretch ending after start
        return index < len(self.starts) and self.starts[index] < end


class _File:
    """The file being checked: its text, its name in problems, and where its lines start."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.locate = _Locator(text)

    def problem(self, offset: int, field: str, message: str) -> Problem:
        line, column = self.locate.position(offset)
        return Problem(self.source, line, column, field, message)


def _spaces(text: str) -> str:
    return re.sub(r"[^\r\n\x85\u2028\u2029]", " ", text)


def _blank_match(match: re.Match[str]) -> str:
    return _spaces(match.group())


# --- Case files -------------------------------------------------------------------------------


def _case_regions(text: str, source: str) -> list[_Region]:
    """Return where the value of each free-text field stands in the file."""
    doc, _ = parse(text, source)
    if doc is None or not isinstance(doc.data, dict):
        return []
    wanted = {
        mark: path
        for path, mark in doc.marks.items()
        if is_free_text(path) and isinstance(_value_at(doc.data, path), str)
    }
    locate = _Locator(text)
    regions: list[_Region] = []
    # strict_yaml keeps where a value starts; the parser's events also say where it ends.
    for event in yaml.parse(text, Loader=_Loader):
        if not isinstance(event, yaml.ScalarEvent) or event.start_mark is None:
            continue
        start_mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        path = wanted.get(start_mark)
        if path is None or event.end_mark is None:
            continue
        start = locate.offset(*start_mark)
        end = locate.offset(event.end_mark.line + 1, event.end_mark.column + 1)
        if event.style in ("|", ">"):  # the header line holds indicators and maybe a comment
            start = _next_line(text, start, end)
        regions.append(_Region(start, end, format_path(path)))
    return regions


def _value_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _next_line(text: str, start: int, end: int) -> int:
    found = _BREAK.search(text, start, end)
    return found.end() if found else end


def _keep_only(text: str, regions: Sequence[_Region]) -> str:
    """Blank everything outside ``regions``, keeping line breaks and length."""
    parts: list[str] = []
    at = 0
    for region in sorted(regions, key=lambda r: r.start):
        parts += [_spaces(text[at : region.start]), text[region.start : region.end]]
        at = region.end
    return "".join([*parts, _spaces(text[at:])])


def _is_mapping(text: str) -> bool:
    doc, _ = parse(text, "(text)")
    return doc is not None and isinstance(doc.data, dict)


# --- Pages ------------------------------------------------------------------------------------


def _body_start(text: str) -> int:
    """Return the offset of a page's Markdown, after its front matter."""
    # Imported here: load may one day run this check while loading, and must not import it
    # in a circle. split_page is the split MkDocs itself makes.
    from generator.content.load import split_page

    _, body = split_page(text)
    return len(text) - len(body)  # the body is always the end of the text


def _page_base(text: str, body_start: int) -> str:
    """Blank front matter, code and HTML comments: what is never page prose."""
    base = _spaces(text[:body_start]) + text[body_start:]
    return _code_and_comments(_mask_fences(base))


def _mask_fences(text: str) -> str:
    lines: list[str] = []
    fence = ""
    for line in text.splitlines(keepends=True):
        opening = _FENCE.match(line)
        mark = opening.group(1) if opening else ""
        if not fence and mark:
            fence = mark
        elif fence and mark[:1] == fence[:1] and len(mark) >= len(fence) and opening:
            fence = "" if not line[opening.end() :].strip() else fence
            lines.append(_spaces(line))
            continue
        lines.append(_spaces(line) if fence else line)
    return "".join(lines)


def _mask_reference_sections(text: str) -> str:
    """Blank a "References" section: it quotes other people's titles, not the page's claims."""
    lines: list[str] = []
    level = 0
    for line in text.splitlines(keepends=True):
        heading = _HEADING.match(line)
        if heading and level and len(heading.group(1)) <= level:
            level = 0
        if heading and not level and _REFERENCE_HEADING.match(heading.group(2)):
            level = len(heading.group(1))
        lines.append(_spaces(line) if level else line)
    return "".join(lines)


def _prose(text: str) -> str:
    """Blank the parts of Markdown that are not read as prose (see `_NOT_PROSE`)."""
    return _NOT_PROSE.sub(_blank_match, _code_and_comments(text))


def _code_and_comments(text: str) -> str:
    """Blank inline code and HTML comments: a link or a quote in them is not one."""
    return _INLINE_CODE.sub(_blank_match, _HTML_COMMENT.sub(_blank_match, text))


def _sentences(scan: str, region: _Region) -> Iterator[_Sentence]:
    for start, end in _paragraphs(scan, region):
        begin = start
        for match in _SENTENCE_END.finditer(scan, start, end):
            if _continues(scan, begin, match, end):
                continue
            yield _Sentence(begin, match.end(), start)
            begin = match.end()
        if scan[begin:end].strip():
            yield _Sentence(begin, end, start)


def _continues(scan: str, begin: int, match: re.Match[str], end: int) -> bool:
    """Whether a full stop does not end the sentence (an abbreviation, an initial)."""
    following = _NEXT_CHARACTER.match(scan, match.end(), end)
    if following and following.group(1).islower():
        return True
    if not match.group().startswith(".") or match.group().startswith(".."):
        return False
    # Abbreviations are short: a window keeps a long run of them linear.
    window = max(begin, match.start() - 8), match.start() + 1
    if _ABBREVIATION.search(scan, *window):
        return True
    is_initial = _INITIAL.search(scan, *window) is not None
    return is_initial and _NEXT_INITIAL.match(scan, match.end(), end) is not None


def _paragraphs(scan: str, region: _Region) -> Iterator[tuple[int, int]]:
    """Yield paragraphs: text between blank lines, a list item, a heading or a table row."""
    first, at = -1, region.start
    for line in scan[region.start : region.end].splitlines(keepends=True):
        blank = not line.strip()
        if blank or _BLOCK_START.match(line):
            if first >= 0:
                yield first, at
            first = -1 if blank else at
        elif first < 0:
            first = at
        at += len(line)
    if first >= 0:
        yield first, region.end


def _occurrences(text: str, allowance: str, region: _Region) -> list[tuple[int, int]]:
    """Find an allowance as written, whatever the line breaks and indentation in between."""
    words = allowance.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    return [m.span() for m in pattern.finditer(text, region.start, region.end)]
