"""Compressed copies of a built site's text files, for hosts that serve them as they are.

nginx (``gzip_static``, ``brotli_static``), Caddy (``precompressed``) and several static hosts
send ``index.html.gz`` or ``index.html.br`` to a browser that accepts it instead of compressing
on every request. The copies are written with fixed settings and no timestamp, so two builds of
the same sources stay byte-identical.

A build renders its pages on one core; :class:`PageStream` hands each finished page to a child
process that compresses it on another core meanwhile, and :func:`precompress` then does the
files the stream did not see (the theme's assets, the sitemap, the search index).
"""

from __future__ import annotations

import struct
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO

import brotli
from zlib_ng import zlib_ng

from generator.content.errors import CasebookError

# Brotli's quality 6: measured on the pages of a 2,000-case site, 13% larger than quality 11 but
# about 60 times faster (0.5 s against 29 s for 400 pages); 11 would add minutes to a build.
BROTLI_QUALITY = 6
# gzip's default level 6: on the same pages 0.5% larger than level 9 and a third faster
# (2.0 s against 3.0 s for 2,099 pages, 75 MB). zlib-ng writes the same format as the standard
# library's zlib, 0.1% larger at that level and 45% faster (0.40 s against 0.72 s for the 1,065
# pages of a 1,000-case site, 40 MB): a build in two languages compresses on both cores.
GZIP_LEVEL = 6
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"})
# Below this size a compressed copy saves less than a network packet.
MIN_BYTES = 1024
# A frame on the stream: the lengths of the path (UTF-8), of the file's bytes and of the path of
# a file to read them from instead (the theme's assets, sent before they are copied).
_HEADER = struct.Struct("<III")


def precompress(
    site_dir: Path, done: Collection[Path] = (), leaving_out: Collection[str] = ()
) -> int:
    """Write ``.gz`` and ``.br`` beside every text file of ``site_dir`` worth compressing.

    Args:
        site_dir: The built site.
        done: Files whose copies a :class:`PageStream` wrote already.
        leaving_out: Top-level folders of ``site_dir`` to leave alone (the search index,
            which Pagefind may be writing meanwhile).

    Returns:
        How many files were compressed.
    """
    count = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or path in done or not path.is_file():
            continue
        if path.relative_to(site_dir).parts[0] in leaving_out:
            continue
        count += write_copies(path, path.read_bytes())
    return count


def write_copies(path: Path, data: bytes) -> bool:
    """Write the ``.gz`` and ``.br`` copies of ``data``, the content of ``path``.

    Returns:
        Whether ``data`` was large enough to be worth compressing.
    """
    if len(data) < MIN_BYTES:
        return False
    _write_if_changed(path.with_name(path.name + ".gz"), _gzip(data))
    brotli_copy = brotli.compress(data, quality=BROTLI_QUALITY)
    _write_if_changed(path.with_name(path.name + ".br"), brotli_copy)
    return True


def _gzip(data: bytes) -> bytes:
    # wbits 31: a gzip member with no name and no time in its header, as gzip.compress(mtime=0).
    return zlib_ng.compress(data, GZIP_LEVEL, wbits=31)


def _write_if_changed(path: Path, data: bytes) -> None:
    # Leaves an unchanged copy alone, so `mkdocs build --dirty` does not touch every file.
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


class CompressionError(CasebookError):
    """The process compressing pages failed (reported as one line, like every user error)."""


class PageStream:
    """Compresses pages in a child process while the build goes on rendering the next ones.

    The child reads frames from a pipe; a full pipe makes :meth:`send` wait, so pages never
    pile up in memory when the child falls behind.
    """

    def __init__(self) -> None:
        self._child: subprocess.Popen[bytes] | None = None
        self.sent: set[Path] = set()

    def send(self, path: Path, data: bytes) -> None:
        """Compress ``data``, the content ``path`` is about to be written with."""
        if len(data) >= MIN_BYTES:
            self._frame(path, data, b"")

    def send_file(self, source: Path, path: Path) -> None:
        """Compress the file ``source``, which is to be copied to ``path``.

        The child reads it: the build does not wait while a large file is compressed.
        """
        if source.stat().st_size >= MIN_BYTES:
            self._frame(path, b"", str(source).encode("utf-8", "surrogateescape"))

    def _frame(self, path: Path, data: bytes, source: bytes) -> None:
        if self._child is None:
            self._child = subprocess.Popen(
                [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stderr=subprocess.PIPE
            )
        assert self._child.stdin is not None  # opened with stdin=PIPE
        name = str(path).encode("utf-8", "surrogateescape")
        try:
            header = _HEADER.pack(len(name), len(data), len(source))
            self._child.stdin.write(header + name + data + source)
        except BrokenPipeError:
            self.finish()  # raises with the child's own message
        self.sent.add(path)

    def finish(self) -> set[Path]:
        """Wait until every page sent is compressed; return their paths.

        Raises:
            CompressionError: The child failed; its last message says why.
        """
        child, self._child = self._child, None
        sent, self.sent = self.sent, set()
        if child is None:
            return sent
        try:
            _, errors = child.communicate()
        except BrokenPipeError:  # the child is gone: its exit status says why
            errors = child.stderr.read() if child.stderr else b""
            child.wait()
        if child.returncode != 0:
            lines = errors.decode("utf-8", "replace").strip().splitlines() or ["no reason given"]
            raise CompressionError(f"the pages could not be compressed: {lines[-1]}")
        return sent

    def abort(self) -> None:
        """Stop the child without waiting for its work (the build failed)."""
        child, self._child = self._child, None
        self.sent = set()
        if child is not None:
            child.kill()
            child.communicate()


def _serve(frames: BinaryIO) -> None:
    """Write the copies of every file framed on ``frames``, until the frames end."""
    while header := frames.read(_HEADER.size):
        name_length, data_length, source_length = _HEADER.unpack(header)
        path = Path(frames.read(name_length).decode("utf-8", "surrogateescape"))
        data = frames.read(data_length)
        if source_length:
            data = Path(frames.read(source_length).decode("utf-8", "surrogateescape")).read_bytes()
        path.parent.mkdir(parents=True, exist_ok=True)  # before MkDocs writes the page itself
        write_copies(path, data)


if __name__ == "__main__":
    try:
        _serve(sys.stdin.buffer)
    except OSError as error:  # a full disk, a folder gone: one line for the parent to report
        sys.exit(f"{error.filename or ''}: {error.strerror or error}")
