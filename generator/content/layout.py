"""Where a site keeps its files, and the folder rules that keep private files unpublished."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.errors import ConfigError


@dataclass(frozen=True)
class Layout:
    """Where a site keeps its files.

    Attributes:
        root: The site root (the folder of ``mkdocs.yml``); problems name files relative to it.
        cases_dir: The folder of ``<id>.yml`` case files.
        docs_dir: The MkDocs docs_dir.
        protocols_dir: The folder of protocol pages, inside ``docs_dir``.
        templates_dir: The folder of template overrides, if the site has one.
        reference_dir: The folder of the site's own reference tables, if it has one.
    """

    root: Path
    cases_dir: Path
    docs_dir: Path
    protocols_dir: Path
    templates_dir: Path | None = None
    reference_dir: Path | None = None

    @classmethod
    def from_options(
        cls,
        root: Path,
        docs_dir: Path,
        *,
        cases_dir: str,
        protocols_dir: str,
        templates_dir: str,
        reference_dir: str = "reference",
    ) -> Layout:
        """Return the checked layout of a site from its settings, as MkDocs reads them.

        ``cases_dir``, ``templates_dir`` and ``reference_dir`` are relative to ``root`` (the
        folder of ``mkdocs.yml``), ``protocols_dir`` to ``docs_dir``. The plugin and the
        command line both build their layout here, so the two can never disagree.

        Raises:
            ConfigError: The folders overlap in a way that would publish private files.
        """
        root, docs_dir = root.resolve(), docs_dir.resolve()
        layout = cls(
            root=root,
            cases_dir=(root / cases_dir).resolve(),
            docs_dir=docs_dir,
            protocols_dir=(docs_dir / protocols_dir).resolve(),
            templates_dir=(root / templates_dir).resolve(),
            reference_dir=(root / reference_dir).resolve(),
        )
        layout.check()
        return layout

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


def nav_sources(nav: Any) -> list[str]:
    """Return every page path listed in a ``nav`` setting, at any depth."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in nav_sources(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in nav_sources(item)]
    return []
