"""Clearing generated pages that a build no longer writes from the site folder.

``mkdocs build --dirty`` and ``mkdocs serve --dirty`` (``make serve``) write into a site folder
that still holds the previous build; without ``--dirty`` MkDocs empties it first. The page of
a case that was withdrawn since, or whose consent was revoked, would stay there and be
published with the next upload; so would the facet page that listed it.
"""

from __future__ import annotations

import os
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
        if base.is_dir() and not base.is_symlink():
            removed += _clear(str(base), f"{PurePosixPath(folder)}/", written)[0]
    return removed


def _clear(folder: str, prefix: str, written: Collection[str]) -> tuple[list[str], bool]:
    """Remove the stale files under ``folder`` and the folders they leave empty.

    Each folder is read once (``os.scandir`` tells folders, files and links apart without a
    system call each: a reload of ``make serve`` looks at every case's folder). Links are
    never followed: a link is removed only if its name is a stale file's.

    Args:
        folder: The folder, as the system names it.
        prefix: Its ``/``-separated path inside the site, ending in ``/``.
        written: Every file this build wrote.

    Returns:
        The removed files, as paths inside the site, and whether the folder still holds any.
    """
    removed: list[str] = []
    holds = False
    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            gone, kept = _clear(entry.path, relative + "/", written)
            removed += gone
            if kept:
                holds = True
            else:
                Path(entry.path).rmdir()
        elif _stale(relative, written):
            Path(entry.path).unlink()
            removed.append(relative)
        else:
            holds = True
    return removed, holds


def _stale(relative: str, written: Collection[str]) -> bool:
    """Tell whether a generated file, or a compressed copy of one, is left from an earlier build."""
    original = relative
    for copy in _COPY_SUFFIXES:
        original = original.removesuffix(copy)
    return PurePosixPath(original).suffix in _GENERATED_SUFFIXES and original not in written
