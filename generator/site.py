"""Everything a site needs before rendering, checked in one pass: the one entry to the core.

The MkDocs plugin, ``casebook validate`` and ``casebook export`` all start here, so the three
report the same problems: every case and protocol file, cross-file references, and the content
markers of hand-written pages (located by their line in the file, front matter included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.catalog import Catalog, build_catalog
from generator.errors import ContentError, Problem
from generator.pages import fill_markers
from generator.project import Layout, Project, ProjectLoader
from generator.render import Renderer
from generator.yamlload import read_text


@dataclass(frozen=True)
class Site:
    """A loaded site.

    Attributes:
        project: Every valid case and protocol, with its source.
        catalog: What the site shows.
        problems: Every problem found, sorted; a build publishes nothing while there is one.
    """

    project: Project
    catalog: Catalog
    problems: list[Problem]


def load_site(
    layout: Layout,
    renderer: Renderer,
    *,
    today: dt.date,
    preview: bool = False,
    loader: ProjectLoader | None = None,
) -> Site:
    """Load, validate and catalog a site, and check its pages' content markers.

    Args:
        layout: Where the site keeps its files.
        renderer: Renders marker blocks (a marker is valid when its block renders).
        today: The date consent is checked against.
        preview: Also show draft and review cases (``mkdocs serve``).
        loader: A loader to reuse across rebuilds; a fresh one by default.

    Returns:
        The site, with every problem of every file.
    """
    project = (loader or ProjectLoader()).load(layout)
    catalog = build_catalog(
        [c.model for c in project.cases],
        [p.model for p in project.protocols],
        today=today,
        preview=preview,
    )
    problems = sorted([*project.problems, *_marker_problems(layout, catalog, renderer)])
    return Site(project, catalog, problems)


def _marker_problems(layout: Layout, catalog: Catalog, renderer: Renderer) -> list[Problem]:
    problems: list[Problem] = []
    pages = sorted(layout.docs_dir.rglob("*.md")) if layout.docs_dir.is_dir() else []
    for path in pages:
        text, unreadable = read_text(path, layout.display(path))
        problems += unreadable
        if text is None or "casebook:" not in text:
            continue
        src_uri = path.relative_to(layout.docs_dir).as_posix()
        try:
            # The whole file, front matter included, so each problem names its line in the file.
            fill_markers(src_uri, text, catalog, renderer, layout)
        except ContentError as error:
            problems += error.problems
    return problems
