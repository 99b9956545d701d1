"""Site search with Pagefind: an index built after the site, fetched only when someone searches.

Material's own search plugin writes one JSON index of every page that each page view
downloads before anyone searches (12.5 MB at 2,000 cases). Pagefind instead splits its index
into small chunks that the browser fetches for the words searched. The build runs it at its
end through the ``pagefind`` package (its binary comes with ``pagefind[bin]``), over the HTML
just written; it reads only each page's content (Material's ``article``), leaving out what
repeats on every page or is not text: charts, their text equivalent, permalinks.

Case pages mark their facts with ``data-pagefind-filter`` (render/templates/case.html.j2):
region, AIS grade, protocol and country, which the search box offers as filters.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from generator.content.errors import CasebookError
from generator.engine.core_shares import core_shares, on_cores
from generator.engine.merged_index import merge_index
from generator.engine.stable_index import stabilise

log = logging.getLogger("mkdocs.plugins.casebook")

OUTPUT_FOLDER = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
# Left out of the index: charts and their text equivalent (numbers without words, which
# would match any number searched), headings' permalink signs, the "last reviewed" line and
# the breadcrumb that repeat on every page of a kind, and the case cards and pagers of listing
# pages, which repeat what case pages say and would rank a list of 48 cases above the case a
# visitor looks for. A listing page is still found by its title and introduction.
# Templates also mark with `data-pagefind-ignore` what every case page repeats in its own
# words (the protocol's expected results and regulatory status, the measures' explanation and
# the treatment and measures tables): Pagefind holds about 300 bytes per indexed word while it
# indexes (upstream Pagefind issue 842), and these made up most of a case page's words, so
# 5,000 cases took 1.3 GiB to build; without them 0.73 GiB. The facts a visitor searches for
# (country, level, grade, protocol name) and the patient's account stay in.
EXCLUDED = (
    ".cb-chart",
    ".cb-text-alt",
    ".cb-cards",
    ".cb-pager",
    ".headerlink",
    ".cb-breadcrumb",
    ".cb-reviewed",
    ".md-source-file",
)
# The theme's own pages, not content.
SKIPPED = frozenset({"404.html"})


@dataclass(frozen=True)
class SearchIndex:
    """What was indexed.

    Attributes:
        pages: How many pages the index holds.
        folder: Where the index was written.
    """

    pages: int
    folder: Path


_GLOB_SPECIAL = frozenset("{}[]*?,\\!<>:")
# Folders of a built site that hold no pages to index: assets, the index itself, and the web
# editor that `casebook cms` writes (docs_dir/admin).
_NOT_PAGES = frozenset({OUTPUT_FOLDER, "assets", "search", "admin"})


def _quoted(name: str) -> str:
    # Wax, Pagefind's glob syntax: a backslash takes the next character as it is.
    return "".join(f"\\{c}" if c in _GLOB_SPECIAL else c for c in name)


def page_glob(site_dir: Path, leaving_out: Collection[str] = ()) -> str:
    """Return the glob of the built pages to index: every HTML page but the theme's own.

    Pagefind's directory indexing is one call (adding files one by one costs a round trip
    each, 0.1 s); its glob has no "except", so it names what to index: each top-level page
    and everything under each top-level folder, leaving out 404.html, asset folders and the
    top-level folders named in ``leaving_out`` (other languages' pages).
    """
    parts = []
    for entry in sorted(site_dir.iterdir()):
        if entry.is_dir() and entry.name not in _NOT_PAGES | set(leaving_out):
            parts.append(f"{_quoted(entry.name)}/**/*.html")
        elif entry.suffix == ".html" and entry.name not in SKIPPED:
            parts.append(_quoted(entry.name))
    return "{" + ",".join(parts) + "}"


@dataclass(frozen=True)
class Language:
    """The pages of one of the site's languages, which Pagefind indexes in a run of its own.

    Attributes:
        code: Its ISO 639-1 code, which decides how words are stemmed.
        folder: The top-level folder of its pages, such as ``es``; ``""`` for the site's own
            language, whose pages are every page outside the other languages' folders.
    """

    code: str
    folder: str = ""


def index_site(
    site_dir: Path,
    languages: Sequence[Language] = (Language("en"),),
    meanwhile: Callable[[], object] | None = None,
    ready: Callable[[], object] | None = None,
) -> SearchIndex:
    """Index every page of the built site in ``site_dir``; write the index to ``pagefind/``.

    Each language's pages are indexed at once by a Pagefind process of their own, and the
    indexes merged into one (engine/merged_index.py): a search on a page finds the pages in
    that page's language only.

    Args:
        site_dir: The built site.
        languages: The site's languages, its own first; one whose folder holds no page is
            left out.
        meanwhile: Work to do in this process while Pagefind indexes in its own, such as
            compressing the pages; it must not write HTML files.
        ready: Waits until the other languages' pages are written (they may be built in
            another process meanwhile); called once the site language's run has started.

    Raises:
        SearchError: Pagefind failed; its message says why.
    """
    outputs = [site_dir / name for name in index_folders(languages)]
    for folder in outputs:
        if folder.is_dir():
            shutil.rmtree(folder)  # an index of an earlier build (`mkdocs build --dirty`)
    others = [language.folder for language in languages[1:]]
    # Each run on a share of the cores, its threads not contending with the others' for them.
    jobs = list(zip(languages, outputs, core_shares(len(languages)), strict=True))
    with ExitStack() as stack:
        runs = [stack.enter_context(_run(site_dir, jobs[0], others))]
        try:
            if ready is not None:
                ready()
        except BaseException:  # the other pages failed: the build fails, with no index
            _stop(runs, outputs[0])
            raise
        # Pagefind fails on a glob that finds no page: a language without any is left out.
        jobs = [jobs[0], *(job for job in jobs[1:] if _has_pages(site_dir / job[0].folder))]
        runs += [stack.enter_context(_run(site_dir, job, others)) for job in jobs[1:]]
        if meanwhile is not None:
            meanwhile()
        reports = [run.communicate()[0] for run in runs]
    pages = sum(_indexed(run, report) for run, report in zip(runs, reports, strict=True))
    for _, folder, _ in jobs[1:]:
        merge_index(folder, outputs[0])
    stabilise(outputs[0])
    return SearchIndex(pages, outputs[0])


def _stop(runs: list[subprocess.Popen[str]], output: Path) -> None:
    """Stop Pagefind's runs and remove the index they were writing."""
    for run in runs:
        run.kill()  # Pagefind itself: on POSIX, where pages are built apart, its launcher execs it
        run.wait()
    shutil.rmtree(output, ignore_errors=True)


