"""Making case Markdown safe to publish: rendered in bounded time, then sanitized (nh3)."""

from __future__ import annotations

import bisect
import functools
import re
import xml.etree.ElementTree as etree

import markdown as md
import nh3
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.core import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a", "code", "pre", "hr",
     "h3", "h4", "h5", "h6", "sub", "sup"}
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def render_markdown(source: str) -> Markup:
    """Render case Markdown to HTML and keep only an allow-list of harmless markup.

    No raw HTML, script, style, iframe, event handler, or URL other than http, https, mailto and
    relative links survives; the result is one block of HTML safe to embed in a page. Rendering
    takes time linear in the length of ``source``: input that would make Python-Markdown's scans
    costly, or nest lists and blockquotes deeper than ``MAX_NESTING``, is partly shown as plain
    text instead.

    Args:
        source: Markdown written in a case file.

    Returns:
        Sanitized HTML.
    """
    rendered = _markdown().reset().convert(source)
    cleaned = _cleaner().clean(rendered)
    # Curly braces would be read as template or attribute-list syntax by later tools.
    return Markup(cleaned.replace("{", "&#123;").replace("}", "&#125;"))


@functools.cache
def _markdown() -> Markdown:
    # One configured instance, reset between fields: building one per field cost more than
    # rendering the field. MkDocs builds pages one at a time, in one thread.
    return md.Markdown(extensions=["sane_lists", _CostGuards()], output_format="html")


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


# Python-Markdown does some scans that read on to the end of the text, once per bracket, backtick
# run, tag or line. Ordinary text makes few of them, but a field of 20,000 `[` took 85 s to
# render. The guards below estimate that work before Python-Markdown does it and, past a budget no
# ordinary field comes near, show the costliest parts as plain text. Costs are nanoseconds measured
# on the project's 2-core machine. Within the budgets and MAX_NESTING, Markdown renders exactly as
# it would without the guards.

# Lists and blockquotes nested deeper than this are shown as plain text inside the deepest one.
# Their parser recurses per level, so deeper nesting could also raise RecursionError.
MAX_NESTING = 8
_CONTAINERS = frozenset({"ul", "ol", "blockquote"})

# Lines that Python-Markdown takes out of a block one at a time (headings, rules, setext underlines,
# link definitions), re-reading the rest of the block with every processor after each one.
_ONE_LINE_BLOCK = re.compile(
    r"^(?:#|[=-]+[ ]*$|[ ]{0,3}(?:[-*_][ ]*){3,}$|[ ]{0,3}\[[^\]\n]*\]:)", re.MULTILINE
)
_BLOCK_READ_BUDGET = 500_000  # characters; an ordinary field reads each block a few times

# The raw-HTML pass reads from each `<` + letter to its `>`, or past it inside a quoted value.
_TAG_OPEN = re.compile(r"<[A-Za-z]")
_QUOTED_VALUE = re.compile(r"""=\s*['"]""")
_TAG_NS = 250  # per character read
_TAG_BUDGET_NS = 100_000_000
_SHORT_TAG = 64  # over budget, only tags whose read is longer than this are escaped

# Inline patterns: three link patterns read from each `[` to its `]`, the link pattern from `](` to
# the balancing `)`, the code pattern from each backtick run to the next run as long. The rest is
# linear but slow: each link and run of `*` or `_` costs up to 0.2 ms, each escape, entity or tag
# up to 0.05 ms (every match copies the whole text).
_INLINE_MARKS = re.compile(r"[\[\]()\\'\"]")
_TICKS = re.compile(r"`+")
_EMPHASIS = re.compile(r"[*_]+")
_BRACKET_NS = 2_000
_PAREN_NS = 600
_TICK_NS = 350
_ELEMENT_NS = 150_000
_MATCH_NS = 50_000
_INLINE_BUDGET_NS = 400_000_000
# By the time links are matched, code spans and escapes are placeholders a few characters longer.
_SPAN_GROWTH = 13
_ESCAPE_GROWTH = 3
_OPENER = {"]": "[", ")": "("}


