"""Pagefind's filter and metadata files are rewritten so that one site gives one index."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import cbor2

from generator.engine.site_search import index_site
from tests.conftest import built_files


def _filters(output: Path) -> dict[str, list[str]]:
    found = {}
    for path in (output / "filter").glob("*.pf_filter"):
        name, values = cbor2.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        found[name] = [value for value, _ in values]
    return found


def test_two_indexes_of_one_site_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    copies = []
    for name in ("one", "two"):
        copy = tmp_path / name
        shutil.copytree(built_site, copy)
        index = index_site(copy)
        assert index.pages > 40
        copies.append(built_files(index.folder))
    assert copies[0] == copies[1]
    filters = _filters(tmp_path / "one" / "pagefind")
    assert set(filters) == {"region", "ais", "protocol", "country"}
    assert all(values == sorted(values) for values in filters.values())
    assert filters["ais"] == ["A", "B", "C", "D"]
