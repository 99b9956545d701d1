"""What visitors of the built sample site see of the clinic: identity, ways around, no staff tools.

Covers theme/ (main.html, partials, 404.html) and what the plugin does to every page.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import ROOT

SETTINGS = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
CLINIC = SETTINGS["extra"]["casebook"]
SEP = "\u203a"  # the breadcrumb's separator


def _page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_page_names_the_clinic_not_the_generator(built_site: Path) -> None:
    for path in ("index.html", "cases/amara-n-c6/index.html", "results/index.html", "404.html"):
        html = _page(built_site, path)
        footer = html[html.index('<footer class="md-footer">') :]
        for key in ("clinic", "address", "phone", "email"):
            assert CLINIC[key] in footer, (path, key)
        assert "Made with" not in html
        assert "assets/images/logo.svg" in html


def test_visitors_get_no_edit_links(built_site: Path) -> None:
    for path in ("index.html", "cases/amara-n-c6/index.html", "evidence/index.html"):
        html = _page(built_site, path)
        assert "md-content__button" not in html and "/edit/" not in html, path


def test_pages_say_when_they_were_last_reviewed(built_site: Path) -> None:
    html = _page(built_site, "candidates/index.html")
    assert f"Last reviewed: <time>{CLINIC['reviewed']}</time>" in html


def test_a_reviewed_page_names_its_reviewer_and_next_review_in_months(built_site: Path) -> None:
    evidence = _page(built_site, "evidence/index.html")
    assert (
        '<p class="cb-reviewed">Last clinically reviewed: <time>2026-11</time>, by Medical '
        "director (fictional demo reviewer). Next review due: <time>2027-05</time>.</p>"
    ) in evidence
    case = _page(built_site, "cases/carlos-m-t12/index.html")
    # A case page shows years: no date from a case file, to the month, appears on the site.
    assert (
        "Last clinically reviewed: <time>2025</time>, by Rehabilitation physician, Dr M. "
        "Haddad. Next review due: <time>2027</time>."
    ) in case
    assert "Last reviewed:" not in case


def test_a_case_and_a_facet_page_lead_back_to_the_case_list(built_site: Path) -> None:
    case = _page(built_site, "cases/amara-n-c6/index.html")
    assert re.search(rf'<a href="\.\./">Case studies</a> {SEP} Amara N\.', case)
    facet = _page(built_site, "cases/ais/a/index.html")
    assert re.search(rf'<a href="\.\./\.\./">Case studies</a> {SEP} AIS A', facet)


def test_empty_facets_are_not_links(built_site: Path) -> None:
    html = _page(built_site, "cases/index.html")
    assert "Sacral (0)" in html
    assert 'href="region/sacral/"' not in html


def test_the_404_page_helps_and_works_under_the_site_url(built_site: Path) -> None:
    html = _page(built_site, "404.html")
    assert "Page not found" in html
    base = SETTINGS["site_url"].split("://", 1)[1].split("/", 1)[1]
    prefix = "/" + base
    assert f'href="{prefix}cases/"' in html and f'href="{prefix}results/"' in html
    assert f'href="{prefix}assets/stylesheets/casebook.css"' in html


def test_the_estimator_script_loads_on_the_cost_page_only(built_site: Path) -> None:
    assert "casebook-cost.js" in _page(built_site, "cost/index.html")
    for path in ("index.html", "cases/amara-n-c6/index.html", "results/index.html"):
        assert "casebook-cost.js" not in _page(built_site, path), path


def test_the_search_dialog_has_a_name(built_site: Path) -> None:
    html = _page(built_site, "index.html")
    assert 'role="dialog" aria-label="Search"' in html


def test_generated_markup_keeps_no_markdown_attribute_or_empty_tabindex(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert ' markdown="' not in html, path
        assert 'tabindex=""' not in html, path


def test_text_files_have_compressed_copies(built_site: Path) -> None:
    for name in ("index.html", "cases/amara-n-c6/index.html", "pagefind/pagefind.js"):
        assert (built_site / f"{name}.gz").is_file() and (built_site / f"{name}.br").is_file()
