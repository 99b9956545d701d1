"""Everything a site needs before rendering, checked in one pass: the one entry to the core.

The MkDocs plugin, ``casebook validate`` and ``casebook export`` all start here, so the three
report the same problems: every case and protocol file, cross-file references, and the content
markers of hand-written pages (located by their line in the file, front matter included).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.catalog.addresses import generated_pages, page_address
from generator.catalog.compliance import Page, Policy, check_compliance
from generator.catalog.ledger import ledger_problems
from generator.catalog.markers import marker_problem
from generator.catalog.paging import PAGE_SIZE
from generator.catalog.selection import Catalog, build_catalog, future_problems
from generator.content.errors import Problem, processing
from generator.content.i18n import SOURCE_LANGUAGE
from generator.content.layout import Layout
from generator.content.markers import Marker, find_markers
from generator.content.models import Review
from generator.content.pagemeta import read_page_meta
from generator.content.reference import load_reference
from generator.content.sources import Project, ProjectLoader, outside_problem
from generator.content.strict_yaml import read_text


@dataclass(frozen=True)
class Build:
    """One build's state, made once at the edge (the plugin or a command) and passed on.

    Attributes:
        layout: Where the site keeps its files.
        today: The build date: consent is checked against it, and nothing may happen after it.
        project: Every valid case and protocol, with its source.
        catalog: What the site shows.
        problems: Every problem found, sorted; a build publishes nothing while there is one.
        marked_pages: The docs pages (``src_uri``) that hold content markers, so show cases.
        warnings: Compliance findings the site's policy reports without stopping the build.
        pages: Every hand-written Markdown page as read, with its review fields.
        reviews: The latest clinical review of each hand-written page that records one, by
            ``src_uri`` (a case's review is part of the case).
        outdated: Translations made from an earlier version of their case file: shown,
            marked "may be out of date", and listed by ``casebook validate``.
    """

    layout: Layout
    today: dt.date
    project: Project
    catalog: Catalog
    problems: list[Problem]
    marked_pages: frozenset[str] = frozenset()
    warnings: list[Problem] = dataclasses.field(default_factory=list)
    pages: tuple[Page, ...] = ()
    reviews: Mapping[str, Review] = dataclasses.field(default_factory=dict)
    outdated: list[Problem] = dataclasses.field(default_factory=list)


def prepare(
    layout: Layout,
    *,
    today: dt.date,
    preview: bool = False,
    loader: ProjectLoader | None = None,
    page_size: int = PAGE_SIZE,
    policy: Policy | None = None,
    languages: tuple[str, ...] | None = None,
    language: str = SOURCE_LANGUAGE,
) -> Build:
    """Read and check everything a site needs before anything is rendered.

    Every case and protocol file, references between them, dates against the build date, and
    every file of the docs folder (where it leads, its address, its content markers).

    Args:
        layout: Where the site keeps its files.
        today: The build date.
        preview: Also show draft and review cases (``mkdocs serve``).
        loader: A loader to reuse across rebuilds; a fresh one by default.
        page_size: How many cases a page of the case index or of a facet lists.
        policy: The compliance options (claims, CARE minimum, overdue reviews); defaults.
        languages: The site's other languages, whose translations of case files are read;
            ``None`` (not known: a caller without the site's settings) reads none.
        language: The language of the case files (the theme's).

    Returns:
        The build, with every problem of every file.
    """
    project = (loader or ProjectLoader()).load(layout, languages)
    dated = [problem for case in project.cases for problem in future_problems(case, today)]
    late = {problem.path for problem in dated}
    project.cases = [case for case in project.cases if case.source not in late]
    reference, reference_problems = load_reference(layout.reference_dir, layout.root)
    catalog = build_catalog(
        [c.model for c in project.cases],
        [p.model for p in project.protocols],
        today=today,
        preview=preview,
        reference=reference,
        page_size=page_size,
    )
    catalog = catalog.with_translations(language, languages or (), project.translations)
    flow = ledger_problems(project.protocols, catalog.cases)
    docs = _check_docs(layout, catalog)
    catalog = dataclasses.replace(catalog, evidence_page=docs.evidence)
    published = frozenset(case.id for case in catalog.cases)
    translations = [t for by_case in project.translations.values() for t in by_case.values()]
    found = check_compliance(
        project.cases, published, docs.pages, today, policy or Policy(), translations, language
    )
    problems = sorted(
        [*project.problems, *dated, *reference_problems, *flow, *docs.problems, *found.errors]
    )
    marked = frozenset(docs.marked)
    reviews = {p.src_uri: p.meta.review for p in docs.pages if p.meta and p.meta.review}
    return Build(
        layout, today, project, catalog, problems, marked, found.warnings, docs.pages, reviews,
        outdated=project.outdated,
    )  # fmt: skip


@dataclass
class _Docs:
    """What checking the docs folder found."""

    problems: list[Problem] = dataclasses.field(default_factory=list)
    marked: list[str] = dataclasses.field(default_factory=list)
    evidence: str | None = None
    pages: tuple[Page, ...] = ()


def _check_docs(layout: Layout, catalog: Catalog) -> _Docs:
    """Check every file of the docs folder: where it leads, its address, markers and review.

    Each Markdown page is read once; the result keeps its text for the compliance checks and
    the first page (in path order) that cites the reference tables' sources
    (``<!-- casebook:references -->``), if any.
    """
    docs = _Docs()
    pages: list[Page] = []
    generated = {page_address(uri): uri for uri in generated_pages(catalog)}
    for path in _docs_files(layout.docs_dir):
        source = layout.display(path)
        src_uri = path.relative_to(layout.docs_dir).as_posix()
        outside = outside_problem(path, layout.root, source)
        if outside is not None:
            docs.problems.append(outside)
            continue
        taken = generated.get(page_address(src_uri))
        if taken is not None:
            message = f"is at the address of the generated page {page_address(taken)!r}; rename it"
            docs.problems.append(Problem(source, 1, 1, "(file)", message))
        if src_uri.endswith(".md"):
            with processing(source):
                page = _check_page(path, source, src_uri, catalog, docs)
            if page is not None:
                pages.append(page)
    docs.pages = tuple(pages)
    return docs


def _check_page(
    path: Path, source: str, src_uri: str, catalog: Catalog, docs: _Docs
) -> Page | None:
    """Check one Markdown page's markers and review fields; return it as read."""
    text, unreadable = read_text(path, source)
    docs.problems += unreadable
    if text is None:
        return None
    meta, meta_problems = read_page_meta(text, source)
    docs.problems += meta_problems
    if "casebook:" in text:
        found, markers = _marker_problems(text, source, catalog)
        docs.problems += found
        if markers:
            docs.marked.append(src_uri)
        if docs.evidence is None and any(_cites(m, catalog) for m in markers):
            docs.evidence = src_uri
    return Page(source, src_uri, text, meta, catalog.language_of(src_uri))


def _docs_files(docs_dir: Path) -> list[Path]:
    # MkDocs skips hidden files and folders; so do we.
    if not docs_dir.is_dir():
        return []
    found = (p for p in docs_dir.rglob("*") if not p.is_dir())
    return sorted(p for p in found if not _hidden(p.relative_to(docs_dir)))


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _marker_problems(
    text: str, source: str, catalog: Catalog
) -> tuple[list[Problem], list[Marker]]:
    """Return the problems of a page's markers, and all its markers."""
    # The whole file, front matter included, so each problem names its line in the file.
    markers = find_markers(text)
    found = []
    for marker in markers:
        message = marker_problem(marker, catalog)
        if message is not None:
            found.append(Problem(source, marker.line, 1, f"casebook:{marker.name}", message))
    return found, markers


def _cites(marker: Marker, catalog: Catalog) -> bool:
    """Tell whether ``marker`` draws the reference tables' sources (and is valid)."""
    return marker.name == "references" and marker_problem(marker, catalog) is None
