"""Finding and loading every case and protocol of a site, all problems gathered in one pass."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.catalog import cross_file_problems
from generator.errors import ConfigError, Problem
from generator.load import Sourced, load_case, load_protocol
from generator.models import Case, Protocol


@dataclass(frozen=True)
class Layout:
    """Where a site keeps its files.

    Attributes:
        root: The site root (the folder of ``mkdocs.yml``); problems name files relative to it.
        cases_dir: The folder of ``<id>.yml`` case files.
        docs_dir: The MkDocs docs_dir.
        protocols_dir: The folder of protocol pages, inside ``docs_dir``.
        templates_dir: The folder of template overrides, if the site has one.
    """

    root: Path
    cases_dir: Path
    docs_dir: Path
    protocols_dir: Path
    templates_dir: Path | None = None

    def display(self, path: Path) -> str:
        """Name ``path`` relative to the site root when it is inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass
class Project:
    """Everything loaded from a site.

    Attributes:
        cases: Cases valid on their own.
        protocols: Protocols valid on their own.
        problems: Every problem, of every file, including cross-file ones.
    """

    cases: list[Sourced[Case]] = field(default_factory=list)
    protocols: list[Sourced[Protocol]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


T = TypeVar("T")
_Entry = tuple[bytes, Any, list[Problem]]


class ProjectLoader:
    """Loads a site, re-parsing only files whose content changed since the last load.

    ``mkdocs serve`` rebuilds after every edit; keeping one loader across rebuilds makes a
    reload cost one file's parse and validation instead of every file's.
    """

    def __init__(self) -> None:
        self._cache: dict[Path, _Entry] = {}

    def load(self, layout: Layout) -> Project:
        """Load every case and protocol of ``layout`` and check them together."""
        project = Project()
        for path in _files(layout.protocols_dir, ".md"):
            protocol, problems = self._load(path, layout, load_protocol)
            project.problems += problems
            if protocol is not None:
                project.protocols.append(protocol)
        project.problems += _misnamed_cases(layout)
        for path in _files(layout.cases_dir, ".yml"):
            case, problems = self._load(path, layout, load_case)
            project.problems += problems
            if case is not None:
                project.cases.append(case)
        project.problems += cross_file_problems(project.cases, project.protocols)
        project.problems.sort()
        return project

    def _load(
        self, path: Path, layout: Layout, loader: Callable[[Path, str], tuple[T, list[Problem]]]
    ) -> tuple[T, list[Problem]]:
        digest = _digest(path)
        cached = self._cache.get(path)
        # A case with a photo also depends on that file, so it is always checked afresh.
        if cached is not None and digest and cached[0] == digest and not _has_photo(cached[1]):
            return cached[1], cached[2]
        result, problems = loader(path, layout.display(path))
        self._cache[path] = (digest, result, problems)
        return result, problems


def _digest(path: Path) -> bytes:
    """Return the SHA-256 of a file, or ``b""`` when it cannot be read (the loader says why)."""
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b""


def _files(folder: Path, suffix: str) -> list[Path]:
    """Return the files of ``folder`` ending in ``suffix``, without hidden files (editor locks)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{suffix}") if not p.name.startswith("."))


def _misnamed_cases(layout: Layout) -> list[Problem]:
    # A case saved as .yaml would silently never be published; say so instead.
    return [
        Problem(layout.display(path), 1, 1, "(file)", "case files end in .yml; rename it")
        for path in _files(layout.cases_dir, ".yaml")
    ]


def _has_photo(sourced: object) -> bool:
    model = sourced.model if isinstance(sourced, Sourced) else None
    return isinstance(model, Case) and model.patient.photo is not None


def build_date() -> dt.date:
    """Return the date a build treats as today: ``SOURCE_DATE_EPOCH`` when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError):
            raise ConfigError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    return dt.datetime.now(tz=dt.UTC).date()
