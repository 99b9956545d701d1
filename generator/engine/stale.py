"""Clearing generated pages that a build no longer writes from the site folder.

``mkdocs build --dirty`` and ``mkdocs serve --dirty`` (``make serve``) write into a site folder
that still holds the previous build; without ``--dirty`` MkDocs empties it first. The page of
a case that was withdrawn since, or whose consent was revoked, would stay there and be
published with the next upload; so would the facet page that listed it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path, PurePosixPath

GENERATED_FOLDERS = ("cases",)
# What we write there: pages and cleaned photos. Another plugin's files are left alone.
_GENERATED_SUFFIXES = (".html", ".jpg", ".png")
# Compressed copies written beside the files after a build (engine/precompress.py).
_COPY_SUFFIXES = (".gz", ".br")


def remove_stale(site_dir: Path, folders: Iterable[str], written: Collection[str]) -> list[str]:
    """Delete generated files under ``folders`` of ``site_dir`` that this build did not write.

    Args:
        site_dir: The built site.
        folders: Folders of the site that hold generated pages, such as ``cases``.
        written: Every file this build wrote, as ``/``-separated paths inside ``site_dir``.

    Returns:
        The removed files, as paths inside ``site_dir``.
    """
    removed = []
    for folder in folders:
        base = site_dir / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.rglob("*"), reverse=True):  # a folder's files before the folder
            relative = path.relative_to(site_dir).as_posix()
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif _stale(relative, written):
                path.unlink()
                removed.append(relative)
    return removed


def _stale(relative: str, written: Collection[str]) -> bool:
    """Tell whether a generated file, or a compressed copy of one, is left from an earlier build."""
    original = relative
    for copy in _COPY_SUFFIXES:
        original = original.removesuffix(copy)
    return PurePosixPath(original).suffix in _GENERATED_SUFFIXES and original not in written
