"""Translations of case files (content/translations.py), loaded alone and in real builds."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Page

from generator.content.layout import Layout
from generator.content.sources import ProjectLoader
from generator.content.translations import source_hash, translation_name
from tests.conftest import ROOT, copy_site, run_mkdocs, serve_directory

CASE = "ingrid-s-t8"


def _layout(root: Path) -> Layout:
    return Layout(root, root / "cases", root / "content", root / "content" / "protocols")


def _load(root: Path, languages: tuple[str, ...] = ("es",)) -> tuple[list[str], list[str]]:
    project = ProjectLoader().load(_layout(root), languages)
    return [str(p) for p in project.problems], [str(p) for p in project.outdated]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(tmp_path / "site")


def test_the_sample_translations_are_valid_and_current() -> None:
    problems, outdated = _load(ROOT)
    assert problems == [] and outdated == []
    project = ProjectLoader().load(_layout(ROOT), ("es",))
    spanish = project.translations["es"]
    assert set(spanish) == {"ingrid-s-t8", "amara-n-c6"}
    ingrid = spanish[CASE]
    source = next(c.model for c in project.cases if c.model.id == CASE)
    assert ingrid.case.headline.startswith("Una vaga sensación")
    # every fact is the case file's
    assert ingrid.case.injury == source.injury and ingrid.case.assessments == source.assessments
    assert ingrid.case.consent == source.consent
    assert ("timeline", 1, "text") in ingrid.translated
    assert ("patient", "history") not in ingrid.translated


def test_a_changed_clinical_value_is_a_located_error(site: Path) -> None:
    path = site / "cases" / f"{CASE}.es.yml"
    text = path.read_text(encoding="utf-8").replace("  - week: 26\n", "  - week: 27\n")
    path.write_text(text, encoding="utf-8")
    problems, _ = _load(site)
    line = _line_of(path, "- week: 27")
    assert problems == [
        f"cases/{CASE}.es.yml:{line}:11: timeline[1].week: must equal cases/{CASE}.yml, which "
        "says '26': a translation changes texts only, never a clinical fact"
    ]


def test_a_translation_keeps_its_own_reviewed_claims_and_they_are_checked(site: Path) -> None:
    path = site / "cases" / f"{CASE}.es.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "reviewed_claims:\n  - Una frase revisada.\n", encoding="utf-8")
    project = ProjectLoader().load(_layout(site), ("es",))
    assert project.problems == []
    assert project.translations["es"][CASE].allowed == ("Una frase revisada.",)
    path.write_text(original + f"reviewed_claims:\n  - ''\n  - {'x' * 301}\n", encoding="utf-8")
    problems, _ = _load(site)
    line = _line_of(path, "- ''")
    assert problems == [
        f"cases/{CASE}.es.yml:{line}:5: reviewed_claims[0]: must not be empty",
        f"cases/{CASE}.es.yml:{line + 1}:5: reviewed_claims[1]: is 301 characters long; the "
        "limit is 300",
    ]


def test_a_clinical_field_the_case_lacks_and_a_wrong_list_are_located(site: Path) -> None:
    path = site / "cases" / f"{CASE}.es.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + "injury:\n  ais: A\ntreatment_notes: x\n",
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8").replace(
        "  - text: Sigue sondándose cinco veces al día.\n", ""
    )
    path.write_text(text, encoding="utf-8")
    problems, _ = _load(site)
    assert [p.split(": ", 2)[1] for p in problems] == ["timeline", "injury.ais", "treatment_notes"]
    assert "lists 2 entries; cases/ingrid-s-t8.yml lists 3" in problems[0]
    assert "which says 'B'" in problems[1]
    assert "is not in cases/ingrid-s-t8.yml: remove it" in problems[2]


def test_the_translated_quote_must_stay_word_for_word_in_the_story(site: Path) -> None:
    path = site / "cases" / f"{CASE}.es.yml"
    text = path.read_text(encoding="utf-8").replace(
        "quote: A veces noto", "quote: Casi siempre noto"
    )
    path.write_text(text, encoding="utf-8")
    problems, _ = _load(site)
    line = _line_of(path, "quote:")
    assert problems == [f"cases/{CASE}.es.yml:{line}:8: quote: must appear word for word in story"]


def test_an_edited_case_file_makes_its_translation_out_of_date(site: Path) -> None:
    case = site / "cases" / f"{CASE}.yml"
    case.write_text(case.read_text(encoding="utf-8") + "# a new comment\n", encoding="utf-8")
    problems, outdated = _load(site)
    assert problems == []
    assert outdated == [
        f"cases/{CASE}.es.yml:{_line_of(site / 'cases' / f'{CASE}.es.yml', 'source_hash:')}:14: "
        "source_hash: translated from an earlier version of "
        f"cases/{CASE}.yml: check the translation against it, then set source_hash: "
        f"{source_hash(case)}"
    ]


def test_names_languages_and_missing_case_files_are_problems(site: Path) -> None:
    cases = site / "cases"
    (cases / "nobody-x-t1.es.yml").write_text("source_hash: 0123456789abcdef\n", encoding="utf-8")
    (cases / f"{CASE}.fr.yml").write_text("source_hash: 0123456789abcdef\n", encoding="utf-8")
    problems, _ = _load(site)
    assert problems == [
        f"cases/{CASE}.fr.yml:1:1: (file): 'fr' is not one of the site's other languages (es): "
        "add it to the casebook plugin's `languages` option in mkdocs.yml",
        "cases/nobody-x-t1.es.yml:1:1: (file): there is no case file nobody-x-t1.yml to translate",
    ]
    assert translation_name(Path("a-b.es.yml")) == ("a-b", "es")
    assert translation_name(Path("a-b.yml")) is None


def test_line_endings_do_not_change_the_hash(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_bytes(b"id: a\nstatus: draft\n")
    (tmp_path / "b.yml").write_bytes(b"id: a\r\nstatus: draft\r\n")
    assert source_hash(tmp_path / "a.yml") == source_hash(tmp_path / "b.yml")


# Real builds ---------------------------------------------------------------------------------


def _page(site_dir: Path, path: str) -> str:
    return (site_dir / path / "index.html").read_text(encoding="utf-8")


def test_a_translated_page_shows_translated_text_and_the_case_files_facts(
    built_site: Path,
) -> None:
    spanish = _page(built_site, f"es/cases/{CASE}")
    english = _page(built_site, f"cases/{CASE}")
    assert '<html lang="es"' in spanish and '<html lang="en"' in english
    assert "Una vaga sensación de vejiga llena" in spanish
    assert "A faint sense of bladder filling" not in spanish
    for fact in ("<td>44</td>", "T8 (torácica)", '<span data-pagefind-filter="ais">B</span>'):
        assert fact in spanish
    assert "<td>Noruega</td>" in spanish.replace(' data-pagefind-filter="country"', "")
    assert "Efectos adversos" in spanish and "No se notificó ninguno." in spanish
    # the protocol page is not translated: its words are marked English
    assert '<span lang="en">Not approved by the FDA or EMA' in spanish
    # the texts the translation lacks are in English, marked as such
    assert '<td lang="en">Mild asthma.' in spanish


def test_a_partial_translation_marks_what_it_lacks(built_site: Path) -> None:
    page = _page(built_site, "es/cases/amara-n-c6")
    assert re.search(r'<div class="cb-prose">\s*<p>Amara tiene una lesión', page)
    assert re.search(r'<div class="cb-prose" lang="en">\s*<p>Six months after treatment', page)


def test_the_language_switcher_leads_to_the_same_case(built_site: Path) -> None:
    english = _page(built_site, f"cases/{CASE}")
    spanish = _page(built_site, f"es/cases/{CASE}")
    assert f'href="../../es/cases/{CASE}/" hreflang="es" lang="es"' in english
    assert f'href="../../../cases/{CASE}/" hreflang="en" lang="en"' in spanish
    assert (built_site / "es" / "cases" / "r-o-l1" / "index.html").is_file()  # untranslated too


def test_the_sitemap_gives_every_version_of_a_page_as_hreflang(built_site: Path) -> None:
    site = "https://northbridge-clinic.example/"
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
                  "x": "http://www.w3.org/1999/xhtml"}  # fmt: skip
    urls = ElementTree.parse(built_site / "sitemap.xml").getroot().findall("s:url", namespaces)
    versions = {
        url.findtext("s:loc", namespaces=namespaces): {
            str(link.get("hreflang")): str(link.get("href"))
            for link in url.findall("x:link", namespaces)
        }
        for url in urls
    }
    both = {"en": f"{site}cases/{CASE}/", "es": f"{site}es/cases/{CASE}/"}
    # Each version lists both, itself included, as search engines ask.
    assert [versions.get(address) for address in both.values()] == [both, both]


def test_an_outdated_translation_is_flagged_on_its_page(site: Path) -> None:
    case = site / "cases" / f"{CASE}.yml"
    case.write_text(case.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    line = _line_of(site / "cases" / f"{CASE}.es.yml", "source_hash:")
    assert f"cases/{CASE}.es.yml:{line}:14: source_hash: translated from an earlier" in (
        result.stderr
    )
    page = _page(site / "site", f"es/cases/{CASE}")
    assert "Puede que esta traducción no esté actualizada" in page
    # it leads to the case file's page, the one that changed
    assert f'<a href="../../../cases/{CASE}/" hreflang="en" lang="en">English</a></p>' in page
    other = _page(site / "site", "es/cases/amara-n-c6")
    assert "Puede que esta traducción" not in other


def test_a_changed_clinical_value_stops_the_build_with_its_location(site: Path) -> None:
    path = site / "cases" / f"{CASE}.es.yml"
    path.write_text(path.read_text(encoding="utf-8") + "injury:\n  level: T9\n", encoding="utf-8")
    result = run_mkdocs(site, "build")
    assert result.returncode != 0
    line = _line_of(path, "level: T9")
    assert f"cases/{CASE}.es.yml:{line}:10: injury.level: must equal cases/{CASE}.yml" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (site / "site" / "es").exists()


def test_a_withdrawn_case_vanishes_in_every_language(site: Path) -> None:
    case = site / "cases" / f"{CASE}.yml"
    case.write_text(
        case.read_text(encoding="utf-8").replace("status: published", "status: withdrawn"),
        encoding="utf-8",
    )
    assert run_mkdocs(site, "build").returncode == 0
    built = site / "site"
    assert not (built / "es" / "cases" / CASE).exists()
    assert CASE not in (built / "es" / "feeds" / "feed.xml").read_text(encoding="utf-8")


@pytest.mark.browser
def test_clicking_the_switcher_leads_to_the_same_case_and_back(
    built_site: Path, page: Page
) -> None:
    with serve_directory(built_site) as base:
        page.goto(f"{base}cases/{CASE}/", wait_until="networkidle")
        switcher = page.locator(".md-header .md-select")
        switcher.hover()
        switcher.get_by_role("link", name="Español").click()
        page.wait_for_url(f"{base}es/cases/{CASE}/")
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text().startswith("Una vaga sensación")
        switcher.hover()
        switcher.get_by_role("link", name="English").click()
        page.wait_for_url(f"{base}cases/{CASE}/")
        assert page.locator("h1").inner_text().startswith("A faint sense")


def test_the_spanish_results_page_counts_the_same_cases_in_spanish(built_site: Path) -> None:
    spanish = _page(built_site, "es/results")
    english = _page(built_site, "results")
    assert '<html lang="es"' in spanish
    assert (
        "Qué cambió, y cuándo" in spanish and "Casos clínicos publicados, no un ensayo" in spanish
    )
    # the same counts: every table cell that is a number, in the same order
    numbers = re.compile(r"<td[^>]*>(\d+%?)</td>")
    assert numbers.findall(spanish) == numbers.findall(english)
    # the protocols' names are the site's data, untranslated and marked
    assert '<span lang="en">UC-MSC by IV and lumbar puncture</span>' in spanish
    assert 'href="../cases/"' in spanish  # es/cases/: the Spanish case index


def test_validate_counts_the_translations(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli.main import main
    from tests.factories import case_files

    assert main(["validate", "-f", str(ROOT / "mkdocs.yml")]) == 0
    files = len(case_files(ROOT / "cases"))
    assert f"OK: {files} case files, 2 translations and 2 protocols" in capsys.readouterr().err


def test_a_translated_protocol_page_gets_its_generated_section_in_its_language(
    site: Path,
) -> None:
    page = site / "content" / "es" / "protocols" / "uc-msc-iv-lp.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\ntitle: UC-MSC por vía IV y punción lumbar\n---\n\n"
        "# UC-MSC por vía IV y punción lumbar\n\nUna página de protocolo traducida.\n",
        encoding="utf-8",
    )
    result = run_mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    spanish = _page(site / "site", "es/protocols/uc-msc-iv-lp")
    assert '<html lang="es"' in spanish
    for heading in ("Situación regulatoria", "Riesgos", "Casos tratados con este protocolo"):
        assert f">{heading}<" in spanish
    # the protocol's own words stay the site's, marked; its cases lead to the Spanish pages
    assert '<span lang="en">Not approved by the FDA or EMA' in spanish
    assert 'href="../../cases/ingrid-s-t8/"' in spanish
    english = _page(site / "site", "protocols/uc-msc-iv-lp")
    assert 'hreflang="es"' in english  # the English page now has a switcher to it
