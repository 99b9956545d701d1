"""Compressed copies beside a built site's text files: exact, deterministic, only where useful."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest

from generator.engine.precompress import (
    MIN_BYTES,
    CompressionError,
    PageStream,
    precompress,
)


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


def test_a_stream_writes_the_same_copies_as_the_site_pass(tmp_path: Path) -> None:
    streamed, walked = _site(tmp_path / "streamed"), _site(tmp_path / "walked")
    stream = PageStream()
    for name in ("index.html", "cases/new/index.html", "tiny.js"):
        source = walked / name
        data = source.read_bytes() if source.exists() else b"<p>new page</p>" * 100
        stream.send(streamed / name, data)  # the new page's folder does not exist yet
        for folder in (walked, streamed):  # as MkDocs writes the page
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    done = stream.finish()
    assert done == {streamed / "index.html", streamed / "cases/new/index.html"}  # not tiny.js
    assert precompress(streamed, done) == 1  # the stylesheet, which was not streamed
    assert precompress(walked) == 3
    for name in ("index.html.gz", "index.html.br", "cases/new/index.html.br"):
        assert (streamed / name).read_bytes() == (walked / name).read_bytes()


def test_a_failing_stream_says_which_file_and_why(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the page's folder should be")
    stream = PageStream()
    stream.send(blocked / "index.html", b"x" * MIN_BYTES)
    with pytest.raises(CompressionError, match="not-a-folder: File exists"):
        for _ in range(100):  # the child may have gone while these were sent
            stream.send(blocked / "index.html", b"x" * 100_000)
        stream.finish()


def test_an_aborted_stream_leaves_nothing_running(tmp_path: Path) -> None:
    stream = PageStream()
    stream.send(tmp_path / "index.html", b"x" * MIN_BYTES)
    stream.abort()
    assert stream.finish() == set()


def test_folders_left_out_are_left_alone(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind.js").write_text("let x = 1;\n" * 200)
    assert precompress(site, leaving_out={"pagefind"}) == 2
    assert not (site / "pagefind" / "pagefind.js.gz").exists()
    assert (site / "index.html.gz").exists()


def test_a_stream_compresses_a_file_it_reads_itself_before_it_is_copied(tmp_path: Path) -> None:
    theme = _site(tmp_path / "theme")
    site, walked = tmp_path / "site", _site(tmp_path / "walked")
    stream = PageStream()
    stream.send_file(theme / "cases" / "style.css", site / "assets" / "style.css")
    stream.send_file(theme / "tiny.js", site / "tiny.js")  # too small to be worth it
    assert stream.finish() == {site / "assets" / "style.css"}
    precompress(walked)
    for suffix in (".gz", ".br"):
        copy = (site / "assets" / f"style.css{suffix}").read_bytes()
        assert copy == (walked / "cases" / f"style.css{suffix}").read_bytes()
    assert not (site / "tiny.js.gz").exists()