class _BlockGuard(BlockProcessor):
    """Turn blocks too deep, or too costly to split line by line, into plain paragraphs."""

    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)
        self.read = 0

    def test(self, parent: etree.Element, block: str) -> bool:
        # This processor runs first, so it sees every block and every remainder of one.
        self.read += len(block)
        if self._nesting(parent) >= MAX_NESTING:
            return True
        return (
            self.read > _BLOCK_READ_BUDGET
            and "\n" in block
            and _ONE_LINE_BLOCK.search(block) is not None
        )

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        return self.parser.blockprocessors["paragraph"].run(parent, blocks)

    def _nesting(self, parent: etree.Element) -> int:
        # Blocks are always added below the last child at each level, so `parent` lies on the path
        # of last children from the root; counting containers along it gives its nesting.
        node, depth = self.parser.root, 0
        while node is not parent:
            if not len(node):  # not found: fall back on the parser's own depth
                return len(self.parser.state) // 2
            node = node[-1]
            depth += node.tag in _CONTAINERS
        return depth


class _TagGuard(Preprocessor):
    """Escape the `<` of tags that would make the raw-HTML pass read far, when there are many."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        starts = [match.start() for match in _TAG_OPEN.finditer(text)]
        reads = _tag_reads(text, starts)
        if _TAG_NS * sum(reads) <= _TAG_BUDGET_NS:
            return lines
        pieces, last = [], 0
        for start, read in zip(starts, reads, strict=True):
            if read > _SHORT_TAG:
                pieces += [text[last:start], "&lt;"]
                last = start + 1
        pieces.append(text[last:])
        return "".join(pieces).split("\n")


def _tag_reads(text: str, starts: list[int]) -> list[int]:
    """How far the raw-HTML pass may read from each tag start: to the next `>`, else to the end."""
    end = len(text)
    closes = [match.start() for match in re.finditer(">", text)]
    quotes = {quote: [match.start() for match in re.finditer(quote, text)] for quote in "'\""}
    # A quoted attribute value that closes only after the next `>` carries the pass past it.
    far = []
    for value in _QUOTED_VALUE.finditer(text):
        quote = value.end() - 1
        if _next(quotes[text[quote]], quote, end) > _next(closes, quote, end):
            far.append(quote)
    reads = []
    for start in starts:
        close = _next(closes, start, end)
        reads.append((end if _any_between(far, start, close) else close) - start)
    return reads


def _next(positions: list[int], after: int, default: int) -> int:
    index = bisect.bisect_right(positions, after)
    return positions[index] if index < len(positions) else default


class _InlineGuard(Treeprocessor):
    """Keep the costliest runs of inline text as plain text when all of them would cost too much."""

    def run(self, root: etree.Element) -> None:
        texts: list[tuple[float, etree.Element, bool]] = []
        for element in root.iter():
            if element is root:  # the inline pass does not read the root's own text
                continue
            for is_text, value in ((True, element.text), (False, element.tail)):
                if value and not isinstance(value, AtomicString):
                    texts.append((_inline_cost(value), element, is_text))
        total = sum(cost for cost, _, _ in texts)
        for cost, element, is_text in sorted(texts, key=lambda text: text[0], reverse=True):
            if total <= _INLINE_BUDGET_NS:
                break
            total -= cost
            if is_text:
                element.text = AtomicString(element.text or "")
            else:
                element.tail = AtomicString(element.tail or "")


def _inline_cost(text: str) -> float:
    """Estimate, from above, what Python-Markdown's inline patterns cost on ``text``, in ns."""
    spans, read = _code_spans(text) if "`" in text else ([], 0)
    cost = float(_TICK_NS * read + _MATCH_NS * sum(map(text.count, "\\&<")))
    if "[" in text:
        cost += _bracket_cost(text, spans)
    if "*" in text or "_" in text:
        cost += _ELEMENT_NS * sum(1 for _ in _EMPHASIS.finditer(text))
    return cost


def _code_spans(text: str) -> tuple[list[tuple[int, int]], int]:
    """Find the code spans the backtick pattern makes, and how many characters it reads.

    As Python-Markdown does: backticks open a span unless a backslash escapes the first; the
    span closes at the next run as long, else at the first of the longest runs after it if
    those are shorter. It reads up to that run, or to the end; after an opening that closes
    nowhere, it resumes twice the opening's length on.
    """
    runs = [(match.start(), match.end()) for match in _TICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}  # run length -> indexes of the runs that long
    for index, (start, stop) in enumerate(runs):
        by_length.setdefault(stop - start, []).append(index)
    longest = [(0, -1)] * (len(runs) + 1)  # from each run on: the greatest length, first run
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        longest[index] = (length, index) if length >= longest[index + 1][0] else longest[index + 1]
    spans: list[tuple[int, int]] = []
    read = position = index = 0
    while True:
        while index < len(runs) and runs[index][1] <= position:
            index += 1
        if index == len(runs):
            return spans, read
        begin = _opening(text, runs[index][0], position)
        ticks = runs[index][1] - begin
        if not ticks:  # a lone escaped backtick opens nothing
            position = begin
            continue
        same = by_length.get(ticks, [])
        after = bisect.bisect_right(same, index)
        partner = same[after] if after < len(same) else -1
        read += (runs[partner][1] if partner >= 0 else len(text)) - begin
        if partner < 0 and 0 < longest[index + 1][0] < ticks:
            partner = longest[index + 1][1]
        if partner >= 0:
            spans.append((begin, runs[partner][1]))
            position = runs[partner][1]
        else:
            position = begin + 2 * ticks


