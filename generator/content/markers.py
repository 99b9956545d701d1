"""Content markers: computed blocks placed in hand-written pages by an HTML comment.

A marker is an HTML comment alone on its line, such as ``<!-- casebook:recent 5 -->``. A page
without the plugin shows nothing for it (it is a comment), so a page stays readable anywhere.
Markers inside fenced code blocks are left alone, so documentation can show them.
What each marker may say is ``generator.catalog.markers``; this module only finds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

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


def replace_markers(markdown: str, render: Callable[[Marker], str | None]) -> str:
    """Replace every marker of ``markdown`` with ``render(marker)``.

    Args:
        markdown: A page's Markdown.
        render: Returns the Markdown block for one marker, or ``None`` to leave the marker (an
            HTML comment) where it is.

    Returns:
        The page with its markers replaced.
    """
    markers = find_markers(markdown)
    if not markers:
        return markdown
    lines = markdown.splitlines(keepends=True)
    for marker in markers:
        block = render(marker)
        if block is None:
            continue
        ending = "\n" if lines[marker.line - 1].endswith("\n") else ""
        lines[marker.line - 1] = "\n" + block.strip("\n") + "\n" + ending
    return "".join(lines)
