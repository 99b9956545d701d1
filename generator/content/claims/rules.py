"""The claim rules, the words each one looks for, and the exceptions honest text needs.

Also the words a build looks for first (`may_hold_claims`): a text without any of them
needs no further look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


def word_pairs(*pairs: tuple[str, str]) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Return ``pairs`` of space-separated words as pairs of word sets, for ``Wording.pairs``."""
    return tuple((frozenset(first.split()), frozenset(second.split())) for first, second in pairs)


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
# ... or before it: "a discount of 30%".
_MONEY_BEFORE = _words(
    r"\b(?:discount|deposit|down\s+payment|interest|VAT|tax|surcharge|refund)\s+(?:of\s+)?$"
)

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
_PAIRS = word_pairs(
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


# --- One language's words ---------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """The words of every rule and exception in one language.

    The rules (what they catch, why, their sources) are the same in every language; only the
    words that express them differ. Attributes named as the module's English constants.

    Attributes:
        language: The language code, such as ``en``.
        phrases: The phrase rules, each with its pattern in this language.
        negations: Words that negate what follows ("not", "never").
        small_words: Words a negation may stand before the claim across.
        word: A word of running text, for the look back from a claim to a negation.
        disowned: Someone else's claim reported as a warning.
        turn: A word after which a reported claim is the writer's own again.
        harmless: Everyday phrases that hold a listed word but claim nothing.
        percent: A percentage.
        share: A share of patients ("most patients").
        outcome: Words saying what happened to that share.
        no_effect: Words saying nothing changed, the expected result itself.
        denominator: The count a rate was taken on.
        citation: A published study named by author and year.
        confidence: A confidence interval, after or around a percentage.
        money: A price after a percentage.
        money_before: A price just before a percentage, up to it (``$``).
        triggers: Words without one of which (or a word of each set of a pair in ``pairs``)
            no pattern can match, lowercase; see ``may_hold_claims``.
        pairs: Pairs of word sets, as ``triggers``.
        trigger_word: A word, as ``triggers`` lists them.
    """

    language: str
    phrases: tuple[Rule, ...]
    negations: frozenset[str]
    small_words: frozenset[str]
    word: re.Pattern[str]
    disowned: re.Pattern[str]
    turn: re.Pattern[str]
    harmless: re.Pattern[str]
    percent: re.Pattern[str]
    share: re.Pattern[str]
    outcome: re.Pattern[str]
    no_effect: re.Pattern[str]
    denominator: re.Pattern[str]
    citation: re.Pattern[str]
    confidence: re.Pattern[str]
    money: re.Pattern[str]
    money_before: re.Pattern[str]
    triggers: frozenset[str]
    pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]
    trigger_word: re.Pattern[str]
    any_claim: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Every word any rule starts from, for `may_hold_claims`.
        starts = [r.pattern.pattern for r in self.phrases if r.pattern is not None]
        starts += [self.percent.pattern, self.share.pattern]
        object.__setattr__(self, "any_claim", re.compile("|".join(starts), re.IGNORECASE))


ENGLISH = Wording(
    language="en",
    phrases=_PHRASE_RULES,
    negations=_NEGATIONS,
    small_words=_SMALL_WORDS,
    word=re.compile(r"[A-Za-z']+"),
    disowned=_DISOWNED,
    turn=_TURN,
    harmless=_HARMLESS,
    percent=_PERCENT,
    share=_SHARE,
    outcome=_OUTCOME,
    no_effect=_NO_EFFECT,
    denominator=_DENOMINATOR,
    citation=_CITATION,
    confidence=_CONFIDENCE,
    money=_MONEY,
    money_before=_MONEY_BEFORE,
    triggers=_TRIGGERS,
    pairs=_PAIRS,
    trigger_word=_WORD,
)
