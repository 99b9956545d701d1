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

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from generator.content.claims.prose import (
    _body_start,
    _case_regions,
    _File,
    _is_mapping,
    _keep_only,
    _mask_reference_sections,
    _occurrences,
    _page_base,
    _prose,
    _Region,
)
from generator.content.claims.rules import (
    CURE,
    ENGLISH,
    NO_DENOMINATOR,
    PAGE_FIELD,
    RULES,
    SUPERLATIVE,
    TESTIMONIAL,
    WALK_AGAIN,
    Rule,
    Wording,
)
from generator.content.claims.scan import _scan_region, _testimonials
from generator.content.claims.spanish import SPANISH
from generator.content.errors import Problem

__all__ = [
    "CURE",
    "NO_DENOMINATOR",
    "PAGE_FIELD",
    "RULES",
    "SUPERLATIVE",
    "TESTIMONIAL",
    "WALK_AGAIN",
    "WORDINGS",
    "Rule",
    "Wording",
    "all_allowances_used",
    "case_text_values",
    "check_case_text",
    "check_page_text",
    "may_hold_claims",
    "unused_allowances",
]

# --- Public API -------------------------------------------------------------------------------

# The languages the check reads. A text in another language is not checked (the build says so).
WORDINGS: dict[str, Wording] = {wording.language: wording for wording in (ENGLISH, SPANISH)}


def check_case_text(
    text: str, source: str, allowed: Sequence[str] = (), language: str = "en"
) -> list[Problem]:
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
        language: The language of the text, one of ``WORDINGS`` (a translation's).

    Returns:
        One problem per match, in file order, each naming the field it is in.
    """
    wording = WORDINGS[language]
    regions = _case_regions(text, source)
    scan = _prose(_keep_only(text, regions))
    file = _File(text, source)
    problems: list[Problem] = []
    for region in regions:
        problems += _scan_region(file, scan, region, allowed, wording)[0]
    return sorted(problems)


def check_page_text(
    text: str, source: str, allowed: Sequence[str] = (), language: str = "en"
) -> list[Problem]:
    """Find risky claims in a hand-written Markdown page.

    Front matter, fenced code, inline code, HTML comments (Casebook's markers among them),
    link targets and a references section are not read. Lines are counted in the whole file,
    front matter included.

    Args:
        text: The raw text of the page.
        source: The file name to put in problems.
        allowed: Sentences (or phrases) a reviewer accepted; a match in a sentence that
            contains one of them is not reported.
        language: The language of the page, one of ``WORDINGS``.

    Returns:
        One problem per match, in file order, each with the field ``(page)``.
    """
    body_start = _body_start(text)
    base = _page_base(text, body_start)
    region = _Region(body_start, len(text), PAGE_FIELD)
    scan = _prose(_mask_reference_sections(base))
    file = _File(text, source)
    problems, quiet = _scan_region(file, scan, region, allowed, WORDINGS[language])
    problems += _testimonials(file, base, region, quiet)
    return sorted(problems)


def may_hold_claims(
    values: Iterable[str], allowed: Sequence[str] = (), language: str = "en"
) -> bool:
    """Tell cheaply whether `check_case_text` could find a claim in these values.

    A case's free-text values, as loaded, hold the words the check looks for in the file.
    Each value that holds any rule's words is checked as a text of its own, without parsing
    the file twice more to locate it; only a case with a finding needs `check_case_text`. A
    build of thousands of cases locates the claims of the few that hold one.

    Args:
        values: The case's free-text values (`case_text_values`).
        allowed: The case's ``reviewed_claims``.
        language: The language of the values, one of ``WORDINGS``.
    """
    wording = WORDINGS[language]
    return any(
        _has_trigger(value, wording)
        and wording.any_claim.search(value)
        and _value_has_claims(value, allowed, wording)
        for value in values
    )


def _has_trigger(text: str, wording: Wording) -> bool:
    # A set of words is much faster to test than the rules' patterns (one regex with fifty
    # alternatives costs about 0.3 microseconds a character): every match of a rule holds one
    # of these words or characters, so a text without them needs no regex at all.
    if "%" in text or "#1" in text:
        return True
    words = set(wording.trigger_word.findall(text.lower()))
    if not words.isdisjoint(wording.triggers):
        return True
    return any(not words.isdisjoint(a) and not words.isdisjoint(b) for a, b in wording.pairs)


def _value_has_claims(value: str, allowed: Sequence[str], wording: Wording) -> bool:
    region = _Region(0, len(value), PAGE_FIELD)
    return bool(_scan_region(_File(value, ""), _prose(value), region, allowed, wording)[0])


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


def _texts(entries: Any) -> list[Any]:
    """The ``text`` of each entry of a list of mappings."""
    if not isinstance(entries, list):
        return []
    return [entry.get("text") for entry in entries if isinstance(entry, dict)]
