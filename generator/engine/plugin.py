"""The ``casebook`` MkDocs plugin: a thin adapter from MkDocs events to the core."""

from __future__ import annotations

import functools
import gc
import logging
import os
import posixpath
import re
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Literal, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.catalog.build import Build, prepare
from generator.catalog.compliance import Policy, policy_from
from generator.catalog.feeds import feed_entries
from generator.catalog.paging import page_size_problem
from generator.catalog.reviews import shown_review
from generator.content import i18n
from generator.content.clock import build_date
from generator.content.errors import (
    DEBUG_VARIABLE,
    CasebookError,
    ConfigError,
    ContentError,
    internal_error_message,
)
from generator.content.i18n import SOURCE_LANGUAGE, languages_problem
from generator.content.layout import Layout, nav_sources
from generator.content.sources import ProjectLoader
from generator.engine.banner import inject_banner, render_banner
from generator.engine.config import CasebookConfig
from generator.engine.finished import FinishedMkDocsPage, FinishedPages
from generator.engine.forked_pages import ForkedPages, PageJob, check_links_across, only_ours
from generator.engine.headers import write_headers
from generator.engine.language_nav import (
    language_nav,
    nav_pages,
    nav_translations_problem,
    page_languages,
)
from generator.engine.precompress import TEXT_SUFFIXES, PageStream, precompress, write_copies
from generator.engine.reuse import PageCache, QuietReusedLinks, site_fingerprint
from generator.engine.shared_nav import SharedNav, reach_material
from generator.engine.site_search import Indexer, Language, index_folders
from generator.engine.sitemaps import write_feed_sitemap
from generator.engine.stale import GENERATED_FOLDERS, remove_stale
from generator.engine.template_cache import MemoryBytecodeCache
from generator.render.csp import with_policy
from generator.render.feeds import FEEDS_FOLDER, JSON_FILE, RSS_FILE, Channel, json_feed, rss
from generator.render.finished import PLACEHOLDER
from generator.render.frontmatter import safe_meta
from generator.render.pages import (
    PARALLEL_FROM,
    GeneratedFile,
    PhotoCache,
    enrich,
    generate,
)
from generator.render.renderer import Renderer, install_messages
from generator.render.table_regions import TableRegionsExtension

log = logging.getLogger("mkdocs.plugins.casebook")
_NOT_IN_NAV = InclusionLevel.NOT_IN_NAV
Hook = TypeVar("Hook", bound=Callable[..., Any])
_UNREADABLE_PAGE = (
    "# This page cannot be read\n\nIts file is not valid UTF-8 text; the error list above says "
    "where. `mkdocs build` publishes nothing until it is fixed.\n"
)


_TWO_SEARCHES = (
    "the search plugin builds an index that every page view downloads, beside the casebook "
    "plugin's Pagefind index: remove `- search` from `plugins` in mkdocs.yml"
)

_PREVIEW_POLICY = (
    "preview: the pages' Content Security Policy allows inline scripts, for live reload; "
    "mkdocs build writes the strict policy, with the hashes of the theme's inline scripts"
)


def _always() -> bool:
    return True


def _guarded(hook: Hook) -> Hook:
    """Report a user's mistake or an unexpected exception in a hook as one line, no traceback.

    Set ``CASEBOOK_DEBUG=1`` to see the traceback of an unexpected exception instead.
    """

    @functools.wraps(hook)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return hook(*args, **kwargs)
        except MkDocsException:
            raise
        except CasebookError as error:
            raise PluginError(str(error)) from None
        except Exception as exc:
            if os.environ.get(DEBUG_VARIABLE):
                raise
            raise PluginError(internal_error_message(exc)) from None

    return cast(Hook, run)


def _compressible(file: File) -> bool:
    """Tell whether a static file gets compressed copies: text, and published."""
    published: bool = file.inclusion.is_included()  # type: ignore[no-untyped-call]
    return PurePosixPath(file.dest_uri).suffix in TEXT_SUFFIXES and published


