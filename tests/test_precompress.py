"""Compressed copies beside a built site's text files: exact, deterministic, only where useful."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from generator.engine.precompress import MIN_BYTES, precompress


def _site(root: Path) -> Path:
    (root / "cases").mkdir(parents=True)
    (root / "index.html").write_text("<p>hello</p>" * 200)
    (root / "cases" / "style.css").write_text("a { color: red; }\n" * 100)
    (root / "tiny.js").write_text("1;")
    (root / "photo.jpg").write_bytes(b"\xff\xd8" * 1000)
    return root


def test_text_files_get_gzip_and_brotli_copies(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    assert precompress(site) == 2
    for name in ("index.html", "cases/style.css"):
        original = (site / name).read_bytes()
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == original
        assert brotli.decompress((site / f"{name}.br").read_bytes()) == original
    assert not (site / "tiny.js.gz").exists()  # smaller than MIN_BYTES
    assert len("1;") < MIN_BYTES
    assert not (site / "photo.jpg.gz").exists()


def test_copies_are_the_same_bytes_every_time(tmp_path: Path) -> None:
    first, second = _site(tmp_path / "a"), _site(tmp_path / "b")
    precompress(first)
    precompress(second)
    for name in ("index.html.gz", "index.html.br"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_an_unchanged_copy_is_not_written_again(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    precompress(site)
    copy = site / "index.html.gz"
    before = copy.stat().st_mtime_ns
    precompress(site)
    assert copy.stat().st_mtime_ns == before
