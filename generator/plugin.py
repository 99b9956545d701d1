"""The ``casebook`` MkDocs plugin: a thin adapter from MkDocs events to the core."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.catalog import Catalog, build_catalog
from generator.config import CasebookConfig
from generator.errors import ContentError, Problem
from generator.pages import enrich, generate
from generator.project import Layout, ProjectLoader, build_date
from generator.render import Renderer

log = logging.getLogger("mkdocs.plugins.casebook")
_NOT_IN_NAV = InclusionLevel.NOT_IN_NAV


def layout_of(config: MkDocsConfig, options: CasebookConfig) -> Layout:
    """Return where the site described by ``config`` keeps its files."""
    root = Path(config.config_file_path or ".").resolve().parent
    docs_dir = Path(config.docs_dir).resolve()
    return Layout(
        root=root,
        cases_dir=(root / options.cases_dir).resolve(),
        docs_dir=docs_dir,
        protocols_dir=(docs_dir / options.protocols_dir).resolve(),
    )


class CasebookPlugin(BasePlugin[CasebookConfig]):  # type: ignore[no-untyped-call]
    """Validates case files, generates their pages and enriches protocol pages."""

    def __init__(self) -> None:
        # One loader for the plugin's life: `mkdocs serve` keeps the plugin across rebuilds
        # (we define on_startup), so unchanged files are not parsed again.
        self.loader = ProjectLoader()
        self.command = "build"
        self.problems: list[Problem] = []
        self.catalog: Catalog | None = None
        self.layout: Layout | None = None
        self.renderer = Renderer()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether we serve a preview."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate every case and protocol; abort a build on any problem."""
        self.layout = layout = layout_of(config, self.config)
        project = self.loader.load(layout)
        self.problems = project.problems
        if self.problems and self.command != "serve":
            raise PluginError(str(ContentError(self.problems)))
        for problem in self.problems:
            log.warning(str(problem))
        preview = self.command == "serve" and self.config.preview == "auto"
        self.catalog = build_catalog(
            [c.model for c in project.cases],
            [p.model for p in project.protocols],
            today=build_date(),
            preview=preview,
        )
        for dropped in self.catalog.dropped:
            log.info(f"case {dropped.id} is not published: {dropped.reason}")
        self.renderer = Renderer(layout.root / self.config.templates_dir)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and photos; drop our template overrides from the theme."""
        assert self.catalog is not None and self.layout is not None
        for file in list(files):
            if file.src_uri.startswith("casebook/") and file.src_uri.endswith(".j2"):
                files.remove(file)  # a template override, not a file to publish
        for generated in generate(self.catalog, self.renderer, self.layout):
            # Case pages stay out of the nav: listing them makes every page carry every case.
            file = File.generated(
                config, generated.src_uri, content=generated.content, inclusion=_NOT_IN_NAV
            )
            if generated.source is not None:
                edit = os.path.relpath(self.layout.root / generated.source, self.layout.docs_dir)
                file.edit_uri = Path(edit).as_posix()
            files.append(file)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Append generated sections to hand-written pages (protocol pages)."""
        assert self.catalog is not None and self.layout is not None
        return enrich(page.file.src_uri, markdown, self.catalog, self.renderer, self.layout)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the case files too: they live outside docs_dir."""
        if self.layout is not None and self.layout.cases_dir.is_dir():
            server.watch(str(self.layout.cases_dir))
        return server