def _opening(text: str, start: int, position: int) -> int:
    """Where the backtick pattern, searching on from ``position``, opens the run at ``start``."""
    if position > start:  # resuming inside the run
        return position
    slashes = start
    while slashes and text[slashes - 1] == "\\":
        slashes -= 1
    # Pairs of backslashes are escapes of their own; one left over (or one before where the search
    # resumes) escapes the first backtick.
    escaped = slashes < start and (slashes < position or (start - slashes) % 2 == 1)
    return start + escaped


def _bracket_cost(text: str, spans: list[tuple[int, int]]) -> float:
    end = len(text)
    seen, partner, quotes = _link_marks(text, spans)
    cost = 0.0
    for start in (at for at in seen if text.startswith("[", at)):
        close = partner.get(start, end)
        cost += _BRACKET_NS * (seen[close] - seen[start]) + _ELEMENT_NS * (close < end)
        if close < end and text.startswith("(", close + 1):
            paren = close + 1
            link_end = partner.get(paren, end)
            # After a quote the link pattern may read past the balancing `)` to the end.
            if _any_between(quotes, paren, link_end):
                link_end = end
            cost += _PAREN_NS * (seen[link_end] - seen[paren])
    return cost


def _link_marks(
    text: str, spans: list[tuple[int, int]]
) -> tuple[dict[int, int], dict[int, int], list[int]]:
    """Find the marks the link patterns see, outside code spans, and pair the brackets.

    Returns:
        Each unescaped bracket and backslash mapped to where it is once code spans and escapes
        have become placeholders (and the end of the text to where it ends), each `[` and `(`
        mapped to its `]` and `)`, and the positions of the quotes.
    """
    seen: dict[int, int] = {}
    partner: dict[int, int] = {}
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    quotes: list[int] = []
    growth, escaped, span = 0, -1, 0
    for match in _INLINE_MARKS.finditer(text):
        at, mark = match.start(), match.group()
        while span < len(spans) and spans[span][1] <= at:
            growth, span = growth + _SPAN_GROWTH, span + 1
        if span < len(spans) and spans[span][0] <= at:  # in code, out of the patterns' sight
            continue
        if mark in "'\"":  # a backslash cannot hide a quote
            quotes.append(at)
        elif at > escaped:
            seen[at] = at + growth
            if mark == "\\":  # a backslash and the character after it are read as a pair
                growth, escaped = growth + _ESCAPE_GROWTH, at + 1
            elif mark in stacks:
                stacks[mark].append(at)
            elif stacks[_OPENER[mark]]:
                partner[stacks[_OPENER[mark]].pop()] = at
    seen[len(text)] = len(text) + growth + _SPAN_GROWTH * (len(spans) - span)
    return seen, partner, quotes


def _any_between(positions: list[int], low: int, high: int) -> bool:
    index = bisect.bisect_right(positions, low)
    return index < len(positions) and positions[index] < high


class _CostGuards(Extension):
    """Registers the guards around Python-Markdown's own processors."""

    def __init__(self) -> None:
        super().__init__()
        self._blocks: _BlockGuard | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace normalisation (30), before the raw-HTML pass (20).
        md.preprocessors.register(_TagGuard(md), "casebook_tags", 25)
        # Before every block processor (the highest is 100).
        self._blocks = _BlockGuard(md.parser)
        md.parser.blockprocessors.register(self._blocks, "casebook_blocks", 200)
        md.registerExtension(self)  # so that Markdown.reset() calls reset() below
        # Before the inline pass (20).
        md.treeprocessors.register(_InlineGuard(md), "casebook_inline", 25)

    def reset(self) -> None:
        """Start the block budget again: a reused Markdown instance renders many fields."""
        if self._blocks is not None:
            self._blocks.read = 0
