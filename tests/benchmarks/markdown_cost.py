"""Markdown rendering time as a field grows, for the inputs that made Python-Markdown super-linear.

Each pattern is repeated up to 20,000 characters (the longest field, ``story``) and rendered with
``render_markdown``; the last column is the time at 20,000 over the time at 10,000 characters
(about 2 when linear, about 4 when quadratic). For comparison, plain Python-Markdown, without the
cost guards, is timed at 1,000 and 2,000 characters only: at 20,000 some patterns take minutes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import markdown

from generator.render.sanitize import render_markdown

SIZES = (1_000, 2_000, 5_000, 10_000, 20_000)
PLAIN_SIZES = (1_000, 2_000)


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda length: (unit * (length // len(unit) + 1))[:length]


def _nested(line: Callable[[int], str]) -> Callable[[int], str]:
    def make(length: int) -> str:
        text, level = "", 0
        while len(text) < length:
            text, level = text + line(level), level + 1
        return text[:length]

    return make


PATTERNS: dict[str, Callable[[int], str]] = {
    "[": _repeat("["),
    "![": _repeat("!["),
    "[[...]]": lambda length: "[" * (length // 2) + "]" * (length // 2),
    "[](": _repeat("[]("),
    "[a](b'c) ": _repeat("[a](b'c) "),
    "[`]`": _repeat("[`]`"),
    "\\`` ": _repeat("\\`` "),
    "<a ": _repeat("<a "),
    "<a": _repeat("<a"),
    "<http://": _repeat("<http://"),
    "-\n": _repeat("-\n"),
    "a\n---\n": _repeat("a\n---\n"),
    "***\n": _repeat("***\n"),
    "[a]: /a\nx\n": _repeat("[a]: /a\nx\n"),
    "- - - a": lambda length: "- " * (length // 2 - 1) + "a",
    ">>> a": lambda length: ">" * (length - 1) + "a",
    "tab-nested list": _nested(lambda level: "\t" * level + "- a\n"),
    ".*": _repeat(".*"),
    "*a*b": _repeat("*a*b"),
    "a\n\n": _repeat("a\n\n"),
}


def _plain(source: str) -> str:
    return markdown.markdown(source, extensions=["sane_lists"], output_format="html")


def _seconds(render: Callable[[str], object], source: str) -> str:
    start = time.perf_counter()
    try:
        render(source)
    except RecursionError:
        return "RecursionError"
    return f"{time.perf_counter() - start:.3f}"


def main() -> None:
    """Time every pattern (a repeated unit, or a shape) at every size and print a table."""
    render_markdown("warm up")  # the first call loads Python-Markdown's extensions
    print("Markdown rendering time in seconds, by field length in characters")
    header = "".join(f"{size:>9,}" for size in SIZES)
    plain = "".join(f"{size:>15,}" for size in PLAIN_SIZES)
    print(f"  {'pattern':18}{header}  20k/10k   plain:{plain}")
    for name, make in PATTERNS.items():
        times = [_seconds(render_markdown, make(size)) for size in SIZES]
        plain_times = [_seconds(_plain, make(size)) for size in PLAIN_SIZES]
        growth = float(times[-1]) / max(float(times[-2]), 1e-3)
        row = "".join(f"{seconds:>9}" for seconds in times)
        plain_row = "".join(f"{seconds:>15}" for seconds in plain_times)
        print(f"  {name!r:18}{row}  {growth:7.1f}   {plain_row}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
