"""Claims check: risky marketing claims in case text and in hand-written pages.

Every case page already shows the protocol's generally expected results, as the FTC's
Endorsement Guides ask of a testimonial (16 CFR 255.2(b)). A sentence that promises a cure, a
return to walking, "the best" treatment or "90% success" would undo that, so the build looks
for them. Each rule is a small set of words, plus the exceptions that honest text needs
("this was not a cure", "the leading cause of injury", a rate cited from a published study).

The check only reads text: positions are 1-based lines and columns in the file as written, and
everything the reader never sees as prose (YAML keys and comments, other fields, front matter,
code, HTML comments such as Casebook's markers, link targets) is blanked before matching, with
the same length, so that an offset in the blanked text is the offset in the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from generator.content.errors import Problem
from generator.content.strict_yaml import FieldPath, format_path, parse

try:  # The same parser as strict_yaml, so that both report the same positions.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PAGE_FIELD = "(page)"

_GUIDANCE = "FTC Health Products Compliance Guidance (2022)"
_HENDERSON = (
    "FTC action against Regenerative Medical Group, Telehealth Medical Group and "
    "Dr. Bryn Jarald Henderson (2018)"
)
_SUBSTANTIATION = "FTC Policy Statement Regarding Advertising Substantiation (1984)"


@dataclass(frozen=True)
class Rule:
    """One kind of risky claim.

    Attributes:
        id: Short name shown in every problem, such as ``cure``.
        title: What the rule catches, in a few words.
        why: Why a match is a problem, written to follow the quoted words.
        source: The public document the rule rests on.
        instead: What to write instead.
        pattern: The words that match; ``None`` for a rule with its own logic.
        pages_only: Whether the rule applies to hand-written pages only.
    """

    id: str
    title: str
    why: str
    source: str
    instead: str = ""
    pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    pages_only: bool = False


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


CURE = Rule(
    id="cure",
    title="Promise of a cure or a guaranteed result",
    why="promises an outcome no treatment here has shown",
    instead="say what changed, for this patient, measured how",
    source=f"{_GUIDANCE}; {_HENDERSON}",
    pattern=_words(
        r"\b(?:cur(?:e|ed|es|ing)|miracles?|miraculous(?:ly)?|guarantee[sd]?"
        r"|100\s?%\s+(?:effective|success(?:ful)?)|100\s+per\s?cent\s+(?:effective|success(?:ful)?)"
        r"|permanent\s+fix|revers(?:e|es|ed|ing)\s+(?:(?:the|his|her|their)\s+)?paralysis)\b"
    ),
)
WALK_AGAIN = Rule(
    id="walk-again",
    title="Promise of walking again or a full recovery",
    why="suggests a return to walking or to full function that no study of these treatments "
    "has shown",
    instead="give the measured change (for example WISCI II 2 to 5) and what the person still "
    "cannot do",
    source=f"{_HENDERSON}, which challenged the words 'the crippled walk'; {_GUIDANCE}",
    pattern=_words(
        r"\b(?:walk(?:s|ed|ing)?\s+again|the\s+crippled\s+walk"
        r"|out\s+of\s+(?:the|a|his|her|their|my|your)\s+wheelchairs?"
        r"|no\s+longer\s+(?:needs?|needed|uses?|used)\s+(?:(?:a|his|her|their|my)\s+)?wheelchairs?"
        r"|regain(?:s|ed|ing)?\s+full\s+(?:function|mobility|movement|use))\b"
    ),
)
SUPERLATIVE = Rule(
    id="superlative",
    title="Superlative or claim to be better than others",
    why="ranks the treatment or the clinic above others, which needs comparative evidence no "
    "case report can give",
    instead="describe what is done (cells, routes, doses, follow-up) and link the evidence page",
    source=f"{_SUBSTANTIATION}; FTC and Georgia Attorney General action against Superior "
    "Healthcare, LLC et al. (2021)",
    pattern=_words(
        r"(?<![\w#/])#1\b|\b(?:best|leading|world[- ]class|world['\u2019]s\s+(?:first|only)"
        r"|number\s+one|revolutionary|breakthroughs?|cutting[- ]edge|most\s+advanced"
        r"|unmatched|unparall?eled|unrivall?ed)\b"
    ),
)
NO_DENOMINATOR = Rule(
    id="no-denominator",
    title="Rate without a denominator",
    why="is a rate without the number of people it was counted on, so a reader cannot tell "
    "3 of 4 from 300 of 400, or who was left out",
    instead='write the count, such as "12 of 40 patients (30%)", or cite the published study it '
    "comes from",
    source=f"{_SUBSTANTIATION}; {_GUIDANCE}",
)
TESTIMONIAL = Rule(
    id="testimonial",
    title="Testimonial without the expected results",
    why="is a patient's own words, which readers take as the typical result unless the "
    "generally expected results are next to them",
    instead="link this page to the results page (results/), the evidence page (evidence.md) or "
    "the protocol page (protocols/) that states the expected results",
    source="16 CFR 255.2(b)",
    pages_only=True,
)

RULES: tuple[Rule, ...] = (CURE, WALK_AGAIN, SUPERLATIVE, NO_DENOMINATOR, TESTIMONIAL)
_PHRASE_RULES = tuple(rule for rule in RULES if rule.pattern is not None)

# --- Exceptions honest text needs -----------------------------------------------------------

# A negation just before the words ("this was not a cure", "will never walk again"), with
# only small words between: "I never thought I would walk again" is a claim ("would" is not a
# small word), and so is "nothing short of a miracle" ("nothing" is not a negation here).
_NEGATIONS = frozenset({"not", "no", "never", "nor", "without", "cannot", "neither"})
# fmt: off
_SMALL_WORDS = frozenset({
    "a", "an", "the", "any", "be", "been", "being", "able", "to", "ever", "is", "are", "was",
    "were", "it", "this", "that", "get", "got", "going", "expected", "likely", "promise",
    "promises", "promised", "claim", "claims", "offer", "offers",
})
# fmt: on
_NEGATION_WINDOW = 5  # words
_NEGATION_REACH = 80  # characters: bounded for long sentences
# How far back from a percentage an opening "(... CI" is looked for.
_LOOK_BACK = 300

_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]")
# Someone else's claim, reported as a warning ("anyone who has been told ... a cure"), unless
# the sentence turns ("I had been told I would never walk, but now I walk again").
_DISOWNED = _words(
    r"\b(?:been|were|was|are|is|being)\s+told\b|\b(?:beware|wary)\s+of\b"
    r"|\b(?:clinics?|anyone|someone|people|websites?|sites?|ads?|advertisements?|companies"
    r"|providers?)\s+(?:that|who|which)\s+(?:claims?|promises?|offers?|advertises?|sells?)\b"
)
_TURN = _words(r"\b(?:but|yet|now|until|however|instead|then|today)\b")
_DISOWNED_REACH = 200  # characters from the warning to the words it covers
# Everyday phrases that contain a listed word but claim nothing.
_HARMLESS = _words(
    r"\bat\s+best\b|\bbest\s+(?:interests?|practices?|available|guess|estimate|evidence)\b"
    r"|\bbest-(?:practice|corrected)\b|\bto\s+the\s+best\s+of\b"
    r"|\b(?:do|does|did|doing|try|tries|tried)\s+(?:\w+\s+)?best\b"
    r"|\bleading\s+(?:to|up|into|on|cause|causes)\b|\bbreakthrough\s+(?:pain|bleeding)\b"
    r"|\btransfer\w*\s+(?:\w+\s+){0,3}out\s+of\b|\bin\s+and\s+out\s+of\b"
)

# --- Rates ------------------------------------------------------------------------------------

_PERCENT = _words(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?%|\b\d+(?:\.\d+)?\s*per\s?cent\b")
_SHARE = _words(
    r"\b(?:(?:the\s+)?(?:vast\s+)?majority\s+of\s+(?:(?:our|the|these|those)\s+)?"
    r"|most\s+(?:of\s+(?:our|the|these|those)\s+)?"
    r"|(?:nearly|almost)\s+all\s+(?:(?:of\s+)?(?:our|the|these|those)\s+)?"
    r"|many\s+of\s+(?:our|the|these|those)\s+)(?:patients|people|cases|clients)\b"
)
# A share of patients claims something only when it says what happened to them.
_OUTCOME = _words(
    r"\b(?:improv\w*|better|benefit\w*|gain\w*|recover\w*|regain\w*|respond\w*|success\w*"
    r"|progress\w*|walk\w*|stand(?:s|ing)?|stood|satisf\w*|relie\w*|reduc\w*|restor\w*|return\w*|results?"
    r"|effective|works?|helps?|helped|changes?|changed|feel\w*|report\w*)\b"
)
# ... and it is the expected result itself when it says nothing changed.
_NO_EFFECT = _words(
    r"\blittle\s+or\s+no\b|\bno\s+(?:\w+\s+)?(?:change|improvement|benefit|effect|difference)\b"
    r"|\bunchanged\b|\bnothing\s+changed\b|\bstay(?:s|ed)?\s+(?:the\s+same|complete)\b"
    r"|\b(?:did|do|does|will|would)\s+not\s+(?:improve|change|benefit|recover)\b"
)
_UNITS = r"(?:years?|months?|weeks?|days?|hours?|m|cm|kg|mg|ml|million|points?)\b"
_NOT_A_COUNT = rf"(?!\s*(?:{_UNITS}|%))"
# "12 of 40", "out of 117", "n = 40", "(12/40)", "in 12 patients"; not "9 in 10 patients"
# (a ratio, no count) nor "the age of 40".
_DENOMINATOR = _words(
    r"(?<!\bage )(?<!\baged )\b(?:out\s+)?of\s+(?:(?:the|our|all|these|those)\s+)?"
    r"(?!(?:19|20)\d\d\b)\d[\d,]*\b"
    + _NOT_A_COUNT
    + r"|\bn\s*=\s*\d|\(\s*\d+\s*/\s*\d+\s*\)|\b\d+\s*/\s*\d+\s+(?:patients|people|cases)\b"
    r"|(?<!\d )\b(?:in|among|with|from|across)\s+\d[\d,]*\s+(?:patients|people|cases|participants"
    r"|subjects|adults|children|men|women)\b"
)
# A published study named by author and year holds the denominator a reader can check.
_CITATION = re.compile(
    r"\bet\s+al\.?,?\s*\(?(?:19|20)\d\d|\([A-Z][\w'\u2019-]+(?:\s+(?:and|&)\s+[A-Z][\w'\u2019-]+)?,?\s+"
    r"(?:19|20)\d\d[a-z]?\)|\bdoi:\s*10\.\d+/"
)
_CONFIDENCE = _words(r"\s*(?:CI\b|confidence)")
_MONEY = _words(r"\s*(?:discount|off\b|deposit|down\s+payment|interest|VAT|tax|surcharge|refund)")

# Words without which no rule can match (see `_has_trigger`): one word alone, or a word of
# each set of a pair. Keep them in step with the patterns above: tests/test_claims.py runs
# every seeded claim through both.
_WORD = re.compile(r"[a-z0-9]+")
# fmt: off
_TRIGGERS = frozenset({
    "cure", "cured", "cures", "curing", "miracle", "miracles", "miraculous", "miraculously",
    "guarantee", "guarantees", "guaranteed", "100", "crippled", "best", "leading", "world",
    "revolutionary", "breakthrough", "breakthroughs", "unmatched", "unparalleled", "unparaleled",
    "unrivalled", "unrivaled", "cent", "percent",
})
# fmt: on
_PAIRS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(first.split()), frozenset(second.split()))
    for first, second in (
        ("again", "walk walks walked walking"),
        ("wheelchair wheelchairs", "out longer"),
        ("regain regains regained regaining", "full"),
        ("reverse reverses reversed reversing", "paralysis"),
        ("permanent", "fix"),
        ("number", "one"),
        ("cutting", "edge"),
        ("most", "advanced"),
        ("majority most all many", "patients people cases clients"),
    )
)
# Every word any rule starts from, for `may_hold_claims`.
_ANY_CLAIM = re.compile(
    "|".join(
        p.pattern for p in (*(r.pattern for r in _PHRASE_RULES if r.pattern), _PERCENT, _SHARE)
    ),
    re.IGNORECASE,
)

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

_FREE_TEXT_FIELDS = frozenset(
    {
        ("headline",),
        ("before",),
        ("after",),
        ("story",),
        ("quote",),
        ("treatment", "rehab"),
        ("timeline", "[]", "text"),
        ("treatment", "adverse_events", "[]", "text"),
    }
)


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


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    start: int
    end: int
    found: str

    @classmethod
    def of(cls, rule: Rule, match: re.Match[str]) -> _Hit:
        return cls(rule, match.start(), match.end(), " ".join(match.group().split()))


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


# --- Public API -------------------------------------------------------------------------------


def check_case_text(text: str, source: str, allowed: Sequence[str] = ()) -> list[Problem]:
    """Find risky claims in the free-text fields of a case file.

    Only the values of ``headline``, ``before``, ``after``, ``story``, ``quote``,
    ``treatment.rehab``, ``timeline[].text`` and ``treatment.adverse_events[].text`` are read;
    keys, comments and every other field are not. A file that is not valid YAML gives no
    problems here: loading it reports why.

    Args:
        text: The raw text of the case file.
        source: The file name to put in problems.
        allowed: Sentences (or phrases) a reviewer accepted; a match in a sentence that
            contains one of them is not reported.

    Returns:
        One problem per match, in file order, each naming the field it is in.
    """
    regions = _case_regions(text, source)
    scan = _prose(_keep_only(text, regions))
    file = _File(text, source)
    problems: list[Problem] = []
    for region in regions:
        problems += _scan_region(file, scan, region, allowed)[0]
    return sorted(problems)


def check_page_text(text: str, source: str, allowed: Sequence[str] = ()) -> list[Problem]:
    """Find risky claims in a hand-written Markdown page.

    Front matter, fenced code, inline code, HTML comments (Casebook's markers among them),
    link targets and a references section are not read. Lines are counted in the whole file,
    front matter included.

    Args:
        text: The raw text of the page.
        source: The file name to put in problems.
        allowed: Sentences (or phrases) a reviewer accepted; a match in a sentence that
            contains one of them is not reported.

    Returns:
        One problem per match, in file order, each with the field ``(page)``.
    """
    body_start = _body_start(text)
    base = _page_base(text, body_start)
    region = _Region(body_start, len(text), PAGE_FIELD)
    scan = _prose(_mask_reference_sections(base))
    file = _File(text, source)
    problems, quiet = _scan_region(file, scan, region, allowed)
    problems += _testimonials(file, base, region, quiet)
    return sorted(problems)


def may_hold_claims(values: Iterable[str], allowed: Sequence[str] = ()) -> bool:
    """Tell cheaply whether `check_case_text` could find a claim in these values.

    A case's free-text values, as loaded, hold the words the check looks for in the file.
    Each value that holds any rule's words is checked as a text of its own, without parsing
    the file twice more to locate it; only a case with a finding needs `check_case_text`. A
    build of thousands of cases locates the claims of the few that hold one.

    Args:
        values: The case's free-text values (`case_text_values`).
        allowed: The case's ``reviewed_claims``.
    """
    return any(
        _has_trigger(value) and _ANY_CLAIM.search(value) and _value_has_claims(value, allowed)
        for value in values
    )


def _has_trigger(text: str) -> bool:
    # A set of words is much faster to test than the rules' patterns (one regex with fifty
    # alternatives costs about 0.3 microseconds a character): every match of a rule holds one
    # of these words or characters, so a text without them needs no regex at all.
    if "%" in text or "#1" in text:
        return True
    words = set(_WORD.findall(text.lower()))
    if not words.isdisjoint(_TRIGGERS):
        return True
    return any(not words.isdisjoint(a) and not words.isdisjoint(b) for a, b in _PAIRS)


def _value_has_claims(value: str, allowed: Sequence[str]) -> bool:
    region = _Region(0, len(value), PAGE_FIELD)
    return bool(_scan_region(_File(value, ""), _prose(value), region, allowed)[0])


def all_allowances_used(values: Iterable[str], allowed: Sequence[str]) -> bool:
    """Tell cheaply whether every allowance still occurs in these free-text values.

    Compared as `unused_allowances` compares, whatever the line breaks and spaces; when this
    says yes, `unused_allowances` on the file has nothing to report.
    """
    texts = [" ".join(value.split()) for value in values]
    return all(any(" ".join(a.split()) in text for text in texts) for a in allowed)


def case_text_values(data: Any) -> list[str]:
    """Return the values of a loaded case's free-text fields, the text `check_case_text` reads."""
    if not isinstance(data, dict):
        return []
    found = [data.get(key) for key in ("headline", "before", "after", "story", "quote")]
    treatment = data.get("treatment")
    treatment = treatment if isinstance(treatment, dict) else {}
    found.append(treatment.get("rehab"))
    found += _texts(data.get("timeline")) + _texts(treatment.get("adverse_events"))
    return [value for value in found if isinstance(value, str)]


def _texts(entries: Any) -> list[Any]:
    """The ``text`` of each entry of a list of mappings."""
    if not isinstance(entries, list):
        return []
    return [entry.get("text") for entry in entries if isinstance(entry, dict)]


def unused_allowances(
    text: str, allowed: Sequence[str], *, kind: Literal["case", "page"] | None = None
) -> list[str]:
    """Return the allowances that no longer appear in the text the check reads.

    An allowance is looked for where matches are looked for (a case's free-text fields, a
    page's body), so that the allow list itself, written in the same file, does not count.

    Args:
        text: The raw text of the case file or page.
        allowed: The allowances, as given to `check_case_text` or `check_page_text`.
        kind: ``"case"`` or ``"page"``; guessed when not given (a page has front matter).

    Returns:
        The allowances not found, in the order given.
    """
    if kind is None:
        kind = "page" if _body_start(text) > 0 or not _is_mapping(text) else "case"
    if kind == "case":
        regions = _case_regions(text, "(text)")
    else:
        regions = [_Region(_body_start(text), len(text), PAGE_FIELD)]
    return [a for a in allowed if not any(_occurrences(text, a, r) for r in regions)]


# --- Case files -------------------------------------------------------------------------------


def _case_regions(text: str, source: str) -> list[_Region]:
    """Return where the value of each free-text field stands in the file."""
    doc, _ = parse(text, source)
    if doc is None or not isinstance(doc.data, dict):
        return []
    wanted = {
        mark: path
        for path, mark in doc.marks.items()
        if _is_free_text(path) and isinstance(_value_at(doc.data, path), str)
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


def _is_free_text(path: FieldPath) -> bool:
    shape = tuple("[]" if isinstance(part, int) else part for part in path)
    return shape in _FREE_TEXT_FIELDS


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


def _testimonials(file: _File, base: str, region: _Region, quiet: _Stretches) -> list[Problem]:
    """Report each blockquote of a page that links to none of the expected-results pages."""
    if _links_to_expected_results(base):
        return []
    problems: list[Problem] = []
    for start, end in _blockquotes(base, region):
        if quiet.overlaps(start, end):
            continue
        words = " ".join(_NOT_PROSE.sub(" ", file.text[start:end]).split())
        message = _message(TESTIMONIAL, _shorten(words))
        problems.append(file.problem(start, region.field, message))
    return problems


def _links_to_expected_results(base: str) -> bool:
    for match in _LINK_TARGET.finditer(base):
        target = next(group for group in match.groups() if group)
        if not _SCHEME.match(target) and _EXPECTED_RESULTS_TARGET.search(target):
            return True
    return False


def _blockquotes(base: str, region: _Region) -> Iterator[tuple[int, int]]:
    """Yield the span of each blockquote (consecutive ``>`` lines), from its first ``>``."""
    start, end, at = -1, -1, 0
    for line in base.splitlines(keepends=True):
        if at >= region.start and _QUOTE_LINE.match(line):
            start = at + line.index(">") if start < 0 else start
            end = at + len(line)
        elif start >= 0:
            yield start, end
            start = -1
        at += len(line)
    if start >= 0:
        yield start, end


# --- Scanning ---------------------------------------------------------------------------------


def _scan_region(
    file: _File, scan: str, region: _Region, allowed: Sequence[str]
) -> tuple[list[Problem], _Stretches]:
    """Return the problems of one region and the stretches its allowances silence."""
    sentences = list(_sentences(scan, region))
    quiet = _quiet_zones(file.text, region, sentences, allowed)
    # Found once per region and looked up per sentence, so a long paragraph stays linear.
    counted = _Stretches(
        m.span()
        for pattern in (_DENOMINATOR, _CITATION)
        for m in pattern.finditer(scan, region.start, region.end)
    )
    problems: list[Problem] = []
    for sentence in sentences:
        for hit in _hits(scan, sentence, counted):
            if not quiet.covers(hit.start):
                message = _message(hit.rule, hit.found)
                problems.append(file.problem(hit.start, region.field, message))
    return problems, quiet


def _message(rule: Rule, found: str) -> str:
    return f'claim "{rule.id}": "{found}" {rule.why}; {rule.instead} ({rule.source})'


def _shorten(words: str, limit: int = 60) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _hits(scan: str, sentence: _Sentence, counted: _Stretches) -> Iterator[_Hit]:
    matches = [
        (rule, match)
        for rule in _PHRASE_RULES
        if rule.pattern is not None
        for match in rule.pattern.finditer(scan, sentence.start, sentence.end)
    ]
    phrases: list[_Hit] = []
    if matches:
        excuses = _Excuses(scan, sentence)
        phrases = [_Hit.of(rule, match) for rule, match in matches if not excuses.excuse(match)]
    yield from phrases
    rate = _rate(scan, sentence, counted)
    # "100% effective" is one claim; the promise says more than the missing denominator.
    if rate is not None and not any(p.start <= rate.start < p.end for p in phrases):
        yield rate


class _Excuses:
    """The honest wording of one sentence that shows a listed word claims nothing.

    Found once per sentence, so that a sentence with many matches stays linear.
    """

    def __init__(self, scan: str, sentence: _Sentence) -> None:
        self.scan = scan
        self.sentence = sentence
        found = _DISOWNED.finditer(scan, sentence.start, sentence.end)
        self.disowned_ends = [m.end() for m in found]
        harmless = _HARMLESS.finditer(scan, sentence.start, sentence.end)
        self.harmless = _Stretches(m.span() for m in harmless)

    def excuse(self, match: re.Match[str]) -> bool:
        """Whether the match is negated, reported as someone else's claim, or harmless."""
        start = match.start()
        return self.harmless.covers(start) or self._disowned(start) or self._negated(start)

    def _disowned(self, start: int) -> bool:
        index = bisect.bisect_right(self.disowned_ends, start)
        if index == 0:
            return False
        end = self.disowned_ends[index - 1]
        return start - end <= _DISOWNED_REACH and not _TURN.search(self.scan, end, start)

    def _negated(self, start: int) -> bool:
        before = self.scan[max(self.sentence.start, start - _NEGATION_REACH) : start]
        clause = _CLAUSE_BREAK.split(before)[-1]
        for word in reversed(re.findall(r"[A-Za-z']+", clause)[-_NEGATION_WINDOW:]):
            word = word.lower()
            if word in _NEGATIONS or word.endswith("n't"):
                return True
            if word not in _SMALL_WORDS:
                return False
        return False


def _rate(scan: str, sentence: _Sentence, counted: _Stretches) -> _Hit | None:
    """Return the first rate of a sentence whose paragraph, up to it, gives no denominator.

    ``counted`` holds the denominators and citations of the region.
    """
    text = scan[sentence.start : sentence.end]
    percents = _PERCENT.finditer(scan, sentence.start, sentence.end)
    rates = [m for m in percents if _is_rate(scan, sentence, m)]
    share = _SHARE.search(scan, sentence.start, sentence.end)
    if share and _OUTCOME.search(text) and not _NO_EFFECT.search(text):
        rates.append(share)
    if not rates or counted.overlaps(sentence.paragraph_start, sentence.end):
        return None
    return _Hit.of(NO_DENOMINATOR, min(rates, key=lambda m: m.start()))


def _is_rate(scan: str, sentence: _Sentence, match: re.Match[str]) -> bool:
    """Whether a percentage is a share of people, not a confidence level or a price."""
    after = scan[match.end() : match.end() + 20]
    if _CONFIDENCE.match(after) or _MONEY.match(after):
        return False
    # The bounds of a confidence interval: "(95% CI 40.8% to 56.9%)".
    window = max(sentence.start, match.start() - _LOOK_BACK)
    opened = scan.rfind("(", window, match.start())
    inside = scan[opened : match.start()] if opened >= 0 else ""
    return not (inside and ")" not in inside and _CONFIDENCE.search(inside))


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


def _quiet_zones(
    text: str, region: _Region, sentences: Sequence[_Sentence], allowed: Sequence[str]
) -> _Stretches:
    """Return the stretches an allowance covers: every sentence it overlaps, and itself."""
    ends = [s.end for s in sentences]
    zones: list[tuple[int, int]] = []
    for allowance in allowed:
        for start, end in _occurrences(text, allowance, region):
            zones.append((start, end))
            index = bisect.bisect_right(ends, start)  # the first sentence ending after it
            while index < len(sentences) and sentences[index].start < end:
                zones.append((sentences[index].start, sentences[index].end))
                index += 1
    return _Stretches(zones)


def _occurrences(text: str, allowance: str, region: _Region) -> list[tuple[int, int]]:
    """Find an allowance as written, whatever the line breaks and indentation in between."""
    words = allowance.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    return [m.span() for m in pattern.finditer(text, region.start, region.end)]
