"""Compliance checks of a build: claims, CARE minimum and review dates, by the site's policy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.catalog.build import Build, prepare
from generator.catalog.compliance import Findings, Page, Policy, check_compliance, policy_from
from generator.cli.sitefile import read_site_file

TODAY = dt.date(2026, 12, 1)
CURE = "The injections cured his paralysis."


def _prepared(site: Path, today: dt.date = TODAY) -> Build:
    return prepare(read_site_file(site / "mkdocs.yml").layout, today=today, languages=("es",))


def _check(site: Path, policy: Policy, today: dt.date = TODAY) -> Findings:
    build = _prepared(site, today)
    published = frozenset(case.id for case in build.catalog.cases)
    translations = [t for found in build.project.translations.values() for t in found.values()]
    return check_compliance(
        build.project.cases, published, build.pages, today, policy, translations
    )


def _seed_story(site: Path, sentence: str) -> Path:
    path = site / "cases" / "mei-c-c6.yml"
    text = path.read_text(encoding="utf-8")
    old = "  the same as before. Her daily routine"
    path.write_text(text.replace(old, f"  the same as before. {sentence} Her daily routine"))
    return path


def test_the_sample_has_no_finding_under_the_strictest_policy(site: Path) -> None:
    findings = _check(site, Policy("error", 80, "error"))
    assert findings.errors == [] and findings.warnings == []


@pytest.mark.parametrize(("level", "errors", "warnings"), [("warn", 0, 1), ("error", 1, 0),
                                                            ("ignore", 0, 0)])  # fmt: skip
def test_a_seeded_claim_follows_the_claims_level(
    site: Path, level: str, errors: int, warnings: int
) -> None:
    lines = _seed_story(site, CURE).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if CURE in text)
    findings = _check(site, policy_from(level, 0, "warn"))
    assert (len(findings.errors), len(findings.warnings)) == (errors, warnings)
    for problem in findings.errors + findings.warnings:
        assert (problem.path, problem.line, problem.field) == ("cases/mei-c-c6.yml", line, "after")
        assert problem.column == lines[line - 1].index("cured") + 1
        assert 'claim "cure"' in problem.message


def test_a_reviewed_claim_is_silent_and_a_stale_allowance_is_reported(site: Path) -> None:
    path = _seed_story(site, CURE)
    text = path.read_text(encoding="utf-8")
    allow = f"reviewed_claims:\n  - {CURE}\n  - A sentence that is gone.\n"
    path.write_text(text.replace("reviewed_claims:\n", allow, 1) if "reviewed_claims:" in text
                    else text + allow)  # fmt: skip
    [stale] = _check(site, Policy()).warnings
    line = path.read_text(encoding="utf-8").splitlines().index("  - A sentence that is gone.") + 1
    assert (stale.line, stale.field) == (line, "reviewed_claims[1]")
    assert "no longer in the text" in stale.message


def test_a_page_claim_is_located_and_its_front_matter_allows_it(site: Path) -> None:
    page = site / "content" / "candidates.md"
    text = page.read_text(encoding="utf-8")
    claim = "We are the leading stem cell clinic."
    page.write_text(text + f"\n{claim}\n")
    [found] = _check(site, Policy()).warnings
    assert (found.path, found.field) == ("content/candidates.md", "(page)")
    assert found.line == len(page.read_text(encoding="utf-8").splitlines())
    page.write_text(text.replace("---\n", f"---\nreviewed_claims:\n  - {claim}\n", 1)
                    + f"\n{claim}\n")  # fmt: skip
    assert _check(site, Policy()).warnings == []


def test_a_care_minimum_stops_published_cases_below_it(site: Path) -> None:
    findings = _check(site, Policy(care_min_coverage=100))
    below = [p for p in findings.errors if p.field == "(file)"]
    assert below and all("is below the site's minimum 100%" in p.message for p in below)
    gaps = [p for p in findings.errors if p.field != "(file)"]
    assert gaps and all(p.message.startswith("CARE ") and p.line > 1 for p in gaps)
    published = {f"cases/{c.id}.yml" for c in _prepared(site).catalog.cases}
    assert {p.path for p in findings.errors} <= published  # drafts are not held to it


@pytest.mark.parametrize(("level", "errors", "warnings"), [("warn", 0, 1), ("error", 1, 0),
                                                            ("ignore", 0, 0)])  # fmt: skip
def test_an_overdue_review_follows_its_level(
    site: Path, level: str, errors: int, warnings: int
) -> None:
    late = dt.date(2027, 2, 1)  # carlos-m-t12's review was due in 2027-01
    findings = _check(site, policy_from("ignore", 0, level), today=late)
    assert (len(findings.errors), len(findings.warnings)) == (errors, warnings)
    for problem in findings.errors + findings.warnings:
        assert (problem.path, problem.field) == ("cases/carlos-m-t12.yml", "reviewed.next")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("fail", 0, "warn"), "claims must be ignore, warn or error, not 'fail'"),
        (("warn", 0, True), "overdue_reviews must be ignore, warn or error, not True"),
        (("warn", 101, "warn"), "care_min_coverage must be a whole number from 0 to 100"),
        (("warn", True, "warn"), "care_min_coverage must be a whole number from 0 to 100"),
        (("warn", "80", "warn"), "care_min_coverage must be a whole number from 0 to 100"),
    ],
)
def test_wrong_options_are_refused_by_name(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        policy_from(*args)


# The Spanish translation of ingrid-s-t8.yml, and a sentence of its `after` to seed next to.
TRANSLATION = "ingrid-s-t8.es.yml"
SPANISH_AFTER = "  cambiado. Su puntuación de tacto ligero subió cuatro puntos"
MIRACLE = "Fue un milagro."


def _seed_translation(site: Path, sentence: str) -> Path:
    path = site / "cases" / TRANSLATION
    text = path.read_text(encoding="utf-8")
    assert SPANISH_AFTER in text
    path.write_text(text.replace(SPANISH_AFTER, SPANISH_AFTER.replace(". ", f". {sentence} ")))
    return path


def test_a_translation_is_read_in_its_own_language_at_its_own_lines(site: Path) -> None:
    path = _seed_translation(site, MIRACLE)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if MIRACLE in text)
    [found] = _check(site, Policy("error", 0, "warn")).errors
    assert (found.path, found.line, found.field) == (f"cases/{TRANSLATION}", line, "after")
    assert found.column == lines[line - 1].index("milagro") + 1
    assert 'claim "cure": "milagro"' in found.message


def test_a_translation_s_own_reviewed_claims_silence_it_and_go_stale(site: Path) -> None:
    path = _seed_translation(site, MIRACLE)
    allow = f"reviewed_claims:\n  - {MIRACLE}\n  - Una frase que ya no está.\n"
    path.write_text(path.read_text(encoding="utf-8") + allow)
    [stale] = _check(site, Policy()).warnings
    assert (stale.path, stale.field) == (f"cases/{TRANSLATION}", "reviewed_claims[1]")
    assert "no longer in the text" in stale.message


def test_honest_spanish_with_the_rules_words_is_not_a_claim(site: Path) -> None:
    _seed_translation(site, "Sabíamos que esto no era una cura y que no volvería a caminar.")
    assert _check(site, Policy("error", 0, "warn")).errors == []


def test_a_page_under_a_language_folder_is_read_in_that_language(site: Path) -> None:
    page = site / "content" / "es" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nSomos la clínica líder en células madre.\n")
    [found] = _check(site, Policy()).warnings
    assert (found.path, found.field) == ("content/es/index.md", "(page)")
    assert 'claim "superlative": "líder"' in found.message
    # An English claim in a Spanish page is not Spanish wording: the check reads Spanish here.
    page.write_text(text + "\nWe are the leading clinic.\n")
    assert _check(site, Policy()).warnings == []


def test_a_page_in_a_language_the_check_has_no_words_for_is_not_read() -> None:
    german = Page("content/de/p.md", "de/p.md", "Eine Wunderheilung, the best cure.\n", None, "de")
    english = Page("content/p.md", "p.md", "The best cure.\n", None, "en")
    findings = check_compliance([], frozenset(), [german, english], TODAY, Policy())
    assert [(p.path, p.line) for p in findings.warnings] == [("content/p.md", 1)] * 2