# A language, the folder its run writes, and the cores it runs on (``None``: any).
_Job = tuple[Language, Path, frozenset[int] | None]


def _run(site_dir: Path, job: _Job, others: list[str]) -> subprocess.Popen[str]:
    language, output, cores = job
    with on_cores(cores):
        return _start(_command(site_dir, language, others, output))


def _has_pages(folder: Path) -> bool:
    return any(path.is_file() for path in folder.rglob("*.html"))


def index_folders(languages: Sequence[Language]) -> list[str]:
    """Return the folders of the site that Pagefind writes: its index, each run's own first."""
    return [OUTPUT_FOLDER, *(f".{OUTPUT_FOLDER}-{language.code}" for language in languages[1:])]


def _start(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )


def _indexed(run: subprocess.Popen[str], report: str) -> int:
    """Return how many pages a finished Pagefind run indexed, from its report."""
    indexed = _INDEXED.search(report)
    if run.returncode != 0 or indexed is None:
        raise SearchError(f"Pagefind could not index the site: {report.strip()[-2000:]}")
    return int(indexed.group(1))


def _command(site_dir: Path, language: Language, others: list[str], output: Path) -> list[str]:
    # Pagefind's command line, run by the `pagefind` package's launcher, which finds the binary
    # that `pagefind[bin]` installs. (Its Python API polls for answers every 0.1 s per call.)
    pages = f"{_quoted(language.folder)}/**/*.html" if language.folder else None
    return [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--output-path", str(output),
        "--root-selector", ROOT_SELECTOR,
        "--exclude-selectors", ", ".join(EXCLUDED),
        "--glob", pages or page_glob(site_dir, others),
        "--force-language", language.code,
    ]  # fmt: skip


_INDEXED = re.compile(r"Indexed (\d+) pages?")


class SearchError(CasebookError):
    """Pagefind failed to index a site (reported as one line, like every user-facing error)."""


class Indexer:
    """Indexes a site after each build: at once for ``mkdocs build``, behind a preview.

    ``mkdocs serve`` reloads the browser when its build returns; indexing 2,000 pages takes
    seconds, so a preview indexes in a background thread and its search catches up a moment
    after the page reloads. The next build waits for that thread first, as MkDocs empties the
    site folder where it writes.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def wait(self) -> None:
        """Wait until a background indexing has finished."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def run(
        self,
        site_dir: Path,
        languages: Sequence[Language],
        meanwhile: Callable[[], object] | None = None,
        ready: Callable[[], object] | None = None,
    ) -> SearchIndex:
        """Index ``site_dir`` now (see :func:`index_site`) and log how long it took."""
        started = time.perf_counter()
        index = index_site(site_dir, languages, meanwhile, ready)
        seconds = time.perf_counter() - started
        log.info(f"search: indexed {index.pages} pages with Pagefind in {seconds:.1f} s")
        return index

    def start(self, site_dir: Path, languages: Sequence[Language]) -> None:
        """Index ``site_dir`` in a background thread; a failure is logged, not raised."""
        self.wait()
        self._thread = threading.Thread(
            target=self._run_logged, args=(site_dir, languages), name="pagefind", daemon=True
        )
        self._thread.start()

    def _run_logged(self, site_dir: Path, languages: Sequence[Language]) -> None:
        try:
            self.run(site_dir, languages)
        except Exception as error:
            log.warning(f"search: the index could not be built: {error}")
