"""Finding and loading every case and protocol of a site, all problems gathered in one pass."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.content.errors import Problem, cap_problems, processing
from generator.content.forking import fork_map
from generator.content.layout import Layout
from generator.content.load import Sourced, load_case, load_protocol
from generator.content.models import Case, Protocol
from generator.content.references import cross_file_problems
from generator.content.translations import (
    Translation,
    load_translation,
    outdated_problem,
    translation_name,
)


@dataclass
class Project:
    """Everything loaded from a site.

    Attributes:
        cases: Cases valid on their own.
        protocols: Protocols valid on their own.
        problems: Every problem, of every file, including cross-file ones.
        translations: The valid translations of valid cases, by language, then case id.
        outdated: One notice per translation made from an earlier version of its case file.
    """

    cases: list[Sourced[Case]] = field(default_factory=list)
    protocols: list[Sourced[Protocol]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    translations: dict[str, dict[str, Translation]] = field(default_factory=dict)
    outdated: list[Problem] = field(default_factory=list)


T = TypeVar("T")
J = TypeVar("J")
R = TypeVar("R")
_Entry = tuple[bytes, Any, list[Problem]]
# A translation as loaded: its language, the translation if valid, and its problems.
_Translated = tuple[str, Translation | None, list[Problem]]
# A case file as loaded, if valid, with its problems; and its translations.
_WithTranslations = tuple[tuple[Sourced[Case] | None, list[Problem]], list[_Translated]]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ProjectLoader:
    """Loads a site, re-parsing only files whose content changed since the last load.

    ``mkdocs serve`` rebuilds after every edit; keeping one loader across rebuilds makes a
    reload cost one file's parse and validation instead of every file's.
    """

    def __init__(self, workers: int = 1) -> None:
        """Make a loader.

        Args:
            workers: Processes that load case files at once: the command line and
                ``mkdocs build`` use every core; ``mkdocs serve`` (threads, a cache of
                parsed files) one.
        """
        self._cache: dict[Path, _Entry] = {}
        self.workers = workers

    def load(self, layout: Layout, languages: tuple[str, ...] | None = None) -> Project:
        """Load every case and protocol of ``layout`` and check them together.

        A file that fails any check, its own or one against other files, is left out of
        ``cases`` and ``protocols``: nothing after this step ever sees it. Translations
        (``<id>.<lang>.yml``) are loaded for the site's other ``languages`` and checked against
        their valid case file; ``None`` (the site's languages are not known) skips them.
        """
        # Loading makes hundreds of thousands of small objects that all stay alive (values
        # and their positions), none in a reference cycle: Python's cycle collector would
        # walk them again and again for nothing, a quarter of the load at 2,000 cases.
        with _collector_paused():
            project = Project()
            wanted = {} if languages is None else _wanted(project, layout, languages)
            translated = self._load_all(project, layout, wanted)
            _keep_translations(project, translated)
            return project

    def _each(self, items: Sequence[J], load: Callable[[J], R]) -> list[R]:
        """Return ``[load(item) for item in items]``; from ``PARALLEL_FROM`` items, on every core.

        Parsing and validating is pure Python work that one process does on one core: with
        two cores, the second half of 2,000 files loads in a forked process while this one
        loads the first half (content/forking.py). Results come back in file order.
        """
        workers = self.workers if len(items) >= PARALLEL_FROM else 1
        size = -(-len(items) // max(workers, 1)) or 1
        chunks = [items[start : start + size] for start in range(0, len(items), size)]
        loaded = fork_map(lambda chunk: [load(item) for item in chunk], chunks, workers)
        return [result for chunk in loaded for result in chunk]

    def _load_all(
        self, project: Project, layout: Layout, wanted: Mapping[str, list[tuple[Path, str]]]
    ) -> list[tuple[Sourced[Case], list[_Translated]]]:
        """Load the protocols and cases into ``project``; return each valid case's translations."""
        for path in _files(layout.protocols_dir, ".md"):
            protocol, problems = self._load(path, layout, load_protocol)
            project.problems += problems
            if protocol is not None:
                project.protocols.append(protocol)
        project.problems += _misnamed_cases(layout)
        translated = []
        cases = _files(layout.cases_dir, ".yml")
        for (case, problems), translations in self._load_cases(cases, layout, wanted):
            project.problems += problems
            if case is not None:
                project.cases.append(case)
                translated.append((case, translations))
        invalid = {p.stem for p in _files(layout.protocols_dir, ".md")}
        invalid -= {p.model.id for p in project.protocols}
        cross = cross_file_problems(project.cases, project.protocols, invalid)
        failed = {problem.path for problem in cross}
        project.cases = [c for c in project.cases if c.source not in failed]
        project.protocols = [p for p in project.protocols if p.source not in failed]
        project.problems = sorted([*project.problems, *cross])
        return translated

    def _load_cases(
        self, paths: list[Path], layout: Layout, wanted: Mapping[str, list[tuple[Path, str]]]
    ) -> list[_WithTranslations]:
        """Load case files in order, each with its translations; a large caseload on every core.

        A translation loads where its case file did, against it: one pass over the cores, and
        nothing but the results crosses between the processes.
        """

        def load(path: Path) -> _WithTranslations:
            case, problems = self._load(path, layout, load_case)
            return (case, problems), self._translations_of(case, wanted, layout)

        return self._each(paths, load)

    def _translations_of(
        self,
        case: Sourced[Case] | None,
        wanted: Mapping[str, list[tuple[Path, str]]],
        layout: Layout,
    ) -> list[_Translated]:
        """Load the translations of ``case``, valid on its own; none for an invalid one."""
        if case is None:
            return []  # its own problems are reported, not its translations'
        loaded: list[_Translated] = []
        for path, language in wanted.get(case.model.id, ()):
            loader = functools.partial(load_translation, original=case, language=language)
            loaded.append((language, *self._load(path, layout, loader, case.path)))
        return loaded

    def _load(
        self,
        path: Path,
        layout: Layout,
        loader: Callable[[Path, str], tuple[T, list[Problem]]],
        depends_on: Path | None = None,
    ) -> tuple[T | None, list[Problem]]:
        """Load ``path`` with ``loader``, or reuse the last result while nothing it read changed.

        ``depends_on`` is a second file the result depends on (a translation's case file).
        """
        source = layout.display(path)
        outside = outside_problem(path, layout.root, source)
        if outside is not None:
            self._cache.pop(path, None)
            return None, [outside]
        digest = _digest(path) + (_digest(depends_on) if depends_on else b"")
        cached = self._cache.get(path)
        # A case with a photo also depends on that file: the key holds both contents.
        if cached is not None and digest and cached[0] == digest + _photo_digest(cached[1]):
            return cached[1], cached[2]
        with processing(source):
            result, problems = loader(path, source)
        problems = cap_problems(problems)
        if any(problem.field == "patient.photo" for problem in problems):
            self._cache.pop(path, None)  # the photo may be fixed without touching the case
        else:
            self._cache[path] = (digest + _photo_digest(result), result, problems)
        return result, problems


def _wanted(
    project: Project, layout: Layout, languages: tuple[str, ...]
) -> dict[str, list[tuple[Path, str]]]:
    """Return the translation files to load, by case id; note the problem of each misnamed one."""
    wanted: dict[str, list[tuple[Path, str]]] = {}
    for path in _translation_files(layout.cases_dir):
        case_id, language = translation_name(path) or ("", "")
        source = layout.display(path)
        problem = _translation_problem(source, case_id, language, languages, layout)
        if problem is not None:
            project.problems.append(problem)
        else:
            wanted.setdefault(case_id, []).append((path, language))
    return wanted


def _keep_translations(
    project: Project, translated: list[tuple[Sourced[Case], list[_Translated]]]
) -> None:
    """Keep the translations of the cases still valid after the checks across files."""
    valid = {case.model.id for case in project.cases}
    for original, translations in translated:
        if original.model.id not in valid:
            continue  # its case file's problems are reported, not its translations'
        for language, translation, problems in translations:
            project.problems += problems
            if translation is not None:
                project.translations.setdefault(language, {})[original.model.id] = translation
                if translation.outdated:
                    project.outdated.append(outdated_problem(translation, original))
    project.problems.sort()


# Below this many case files, starting a second process costs more than it saves.
PARALLEL_FROM = 400


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
    """Return the files of ``folder`` ending in ``suffix``, without hidden files (editor locks).

    A name with a dot before the suffix is a translation (``<id>.<lang>.yml``), not one of
    these files: ids have no dots.
    """
    if not folder.is_dir():
        return []
    found = folder.glob(f"*{suffix}")
    return sorted(p for p in found if not p.name.startswith(".") and "." not in p.stem)


def _translation_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = folder.glob("*.*.yml")
    return sorted(p for p in found if not p.name.startswith("."))


def _translation_problem(
    source: str, case_id: str, language: str, languages: tuple[str, ...], layout: Layout
) -> Problem | None:
    """Say what is wrong with a translation file's name, or that its case file is missing."""
    message = None
    if not case_id:
        message = "a translation is named <id>.<language>.yml, such as maya-r-t11.es.yml"
    elif language not in languages:
        known = ", ".join(languages) or "none"
        message = (
            f"{language!r} is not one of the site's other languages ({known}): add it to the "
            "casebook plugin's `languages` option in mkdocs.yml"
        )
    elif not (layout.cases_dir / f"{case_id}.yml").is_file():
        message = f"there is no case file {case_id}.yml to translate"
    return Problem(source, 1, 1, "(file)", message) if message else None


def _misnamed_cases(layout: Layout) -> list[Problem]:
    # A case saved as .yaml would silently never be published; say so instead.
    return [
        Problem(layout.display(path), 1, 1, "(file)", "case files end in .yml; rename it")
        for path in _files(layout.cases_dir, ".yaml")
    ]


def _photo_digest(sourced: object) -> bytes:
    """Return the SHA-256 of a loaded case's photo, or ``b""`` when it has none."""
    model = sourced.model if isinstance(sourced, Sourced) else None
    if not isinstance(model, Case) or model.patient.photo is None:
        return b""
    assert isinstance(sourced, Sourced)
    return _digest(sourced.path.parent / model.patient.photo) or b"missing"
