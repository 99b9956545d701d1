"""One Pagefind index from one run per language (engine/merged_index.py)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.engine.merged_index import ENTRY_FILE, MergeError, merge_index
from generator.engine.site_search import Language, index_site


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


def _index(folder: Path, language: str, script: str = "let pagefind;") -> Path:
    folder.mkdir(parents=True)
    entry = {"version": "1.5.2", "languages": {language: {"hash": f"{language}_1"}}}
    (folder / ENTRY_FILE).write_text(json.dumps(entry), encoding="utf-8")
    (folder / "pagefind.js").write_text(script, encoding="utf-8")
    (folder / "fragment").mkdir()
    (folder / "fragment" / f"{language}_1.pf_fragment").write_bytes(b"x")
    return folder


def test_indexes_merge_their_files_and_languages(tmp_path: Path) -> None:
    target = _index(tmp_path / "pagefind", "en")
    merge_index(_index(tmp_path / "other", "es"), target)
    assert not (tmp_path / "other").exists()
    names = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert names == [
        "fragment/en_1.pf_fragment", "fragment/es_1.pf_fragment", ENTRY_FILE, "pagefind.js",
    ]  # fmt: skip
    entry = json.loads((target / ENTRY_FILE).read_text(encoding="utf-8"))
    assert entry["languages"] == {"en": {"hash": "en_1"}, "es": {"hash": "es_1"}}


def test_indexes_of_one_language_or_with_different_scripts_do_not_merge(tmp_path: Path) -> None:
    target = _index(tmp_path / "pagefind", "en")
    with pytest.raises(MergeError, match="cannot be merged"):
        merge_index(_index(tmp_path / "same", "en"), target)
    with pytest.raises(MergeError, match=r"pagefind\.js differs"):
        merge_index(_index(tmp_path / "other", "es", script="let other;"), target)
