"""Finding and loading every case and protocol of a site, all problems gathered in one pass."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.catalog import cross_file_problems
from generator.errors import ConfigError, Problem, cap_problems, one_line, processing
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

    def check(self) -> None:
        """Refuse folder settings that would publish private files or mix sources and output.

        Raises:
            ConfigError: Naming the setting to change.
        """
        docs = self.docs_dir
        if _within(self.cases_dir, docs) or _within(docs, self.cases_dir):
            raise ConfigError(
                f"cases_dir {self.display(self.cases_dir)!r} overlaps docs_dir "
                f"{self.display(docs)!r}: every raw case file (drafts and consent references "
                "included) would be published; keep the case files outside docs_dir"
            )
        if not _within(self.protocols_dir, docs):
            raise ConfigError(
                f"protocols_dir {self.display(self.protocols_dir)!r} must be inside docs_dir "
                f"{self.display(docs)!r}: protocol pages are pages of the site"
            )
        if self.templates_dir is not None and _within(self.templates_dir, docs):
            raise ConfigError(
                f"templates_dir {self.display(self.templates_dir)!r} is inside docs_dir; "
                "templates would be published as files: keep them outside, in the theme folder"
            )

    def display(self, path: Path) -> str:
        """Name ``path`` relative to the site root when it is inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def _within(path: Path, folder: Path) -> bool:
    """Tell whether ``path`` is ``folder`` or inside it, following symbolic links."""
    return path.resolve().is_relative_to(folder.resolve())


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
        """Load every case and protocol of ``layout`` and check them together.

        A file that fails any check, its own or one against other files, is left out of
        ``cases`` and ``protocols``: nothing after this step ever sees it.
        """
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
        invalid = {p.stem for p in _files(layout.protocols_dir, ".md")}
        invalid -= {p.model.id for p in project.protocols}
        cross = cross_file_problems(project.cases, project.protocols, invalid)
        failed = {problem.path for problem in cross}
        project.cases = [c for c in project.cases if c.source not in failed]
        project.protocols = [p for p in project.protocols if p.source not in failed]
        project.problems = sorted([*project.problems, *cross])
        return project

    def _load(
        self, path: Path, layout: Layout, loader: Callable[[Path, str], tuple[T, list[Problem]]]
    ) -> tuple[T | None, list[Problem]]:
        source = layout.display(path)
        outside = outside_problem(path, layout.root, source)
        if outside is not None:
            self._cache.pop(path, None)
            return None, [outside]
        digest = _digest(path)
        cached = self._cache.get(path)
        # A case with a photo also depends on that file, so it is always checked afresh.
        if cached is not None and digest and cached[0] == digest and not _has_photo(cached[1]):
            return cached[1], cached[2]
        with processing(source):
            result, problems = loader(path, source)
        problems = cap_problems(problems)
        self._cache[path] = (digest, result, problems)
        return result, problems


def outside_problem(path: Path, root: Path, source: str) -> Problem | None:
    """Refuse a file that is a symbolic link leading out of the site (it could be anything).

    Args:
        path: A file of the site.
        root: The site root.
        source: The file's name in problems.

    Returns:
        The problem, or ``None`` when the file resolves inside the site.
    """
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        inside = False
    if inside:
        return None
    message = "is a symbolic link that leads out of the site; copy the file in instead"
    return Problem(source, 1, 1, "(file)", message)


def _digest(path: Path) -> bytes:
    """Return the SHA-256 of a regular file, or ``b""`` otherwise (the loader says why)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return b""  # a FIFO would block here
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
            date = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            date = None
        if date is None or not 1970 <= date.year < 3000:
            message = f"SOURCE_DATE_EPOCH={one_line(epoch)!r} is not a Unix timestamp (seconds"
            raise ConfigError(f"{message} since 1970, such as 1795000000); fix or unset it")
        return date
    return dt.datetime.now(tz=dt.UTC).date()


def nav_sources(nav: Any) -> list[str]:
    """Return every page path listed in a ``nav`` setting, at any depth."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in nav_sources(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in nav_sources(item)]
    return []
