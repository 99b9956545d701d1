"""Site search with Pagefind: which pages the index holds, and what it keeps of them."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.engine import site_search
from generator.engine.core_shares import core_shares
from generator.engine.merged_index import ENTRY_FILE
from generator.engine.site_search import SKIPPED, Language, index_folders, index_site, page_glob
from tests.conftest import ROOT, indexed_pages, published_sample_cases
from tests.factories import case_files


def test_the_glob_names_every_page_but_the_theme_s_own_and_the_assets(tmp_path: Path) -> None:
    for name in ("index.html", "404.html", "cases/a/index.html", "assets/x.html", "pagefind/p.html",
                 "odd{name}/index.html", "sitemap.xml"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<html></html>")
    assert "404.html" in SKIPPED
    assert page_glob(tmp_path) == "{cases/**/*.html,index.html,odd\\{name\\}/**/*.html}"


def test_the_index_holds_every_published_case_and_nothing_unpublished(built_site: Path) -> None:
    pages = indexed_pages(built_site)
    listings = {"region", "ais", "protocol", "country", "page"}
    indexed = {u.split("/")[2] for u in pages if u.startswith("/cases/") and u.count("/") == 3}
    every_case = {path.stem for path in case_files(ROOT / "cases")}
    published = {case.id for case in published_sample_cases()}
    assert published < every_case  # the sample has cases that must not be published
    assert indexed - listings == published
    assert "/404.html" not in pages and "/" in pages and "/results/" in pages


def test_case_pages_carry_their_filters(built_site: Path) -> None:
    page = indexed_pages(built_site)["/cases/mei-c-c6/"]
    assert page["filters"] == {
        "region": ["Cervical"],
        "ais": ["A"],
        "protocol": ["UC-MSC by IV, lumbar puncture and CT-guided intraspinal injection"],
        "country": ["Singapore"],
    }
    assert page["meta"]["title"] == "Complete C6 injury unchanged six months after treatment"


def test_charts_permalinks_and_card_lists_stay_out_of_the_index(built_site: Path) -> None:
    pages = indexed_pages(built_site)
    case = pages["/cases/daniel-ferreira-t10/"]["content"]
    assert "Daniel has a motor-incomplete injury at T10" in case  # the story is indexed
    assert "The timeline chart as text" not in case and "¶" not in case
    assert "Timeline of this case in weeks" not in case
    listing = pages["/cases/"]["content"]
    assert "treated in 2024" not in listing  # the cards repeat the case pages
    assert "Case studies" in pages["/cases/"]["meta"]["title"]


def test_what_every_case_page_repeats_stays_out_but_its_facts_stay_in(built_site: Path) -> None:
    # Repeated tables and disclosures made up most of Pagefind's memory at 5,000 cases.
    case = indexed_pages(built_site)["/cases/mei-c-c6/"]["content"]
    assert "Mei has a complete injury at C6 from a diving accident" in case
    assert "Singapore" in case and "C6" in case
    assert "This is one patient's experience, not a typical result" not in case
    assert "Regulatory status" not in case
    assert "within measurement variation" not in case  # the measures' explanation
    assert "Upper-extremity motor score" not in case  # the measures table
    assert "not medical advice" not in case
    assert "Weeks after the first treatment" not in case


def test_the_glob_leaves_out_other_languages_folders(tmp_path: Path) -> None:
    for name in ("index.html", "cases/a/index.html", "es/index.html", "es/cases/a/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<html></html>")
    assert page_glob(tmp_path, ["es"]) == "{cases/**/*.html,index.html}"
    languages = [Language("en"), Language("es", "es"), Language("pt", "pt")]
    assert index_folders(languages) == ["pagefind", ".pagefind-es", ".pagefind-pt"]
    assert index_folders(languages[:1]) == ["pagefind"]


def _page(path: Path, language: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<html lang="{language}"><body><article class="md-content__inner">'
        f"<h1>{text}</h1><p>{text}</p></article></body></html>",
        encoding="utf-8",
    )


def _fragments(output: Path) -> dict[str, str]:
    """Return each indexed page's URL and the language of its fragment file."""
    found = {}
    for path in (output / "fragment").glob("*.pf_fragment"):
        page = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[page["url"]] = path.name.split("_")[0]
    return found