def layout_of(config: MkDocsConfig, options: CasebookConfig) -> Layout:
    """Return where the site described by ``config`` keeps its files.

    Raises:
        ConfigError: The folders overlap in a way that would publish private files.
    """
    return Layout.from_options(
        Path(config.config_file_path or ".").resolve().parent,
        Path(config.docs_dir),
        cases_dir=options.cases_dir,
        protocols_dir=options.protocols_dir,
        templates_dir=options.templates_dir,
        reference_dir=options.reference_dir,
    )


def _tidy(page_html: str) -> str:
    """Make Material's markup valid HTML, as the W3C Nu checker reads it.

    Material gives its section labels an empty tabindex and its hidden checkbox toggles an
    ``autocomplete`` (valid on text inputs only), and a page outside the nav a table-of-contents
    label whose control is not on the page.
    """
    page_html = page_html.replace(' tabindex=""', "")
    page_html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", page_html)
    if 'id="__toc"' not in page_html:
        page_html = page_html.replace(
            '<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">'
        )
    return page_html


_TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"'
)


class CasebookPlugin(BasePlugin[CasebookConfig]):  # type: ignore[no-untyped-call]
    """Validates case files, generates their pages and enriches protocol pages."""

    def __init__(self) -> None:
        # One loader and page cache for the plugin's life: `mkdocs serve` keeps the plugin
        # across rebuilds (we define on_startup), so unchanged files are not parsed or
        # rendered again.
        self.loader = ProjectLoader()
        self.pages = PageCache()
        self.photos = PhotoCache()
        self.command = "build"
        self.dirty = False
        # Whether MkDocs' command line runs one build, whose process ends with it (not a
        # preview, nor a build a program runs in its own process, such as a test).
        self.one_shot = False
        self.build: Build | None = None
        self.renderer = Renderer()
        self.finished = FinishedPages()
        self.indexer = Indexer()
        self.compressing = PageStream()
        self.apart = ForkedPages()
        self.nav: Navigation | None = None
        self.all_pages: list[File] = []  # every page of the build, for the sitemap
        # The other languages' pages, read and built in a forked process: those the nav shows,
        # also read here; the others, read only there.
        self.built_apart: list[Page] = []
        self.read_apart: list[Page] = []
        self.anchor_level = logging.INFO
        self.sidebars = SharedNav()
        self.feeds_writer: threading.Thread | None = None
        # The feeds a build wrote, and compressed, while it waited for other languages' pages.
        self.early_feeds: list[Path] | None = None
        self.compiled_theme = MemoryBytecodeCache()
        self.renderer_key: tuple[Path, tuple[str, ...]] | None = None
        self.banner = ""
        self.nav_uris: set[str] = set()
        self.written: set[str] = set()
        # The generated folders that held files before this build wrote any: only there can
        # an earlier build's pages be left (`--dirty`, `make serve`'s rebuilds among them).
        self.stale_folders: list[str] = []
        self._speaking: i18n.Speaking | None = None
        self.files: Files | None = None
        self.language_navs: dict[str, Navigation] = {}

    def _current(self) -> Build:
        """Return this build's state; MkDocs calls on_config before any hook that needs it."""
        if self.build is None:
            raise PluginError("the casebook plugin was used before its on_config ran")
        return self.build

    @property
    def serving(self) -> bool:
        """Tell whether this is a ``mkdocs serve`` preview."""
        return self.command == "serve"

    @_guarded
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether we serve a preview, and whether unchanged pages are skipped."""
        self.command, self.dirty = command, dirty
        self.one_shot = not self.serving
        # A process that builds again (a program's, a test's) lets the collector see what an
        # earlier build froze (on_config, on_shutdown).
        gc.unfreeze()
        if not self.serving:  # one build: load a large caseload on every core
            self.loader = ProjectLoader(workers=os.cpu_count() or 1)
        if self.serving:
            logging.getLogger("mkdocs.structure.pages").addFilter(QuietReusedLinks(self.pages))

    @_guarded
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate every case and protocol; abort a build on any problem.

        A preview keeps serving instead and shows every problem on every page.
        """
        layout = layout_of(config, self.config)
        assert layout.templates_dir is not None  # layout_of always sets it
        self._renderer_for(layout.templates_dir)
        preview = self.serving and self.config.preview == "auto"
        build = prepare(
            layout,
            today=build_date(),
            preview=preview,
            loader=self.loader,
            page_size=self._page_size(),
            policy=self._policy(),
            language=self._language(config),
            languages=tuple(self.config.languages),
        )
        self.build = build
        if build.problems and not self.serving:
            raise PluginError(str(ContentError(build.problems)))
        if self.one_shot:
            # The caseload lives until the build's process ends: Python's cycle collector
            # need not walk it again each time it runs (a preview's reloads replace it).
            gc.freeze()
        for problem in build.problems:
            log.warning(str(problem))
        for warning in build.warnings:
            log.warning(str(warning))
        for notice in build.outdated:  # shown, marked "may be out of date": not a failure
            log.info(str(notice))
        self.banner = render_banner(build.problems)  # "" without problems
        for dropped in build.catalog.dropped:
            log.info(f"case {dropped.id} is not published: {dropped.reason}")
        self.nav_uris = set(nav_sources(config.nav))
        if self.serving and self.config.csp:
            log.info(_PREVIEW_POLICY)
        if self.config.search and "material/search" in config.plugins:
            log.warning(_TWO_SEARCHES)
        if not any(isinstance(e, TableRegionsExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(TableRegionsExtension())  # type: ignore[arg-type]
        return config

    def _page_size(self) -> int:
        wrong = page_size_problem(self.config.page_size)
        if wrong is not None:
            raise ConfigError(wrong)  # reported like every other settings error
        return int(self.config.page_size)

    def _language(self, config: MkDocsConfig) -> str:
        language = str(config.theme.get("language") or SOURCE_LANGUAGE)
        wrong = languages_problem(language, list(self.config.languages))
        wrong = wrong or nav_translations_problem(
            self.config.nav_translations, self.config.languages
        )
        if wrong is not None:
            raise ConfigError(wrong)
        return language

    def _policy(self) -> Policy:
        options = self.config
        try:
            return policy_from(options.claims, options.care_min_coverage, options.overdue_reviews)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None

    def _renderer_for(self, templates_dir: Path) -> None:
        # Jinja reloads an edited template by itself, and a new renderer would compile every
        # template again; only an added or removed override needs one.
        found = templates_dir.rglob("*") if templates_dir.is_dir() else ()
        names = sorted(str(path.relative_to(templates_dir)) for path in found)
        key = (templates_dir, tuple(names))
        if self.renderer_key != key:
            self.renderer, self.renderer_key = Renderer(templates_dir), key

    @_guarded
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and photos; drop our template overrides from the theme."""
        build = self._current()
        # MkDocs empties the site folder before this event unless the build is `--dirty`.
        site_dir = Path(config.site_dir)
        self.stale_folders = [f for f in self._generated_folders() if (site_dir / f).exists()]
        for file in list(files):
            if file.src_uri.startswith("casebook/") and file.src_uri.endswith(".j2"):
                files.remove(file)  # a template override, not a file to publish
        if self.dirty:
            self._rebuild_catalog_pages(files)
        self.finished.clear()
        self.early_feeds = None
        # A build renders another language's pages on another core while these files are
        # made, and writes the feeds while it waits for them; a preview, which reuses its
        # renderings across reloads, keeps one process.
        generated: Iterable[GeneratedFile] = generate(
            build.catalog, self.renderer, build.layout, self.photos,
            directory_urls=config.use_directory_urls,
            workers=1 if self.serving else os.cpu_count() or 1,
            meanwhile=partial(self._feeds_early, config, site_dir),
        )  # fmt: skip
        if self.serving:
            generated = list(generated)
            self._begin_reload(generated, config)
        for item in generated:
            files.append(self._file(item, config))
        return files

    def _generated_folders(self) -> list[str]:
        """Return the site's folders of generated pages, such as ``cases`` and ``es/cases``."""
        catalog = self._current().catalog
        prefixes = [catalog.prefix(code) for code in catalog.all_languages]
        return [prefix + name for prefix in prefixes for name in GENERATED_FOLDERS]

    def _rebuild_catalog_pages(self, files: Files) -> None:
        """Have ``--dirty`` rebuild the hand-written pages that show cases, changed or not.

        MkDocs skips a page whose file is older than its output; a protocol page or a page with
        a marker would then keep listing a case that was withdrawn since.
        """
        build = self._current()
        layout = build.layout
        protocols = layout.protocols_dir.relative_to(layout.docs_dir).as_posix() + "/"
        for file in files.documentation_pages():
            if file.abs_src_path is None:
                continue  # generated: always built
            # prepare() has read every page already and knows which hold markers. A preview
            # rebuilds every hand-written page (a few): an edit can change the nav they show.
            _language, base = build.catalog.split_language(file.src_uri)
            catalog_page = base.startswith(protocols) or file.src_uri in build.marked_pages
            if catalog_page or self.serving:
                setattr(file, "is_modified", _always)  # noqa: B010 - an instance override

    def _begin_reload(self, generated: list[GeneratedFile], config: MkDocsConfig) -> None:
        layout = self._current().layout
        folders = [layout.docs_dir, *self._theme_folders(config)]
        in_nav = [str(g.content) for g in generated if g.src_uri in self.nav_uris]
        config_file = Path(config.config_file_path) if config.config_file_path else None
        self.pages.begin(site_fingerprint(config_file, folders, in_nav))

    def _theme_folders(self, config: MkDocsConfig) -> list[Path]:
        """Our template overrides and the theme's custom_dir: MkDocs watches neither."""
        layout = self._current().layout
        assert layout.templates_dir is not None  # layout_of always sets it
        folders = [layout.templates_dir]
        if config.theme.custom_dir:
            folders.append(Path(config.theme.custom_dir))
        return folders

    def _file(self, generated: GeneratedFile, config: MkDocsConfig) -> File:
        layout = self._current().layout
        content = generated.content
        if generated.finished is not None:
            content = self.finished.add(generated.src_uri, generated.finished)
        # Case pages stay out of the nav: listing them makes every page carry every case.
        file = File.generated(config, generated.src_uri, content=content, inclusion=_NOT_IN_NAV)
        if generated.source is not None:
            edit = os.path.relpath(layout.root / generated.source, layout.docs_dir)
            file.edit_uri = Path(edit).as_posix()
        # The whole page, finished HTML included, decides whether a preview can reuse it.
        cacheable = isinstance(generated.content, str) and generated.src_uri not in self.nav_uris
        if self.serving and cacheable:
            self.pages.offer(file, str(generated.content))
        # A page to render (not reused by a preview, not in the nav, which keeps its own).
        reused = file.inclusion == InclusionLevel.EXCLUDED
        rendered = not reused and generated.src_uri not in self.nav_uris
        if generated.finished is not None and rendered:
            FinishedMkDocsPage(None, file, config)  # sets file.page
        return file

    @event_priority(-100)  # last: the nav is final when pages are read apart
    @_guarded
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Note which pages the nav shows: their HTML depends on more than their Markdown.

        In a build of several languages and a large caseload, start reading and building the
        other languages' pages in a forked process (engine/forked_pages.py).
        """
        self.nav_uris |= {page.file.src_uri for page in nav.pages}
        self.nav = nav
        self.all_pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        self.built_apart, self.read_apart = [], []
        if self._builds_apart(config):
            self._start_apart(config, files)
        if not self.serving:  # the theme's assets compress while MkDocs reads the pages
            for file in files:
                source = file.abs_src_path
                if source and not file.is_documentation_page() and _compressible(file):
                    self.compressing.send_file(Path(source), Path(file.abs_dest_path))
        return nav

    @_guarded
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Escape the page's front matter; replace markers; add the generated protocol parts.

        A page under ``<lang>/`` is in that language; a page with a version in another
        language gets the language switcher.
        """
        build = self._current()
        page.meta = safe_meta(page.meta)  # front matter is data: see render/frontmatter.py
        # Only the plugin says a page's language and its versions, whatever the front matter says.
        page.meta.update(page_languages(page.file.src_uri, build.catalog, files, config))
        review = build.reviews.get(page.file.src_uri)
        if review is not None:  # validated, in months; theme/main.html shows it
            page.meta["reviewed"] = safe_meta(shown_review(review))
        if markdown.strip() == PLACEHOLDER:  # a finished page's: no marker to replace
            return markdown
        return enrich(page.file.src_uri, markdown, build.catalog, self.renderer, build.layout)

    @_guarded
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put a case page's finished HTML in place of the placeholder Markdown rendered."""
        return self.finished.fill(html, page)

    @_guarded
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Keep "edit this page" for the preview; resolve the ``..`` in a case page's edit link.

        Visitors of the published site are not editors: the link would only lead them to a
        repository. A case page's link leads out of docs_dir to its YAML file in cases/. A page
        outside the nav shares its navigation sidebar with its folder (engine/shared_nav.py).
        """
        if not self.serving:
            page.edit_url = None
        elif page.edit_url and "/../" in page.edit_url:
            parts = urlsplit(page.edit_url)
            page.edit_url = urlunsplit(parts._replace(path=posixpath.normpath(parts.path)))
        catalog = self._current().catalog
        language = catalog.language_of(page.file.src_uri)
        in_nav = page.file.src_uri in self.nav_uris
        if language != catalog.language:  # the nav in the page's language
            translated = self._language_nav(language, nav)
            context["nav"] = translated
            in_nav = page.file.src_uri in nav_pages(translated)
        context.update(self.sidebars.context(page.url, in_nav))  # type: ignore[typeddict-item]
        # The theme speaks the page's language until the next page (on_post_page ends it).
        self._speaking = i18n.speak(language)
        return context

    def _language_nav(self, language: str, nav: Navigation) -> Navigation:
        # Made on the first page of the language: by then every page has its title.
        if language not in self.language_navs:
            titles = self.config.nav_translations.get(language, {})
            assert self.files is not None  # on_env ran
            self.language_navs[language] = language_nav(nav, self.files, f"{language}/", titles)
        return self.language_navs[language]

    @event_priority(-100)  # last: the page compressed is the page written
    @_guarded
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Tidy the markup; in a preview, keep the page for the next reload and show errors.

        A published build hands the page to be compressed while it renders the next one.
        """
        i18n.stop(self._speaking)
        self._speaking = None
        output = self._harden(_tidy(output))
        if not self.serving:
            if output.strip():  # what MkDocs writes, encoded as MkDocs encodes it
                data = output.encode("utf-8", errors="xmlcharrefreplace")
                self.compressing.send(Path(page.file.abs_dest_path), data)
            return output
        if page.file.src_uri not in self.nav_uris:
            self.pages.remember(page.file.src_uri, page.file.url, output)
        return self._decorate(output)

    @_guarded
    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """In a preview, show a page that is not valid UTF-8 as a notice instead of failing.

        on_config has reported the file with its line; a build stopped there already.
        """
        source = page.file.abs_src_path
        if not self.serving or source is None:
            return None
        try:
            Path(source).read_text(encoding="utf-8-sig")
        except (UnicodeDecodeError, OSError):
            return _UNREADABLE_PAGE
        return None

    @event_priority(-100)  # last: our words and settings apply to the environment others made
    @_guarded
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """Note every file this build writes, to clear what earlier builds left (``--dirty``).

        In a preview, keep the theme's compiled templates for the next rebuild. The forked
        process that builds the other languages' pages makes its environment with this hook too
        (engine/forked_pages.py).
        """
        self.written = {file.dest_uri for file in files}
        self.files, self.language_navs = files, {}
        reach_material(env)
        # Our theme's words, in the language of each page; MkDocs' own null translations of
        # theme words, which Material does not use, give way to ours.
        install_messages(env)
        self.sidebars.clear()
        if self.serving:
            env.bytecode_cache = self.compiled_theme
        for page in self.built_apart:  # read here too, for the nav: not built here
            page.file.inclusion = InclusionLevel.EXCLUDED
        return env

    def _builds_apart(self, config: MkDocsConfig) -> bool:
        """Tell whether this build builds its other languages' pages in a forked process."""
        catalog = self._current().catalog
        return (
            not self.serving
            and (os.cpu_count() or 1) > 1
            and bool(catalog.languages)
            and len(catalog.cases) >= PARALLEL_FROM
            and self.apart.possible()
            and only_ours(config, self)
        )

    def _start_apart(self, config: MkDocsConfig, files: Files) -> None:
        """Read and build the other languages' pages in a forked process from now on.

        MkDocs skips them, marked excluded, but for those the nav shows: this process reads
        them too, as the nav of its own pages shows their titles (they are excluded in
        ``on_env``, so as not to be built here). The sitemap reads the versions of a page this
        process does not read, which the page's Markdown does not change.
        """
        catalog = self._current().catalog
        pages = [
            file.page or Page(None, file, config)  # as MkDocs makes a page outside the nav
            for file in self.all_pages
            if catalog.language_of(file.src_uri) != catalog.language
        ]
        assert self.nav is not None  # on_nav ran
        make_env = partial(_theme_env, config, files)
        apart = {page.file.src_uri for page in pages}
        # A page not read yet has a title only if the nav gives it one.
        titled = [p for p in self.nav.pages if p.title is None and p.file.src_uri not in apart]
        job = PageJob(pages, config, self.all_pages, files, self.nav, make_env, self.dirty, titled)
        self.apart.start(job, self._compress_apart, lambda: self.compressing.finish())
        self.anchor_level = config.validation.links.anchors
        in_nav = {page.file.src_uri for page in self.nav.pages}
        for page in pages:
            if page.file.src_uri in in_nav:
                self.built_apart.append(page)
                continue
            page.file.inclusion = InclusionLevel.EXCLUDED
            page.meta = page_languages(page.file.src_uri, catalog, files, config)
            self.read_apart.append(page)

    def _compress_apart(self) -> None:
        # In the forked process: a stream of its own (this one's pipe stays this process's).
        self.compressing = PageStream()

    @_guarded
    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """Give the sitemap every page, those built in a forked process too."""
        if template_name == "sitemap.xml":
            context["pages"] = self.all_pages
        return context

    @event_priority(-100)  # after the search plugin has written its index
    @_guarded
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the pages a preview reused; remove generated pages no longer published.

        Then index the site for search and, for a published build, compress its pages: both at
        once, Pagefind working in its own process; the site language's pages are indexed
        while the other languages' may still be written apart. Last, write ``_headers``.
        """
        site_dir = Path(config.site_dir)
        if self.stale_folders:  # an earlier build's pages go before anything reads the site
            self._other_pages()
        if self.serving:
            # `mkdocs serve --dirty` leaves the last build's files in place: only pages whose
            # banner changed need writing again.
            self.pages.restore(site_dir, self._decorate, self.banner, rewrite=not self.dirty)
        remove_stale(site_dir, self.stale_folders, self.written)
        catalog = self._current().catalog
        # Pagefind indexes each language's pages in its own folder, stemming them in it.
        languages = [
            Language(code.split("-")[0], catalog.prefix(code).rstrip("/"))
            for code in catalog.all_languages
        ]
        if self.serving:  # the browser need not wait for the feeds or the search index
            self.feeds_writer = threading.Thread(
                target=self._write_feeds_logged, args=(config, site_dir), daemon=True
            )
            self.feeds_writer.start()
            if self.config.search:
                self.indexer.start(site_dir, languages)
            return
        # The feeds are written and the pages compressed while Pagefind indexes the pages.
        meanwhile = partial(self._feeds_and_compression, config, site_dir, languages)
        if not self.config.search:
            self._other_pages()
            meanwhile()
        else:
            # The site language's pages are indexed while the others' may still be written.
            index = self.indexer.run(site_dir, languages, meanwhile, ready=self._other_pages)
            precompress(index.folder)  # Pagefind's own scripts, written last
        if self.config.headers:
            write_headers(site_dir)  # last: it lists Pagefind's fingerprinted folders

    def _other_pages(self) -> None:
        """Wait until the other languages' pages, built in a forked process, are written.

        Then check the links to anchors between them and this process's pages.
        """
        if self.apart.running:
            outcome = self.apart.wait()
            if outcome.error is not None:
                raise PluginError(f"the other languages' pages: {outcome.error}")
            self.compressing.sent |= outcome.compressed
            apart = {page.file.src_uri for page in (*self.built_apart, *self.read_apart)}
            here = [f.page for f in self.all_pages if f.page is not None and f.src_uri not in apart]
            assert self.files is not None  # on_env ran
            check_links_across(outcome, here, self.read_apart, self.files, self.anchor_level)

    def _write_feeds(self, config: MkDocsConfig, site_dir: Path) -> list[Path]:
        """Write the feeds of each of the site's languages, each in its own ``feeds/`` folder.

        The others' are under ``<lang>/feeds/``. Each folder gets its empty sitemap
        (engine/sitemaps.py).

        Returns:
            The feeds written (not the sitemaps, too small to compress).
        """
        # Feeds are read away from the site: without site_url their addresses would be wrong.
        if not (self.config.feeds and config.site_url):
            return []
        build = self._current()
        catalog = build.catalog
        site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        description = config.site_description or ""
        written: list[Path] = []
        for code in catalog.all_languages:
            folder = site_dir / catalog.prefix(code) / FEEDS_FOLDER
            channel = Channel(
                config.site_name, site_url, description, code.split("-")[0], build.today,
                catalog.prefix(code),
            )  # fmt: skip
            entries = feed_entries(catalog, code)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / RSS_FILE).write_text(rss(channel, entries), encoding="utf-8")
            (folder / JSON_FILE).write_text(json_feed(channel, entries), encoding="utf-8")
            write_feed_sitemap(folder)  # what Material fetches beside each feed link
            written += [folder / RSS_FILE, folder / JSON_FILE]
        return written

    def _feeds_early(self, config: MkDocsConfig, site_dir: Path) -> None:
        """Write and compress the feeds while other languages' pages render apart.

        The feeds need only the catalog, and this process would otherwise wait: a build in
        two languages then has less to do at its end, where its two cores are busy indexing.
        """
        self.early_feeds = self._write_feeds(config, site_dir)
        for path in self.early_feeds:
            write_copies(path, path.read_bytes())

    def _write_feeds_logged(self, config: MkDocsConfig, site_dir: Path) -> None:
        try:
            self._write_feeds(config, site_dir)
        except Exception as error:  # a preview keeps serving; the next build tries again
            log.warning(f"feeds: could not be written: {internal_error_message(error)}")

    def _feeds_and_compression(
        self, config: MkDocsConfig, site_dir: Path, languages: list[Language]
    ) -> None:
        early = self.early_feeds
        if early is None:
            self._write_feeds(config, site_dir)
        # Every file the page stream did not see, while the stream's child ends its work;
        # not the search index, which Pagefind is writing.
        sent = frozenset(self.compressing.sent.union(early or ()))
        precompress(site_dir, sent, leaving_out=index_folders(languages))
        self.compressing.finish()

    @_guarded
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Let a preview's background work finish before MkDocs empties the site folder."""
        self.indexer.wait()
        self._wait_for_feeds()

    @_guarded
    def on_build_error(self, *, error: Exception) -> None:
        """Stop compressing, and building pages apart, for a build that failed."""
        self.compressing.abort()
        self.apart.abort()

    @_guarded
    def on_shutdown(self) -> None:
        """Let a preview's background work finish before the server exits.

        After ``mkdocs build``, whose process ends next, keep Python from collecting the
        build's objects on the way out: a collection walks them all to free memory that the
        process's end frees anyway (0.8 s after a build of 1,000 cases in two languages).
        """
        self.indexer.wait()
        self._wait_for_feeds()
        if self.one_shot:
            gc.freeze()

    def _wait_for_feeds(self) -> None:
        if self.feeds_writer is not None:
            self.feeds_writer.join()
            self.feeds_writer = None

    @_guarded
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """Tidy the theme's own pages too (404.html), and give them their policy."""
        if not template_name.endswith(".html"):
            return output_content
        return self._harden(_tidy(output_content))

    def _harden(self, page_html: str) -> str:
        # The policy lists the hashes of the page's own inline scripts: the page must be final.
        return with_policy(page_html, preview=self.serving) if self.config.csp else page_html

    def _decorate(self, page_html: str) -> str:
        return inject_banner(page_html, self.banner) if self.banner else page_html

    @_guarded
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the case files, reference tables and theme: MkDocs only watches docs_dir."""
        layout = self._current().layout
        folders = [layout.cases_dir, *self._theme_folders(config)]
        if layout.reference_dir is not None:
            folders.append(layout.reference_dir)
        for folder in folders:
            if folder.is_dir():
                server.watch(str(folder))
        return server


def _theme_env(config: MkDocsConfig, files: Files) -> Environment:
    """Make the theme's environment as MkDocs' build makes it, the plugins' ``on_env`` included."""
    env: Environment = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    return env
