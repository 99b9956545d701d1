"""Scanning prose for claims, sentence by sentence.

Phrase rules with their excuses, rates without a denominator, and testimonials not linked to
the expected results.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.content.claims.prose import (
    _EXPECTED_RESULTS_TARGET,
    _LINK_TARGET,
    _NOT_PROSE,
    _QUOTE_LINE,
    _SCHEME,
    _File,
    _occurrences,
    _Region,
    _Sentence,
    _sentences,
    _Stretches,
)
from generator.content.claims.rules import (
    _CLAUSE_BREAK,
    _DISOWNED_REACH,
    _LOOK_BACK,
    _NEGATION_REACH,
    _NEGATION_WINDOW,
    NO_DENOMINATOR,
    TESTIMONIAL,
    Rule,
    Wording,
)
from generator.content.errors import Problem


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    start: int
    end: int
    found: str

    @classmethod
    def of(cls, rule: Rule, match: re.Match[str]) -> _Hit:
        return cls(rule, match.start(), match.end(), " ".join(match.group().split()))


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
    file: _File, scan: str, region: _Region, allowed: Sequence[str], wording: Wording
) -> tuple[list[Problem], _Stretches]:
    """Return the problems of one region, read in ``wording``'s language.

    Also returns the stretches its allowances silence.
    """
    sentences = list(_sentences(scan, region))
    quiet = _quiet_zones(file.text, region, sentences, allowed)
    # Found once per region and looked up per sentence, so a long paragraph stays linear.
    counted = _Stretches(
        m.span()
        for pattern in (wording.denominator, wording.citation)
        for m in pattern.finditer(scan, region.start, region.end)
    )
    problems: list[Problem] = []
    for sentence in sentences:
        for hit in _hits(scan, sentence, counted, wording):
            if not quiet.covers(hit.start):
                message = _message(hit.rule, hit.found)
                problems.append(file.problem(hit.start, region.field, message))
    return problems, quiet


def _message(rule: Rule, found: str) -> str:
    return f'claim "{rule.id}": "{found}" {rule.why}; {rule.instead} ({rule.source})'


def _shorten(words: str, limit: int = 60) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _hits(scan: str, sentence: _Sentence, counted: _Stretches, wording: Wording) -> Iterator[_Hit]:
    matches = [
        (rule, match)
        for rule in wording.phrases
        if rule.pattern is not None
        for match in rule.pattern.finditer(scan, sentence.start, sentence.end)
    ]
    phrases: list[_Hit] = []
    if matches:
        excuses = _Excuses(scan, sentence, wording)
        phrases = [_Hit.of(rule, match) for rule, match in matches if not excuses.excuse(match)]
    yield from phrases
    rate = _rate(scan, sentence, counted, wording)
    # "100% effective" is one claim; the promise says more than the missing denominator.
    if rate is not None and not any(p.start <= rate.start < p.end for p in phrases):
        yield rate


class _Excuses:
    """The honest wording of one sentence that shows a listed word claims nothing.

    Found once per sentence, so that a sentence with many matches stays linear.
    """

    def __init__(self, scan: str, sentence: _Sentence, wording: Wording) -> None:
        self.scan = scan
        self.sentence = sentence
        self.wording = wording
        found = wording.disowned.finditer(scan, sentence.start, sentence.end)
        self.disowned_ends = [m.end() for m in found]
        harmless = wording.harmless.finditer(scan, sentence.start, sentence.end)
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
        turned = self.wording.turn.search(self.scan, end, start)
        return start - end <= _DISOWNED_REACH and not turned

    def _negated(self, start: int) -> bool:
        before = self.scan[max(self.sentence.start, start - _NEGATION_REACH) : start]
        clause = _CLAUSE_BREAK.split(before)[-1]
        for word in reversed(self.wording.word.findall(clause)[-_NEGATION_WINDOW:]):
            word = word.lower()
            if word in self.wording.negations or word.endswith("n't"):
                return True
            if word not in self.wording.small_words:
                return False
        return False


def _rate(scan: str, sentence: _Sentence, counted: _Stretches, wording: Wording) -> _Hit | None:
    """Return the first rate of a sentence whose paragraph, up to it, gives no denominator.

    ``counted`` holds the denominators and citations of the region.
    """
    text = scan[sentence.start : sentence.end]
    percents = wording.percent.finditer(scan, sentence.start, sentence.end)
    rates = [m for m in percents if _is_rate(scan, sentence, m, wording)]
    share = wording.share.search(scan, sentence.start, sentence.end)
    if share and wording.outcome.search(text) and not wording.no_effect.search(text):
        rates.append(share)
    if not rates or counted.overlaps(sentence.paragraph_start, sentence.end):
        return None
    return _Hit.of(NO_DENOMINATOR, min(rates, key=lambda m: m.start()))


def _is_rate(scan: str, sentence: _Sentence, match: re.Match[str], wording: Wording) -> bool:
    """Whether a percentage is a share of people, not a confidence level or a price."""
    after = scan[match.end() : match.end() + 20]
    before = scan[max(sentence.start, match.start() - 40) : match.start()]
    if wording.confidence.match(after) or wording.money.match(after):
        return False
    if wording.money_before.search(before):
        return False
    # The bounds of a confidence interval: "(95% CI 40.8% to 56.9%)".
    window = max(sentence.start, match.start() - _LOOK_BACK)
    opened = scan.rfind("(", window, match.start())
    inside = scan[opened : match.start()] if opened >= 0 else ""
    return not (inside and ")" not in inside and wording.confidence.search(inside))


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
