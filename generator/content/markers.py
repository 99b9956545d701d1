"""Content markers: computed blocks placed in hand-written pages by an HTML comment.

A marker is an HTML comment alone on its line, such as ``<!-- casebook:recent 5 -->``. A page
without the plugin shows nothing for it (it is a comment), so a page stays readable anywhere.
Markers inside fenced code blocks are left alone, so documentation can show them.

| marker | block |
|---|---|
| ``<!-- casebook:stats -->`` | counts: published cases, countries, protocols |
| ``<!-- casebook:recent [N] -->`` | the N (default 5) most recently treated patients |
| ``<!-- casebook:results [ais=A] [protocol=ID] -->`` | the results summary table and chart |
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.content.errors import ContentError, Problem

_MARKER_RE = re.compile(r"^ {0,3}<!--\s*casebook:(\S*)(.*?)-->\s*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Marker:
    """One marker found in a page.

    Attributes:
        name: What to put there, such as ``recent``.
        args: Words after the name, such as ``("5",)``.
        line: 1-based line of the marker in the page.
    """

    name: str
    args: tuple[str, ...]
    line: int
    options: dict[str, str] = field(default_factory=dict, compare=False)


class MarkerError(ValueError):
    """A marker is unknown or its options are wrong; carries the marker's line."""

    def __init__(self, marker: Marker, message: str) -> None:
        super().__init__(message)
        self.marker = marker


def _marker(match: re.Match[str], line: int) -> Marker:
    args = tuple(match.group(2).split())
    options = dict(a.split("=", 1) for a in args if "=" in a)
    return Marker(match.group(1), args, line, options)


def find_markers(markdown: str) -> list[Marker]:
    """Return the markers of ``markdown`` outside fenced code, in page order."""
    found: list[Marker] = []
    fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = _FENCE_RE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = opening.group(1)[:3] if fence is None else None
            continue
        match = None if fence else _MARKER_RE.match(line)
        if match:
            found.append(_marker(match, number))
    return found


def replace_markers(markdown: str, render: Callable[[Marker], str], source: str) -> str:
    """Replace every marker of ``markdown`` with ``render(marker)``.

    Args:
        markdown: A page's Markdown.
        render: Returns the Markdown block for one marker; raises ``MarkerError`` when the
            marker is unknown or its options are wrong.
        source: The page's file, for error messages.

    Returns:
        The page with its markers replaced.

    Raises:
        ContentError: Listing every wrong marker of the page, with its line.
    """
    markers = {m.line: m for m in find_markers(markdown)}
    if not markers:
        return markdown
    lines = markdown.splitlines(keepends=True)
    problems: list[Problem] = []
    for number, marker in markers.items():
        try:
            block = render(marker)
        except MarkerError as error:
            problems.append(Problem(source, number, 1, f"casebook:{marker.name}", str(error)))
            continue
        ending = "\n" if lines[number - 1].endswith("\n") else ""
        lines[number - 1] = "\n" + block.strip("\n") + "\n" + ending
    if problems:
        raise ContentError(problems)
    return "".join(lines)


def count_argument(marker: Marker, default: int, limit: int) -> int:
    """Return the marker's count argument (``recent 5``), checked to be 1 to ``limit``."""
    words = [a for a in marker.args if "=" not in a]
    if not words:
        return default
    if len(words) > 1 or not words[0].isdigit() or not 1 <= int(words[0]) <= limit:
        raise MarkerError(marker, f"expected one whole number from 1 to {limit}, got {words}")
    return int(words[0])


def check_options(marker: Marker, allowed: set[str]) -> None:
    """Raise ``MarkerError`` when the marker has an option other than ``allowed``."""
    unknown = sorted(set(marker.options) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed)) or "none"
        raise MarkerError(marker, f"unknown option {unknown[0]!r} (known: {known})")