def test_each_language_s_pages_are_indexed_in_it_into_one_index(tmp_path: Path) -> None:
    _page(tmp_path / "index.html", "en", "Walking again after rehabilitation")
    _page(tmp_path / "cases" / "a" / "index.html", "en", "Hand function improved")
    _page(tmp_path / "es" / "index.html", "es", "Caminar de nuevo tras la rehabilitación")
    _page(tmp_path / "es" / "cases" / "a" / "index.html", "es", "Mejoró la función de la mano")
    index = index_site(tmp_path, [Language("en"), Language("es", "es")])
    assert index.pages == 4
    entry = json.loads((index.folder / ENTRY_FILE).read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en", "es"]
    assert [info["page_count"] for info in entry["languages"].values()] == [2, 2]
    assert _fragments(index.folder) == {
        "/": "en", "/cases/a/": "en", "/es/": "es", "/es/cases/a/": "es",
    }  # fmt: skip
    assert (index.folder / "wasm.es.pagefind").is_file()
    assert not (tmp_path / ".pagefind-es").exists()  # moved into the one index


@dataclass(frozen=True)
class _Started:
    """A Pagefind run as it was started: its language and the cores it inherited."""

    language: str
    cores: frozenset[int] | None


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[_Started]:
    """Every Pagefind run that index_site starts, noted as it starts (the run goes on)."""
    runs: list[_Started] = []
    start = site_search._start

    def noted(command: list[str]) -> subprocess.Popen[str]:
        cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        language = command[command.index("--force-language") + 1]
        runs.append(_Started(language, frozenset(cores) if cores is not None else None))
        return start(command)

    monkeypatch.setattr(site_search, "_start", noted)
    return runs


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no pinning to cores here")
def test_each_language_s_run_starts_on_its_own_share_of_the_cores(
    tmp_path: Path, started: list[_Started]
) -> None:
    before = os.sched_getaffinity(0)
    if len(before) < 2:
        pytest.fail("this machine has one core: the shares cannot be checked")
    _page(tmp_path / "index.html", "en", "Walking again after rehabilitation")
    _page(tmp_path / "es" / "index.html", "es", "Caminar de nuevo tras la rehabilitación")
    assert index_site(tmp_path, [Language("en"), Language("es", "es")]).pages == 2
    assert [run.cores for run in started] == core_shares(2)
    assert os.sched_getaffinity(0) == before


def test_the_site_language_is_indexed_before_the_others_are_ready(
    tmp_path: Path, started: list[_Started]
) -> None:
    _page(tmp_path / "index.html", "en", "Walking again after rehabilitation")
    started_when_ready: list[str] = []

    def write_the_spanish_pages() -> None:  # as a forked process finishes them meanwhile
        started_when_ready.extend(run.language for run in started)
        _page(tmp_path / "es" / "index.html", "es", "Caminar de nuevo tras la rehabilitación")

    languages = [Language("en"), Language("es", "es")]
    index = index_site(tmp_path, languages, ready=write_the_spanish_pages)
    assert started_when_ready == ["en"]
    assert index.pages == 2
    assert _fragments(index.folder) == {"/": "en", "/es/": "es"}


def test_other_pages_that_fail_leave_no_index(tmp_path: Path) -> None:
    _page(tmp_path / "index.html", "en", "Walking again after rehabilitation")

    def fail() -> None:
        raise RuntimeError("the Spanish pages failed")

    with pytest.raises(RuntimeError, match="the Spanish pages failed"):
        index_site(tmp_path, [Language("en"), Language("es", "es")], ready=fail)
    assert not (tmp_path / "pagefind").exists()
    assert not (tmp_path / ".pagefind-es").exists()


def test_a_language_without_pages_is_left_out(tmp_path: Path) -> None:
    # Pagefind fails when its glob finds no page; the other languages are indexed all the same.
    _page(tmp_path / "index.html", "en", "Walking again after rehabilitation")
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "feed.xml").write_text("<rss/>", encoding="utf-8")
    index = index_site(tmp_path, [Language("en"), Language("es", "es")])
    assert index.pages == 1
    entry = json.loads((index.folder / ENTRY_FILE).read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
