"""One Pagefind index from one run per language (engine/merged_index.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.engine.merged_index import ENTRY_FILE, MergeError, merge_index


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
