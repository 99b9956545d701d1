"""The pages of the site's other languages, read and built through the theme in a forked process.

MkDocs reads pages (Markdown to HTML), then builds them through the theme, one after the other,
on one core, and in a site in two languages half of them are the other language's. Once the
nav is made (``on_nav``), a process forked from the build reads those pages and builds them with
MkDocs' own page reader and builder, in a theme environment it makes as the build does, while
the build goes on with the site language's; MkDocs skips the others, marked excluded, and the
build waits for the forked process before its last steps (``on_post_build``). The sitemap, which
MkDocs makes from the pages it builds, is given every page (the plugin's
``on_template_context``). At 1,000 cases in English and Spanish on two cores the build took
0.96x the time it took without (median of six alternating pairs) when the forked process
started once every page was read (``on_env``): the second core also compresses pages
meanwhile, so it was not idle before. Starting it once the nav is made, so that it reads
them too, took 0.98x the time of starting it then (median of twelve alternating pairs): the
second core no longer waits while this one reads every page.

Each process checks the links to anchors into the pages it read; a link into a page the other
read is checked by the build once the forked process is done (:func:`check_links_across`), with
the anchors that process found. What the forked process logs is sent back and logged by the
build, so every warning shows once and ``strict`` counts it. Only the plugin's own page events
may run on those pages: another plugin could keep something from them for its
``on_post_build``, which the build's process would then lack (:func:`only_ours`).
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# MkDocs' page reader and builder (mkdocs 1.6.x is pinned).
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.content.errors import DEBUG_VARIABLE, CasebookError, internal_error_message
from generator.content.forking import can_fork

# The page events that run while a page is read and built through the theme.
_PAGE_EVENTS = (
    "pre_page",
    "page_read_source",
    "page_markdown",
    "page_content",
    "page_context",
    "post_page",
)


def only_ours(config: MkDocsConfig, plugin: BasePlugin[Any]) -> bool:
    """Tell whether ``plugin`` alone has the events that run while pages are read and built."""
    return all(
        getattr(method, "__self__", None) is plugin
        for event in _PAGE_EVENTS
        for method in config.plugins.events[event]
    )


@dataclass
class Outcome:
    """What the forked process did, for the build to carry on with.

    Attributes:
        compressed: The pages it compressed (engine/precompress.py).
        records: What it logged: each record's logger name, level and message.
        error: Why it failed, in one line; ``None`` if it did not.
        anchors: The anchors of each page it read, by the page's path in the docs.
        links: Its pages' links to anchors of pages it did not read: (the linking page's
            path, the linked page's path, the anchor, the link as written).
    """

    compressed: set[Path] = field(default_factory=set)
    records: list[tuple[str, int, str]] = field(default_factory=list)
    error: str | None = None
    anchors: dict[str, set[str]] = field(default_factory=dict)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PageJob:
    """The pages to read and build apart, and what MkDocs' page reader and builder need.

    Attributes:
        make_env: Makes the theme's environment as the build makes it (``on_env`` included).
        titled: The build's own pages that the nav shows with the title their content gives:
            read there too, for the title, which the other languages' navs show.
    """

    pages: Sequence[Page]
    config: MkDocsConfig
    doc_files: Sequence[File]
    files: Files
    nav: Navigation
    make_env: Callable[[], Any]
    dirty: bool
    titled: Sequence[Page] = ()


class ForkedPages:
    """Builds some pages through the theme in a forked process (see the module's text)."""

    def __init__(self) -> None:
        self._process: Any = None
        self._receive: Connection | None = None

    @staticmethod
    def possible() -> bool:
        """Tell whether this system can fork a process."""
        return can_fork()

    def start(
        self, job: PageJob, begin: Callable[[], None], finish: Callable[[], set[Path]]
    ) -> None:
        """Read and build ``job``'s pages in a forked process.

        There, ``begin`` runs first (to compress pages apart from this process's stream) and
        ``finish`` last, returning the pages compressed. The caller marks the pages excluded,
        so that MkDocs does not read or build them again.
        """
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        work = (job, begin, finish, send)
        process = context.Process(target=_build_apart, args=work, daemon=True)
        process.start()  # forked now: the process has the pages as they are
        send.close()
        self._process, self._receive = process, receive

    @property
    def running(self) -> bool:
        """Tell whether a forked process was started and not yet waited for."""
        return self._process is not None

    def wait(self) -> Outcome:
        """Wait for the forked process; log here what it logged; return what it did."""
        process, receive = self._process, self._receive
        self._process, self._receive = None, None
        assert process is not None and receive is not None  # started
        try:
            outcome: Outcome = receive.recv()
        except EOFError:  # it ended without a word: killed, or out of memory
            outcome = Outcome(error="the process building them ended without finishing")
        process.join()
        receive.close()
        for name, level, message in outcome.records:
            logging.getLogger(name).log(level, message)
        return outcome

    def abort(self) -> None:
        """Stop the forked process without waiting for its work (the build failed)."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.join()
        if self._receive is not None:
            self._receive.close()
            self._receive = None


class _Collector(logging.Handler):
    """Keeps what the forked process logs, for the build's process to log it."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []
        self.muted = False  # while reading a page the build reads and reports on too

    def emit(self, record: logging.LogRecord) -> None:
        if not self.muted:
            self.records.append((record.name, record.levelno, record.getMessage()))


def _build_apart(
    job: PageJob, begin: Callable[[], None], finish: Callable[[], set[Path]], send: Connection
) -> None:
    """Read and build ``job``'s pages here, in the forked process, and send what came of it."""
    collector = _Collector()
    log = logging.getLogger("mkdocs")
    for handler in list(log.handlers):  # the build's process prints what is sent back
        log.removeHandler(handler)
    log.addHandler(collector)
    outcome = Outcome(records=collector.records)
    try:
        begin()
        collector.muted = True
        for page in job.titled:
            _populate_page(page, job.config, job.files, job.dirty)
        collector.muted = False
        for page in job.pages:
            _populate_page(page, job.config, job.files, job.dirty)
        env = job.make_env()
        for page in job.pages:
            _build_page(page, job.config, job.doc_files, job.nav, env, job.dirty)
        _check_links_here(job, outcome)
        outcome.compressed = finish()
    except Exception as error:  # every failure goes back, as one line
        outcome.error = _described(error)
    send.send(outcome)
    send.close()


def _check_links_here(job: PageJob, outcome: Outcome) -> None:
    """Check the job's links to anchors of its own pages; keep the others for the build."""
    level = job.config.validation.links.anchors
    here = {page.file.src_uri for page in job.pages}
    for page in job.pages:
        outcome.anchors[page.file.src_uri] = set(page.present_anchor_ids or ())
        links = page.links_to_anchors or {}
        own = {to: by for to, by in links.items() if to.src_uri in here}
        _check_only(page, own, job.files, level)
        outcome.links += [
            (page.file.src_uri, to.src_uri, anchor, link)
            for to, by in links.items()
            if to.src_uri not in here
            for anchor, link in by.items()
        ]


def check_links_across(
    outcome: Outcome, pages: Sequence[Page], apart: Sequence[Page], files: Files, level: int
) -> None:
    """Check the links to anchors between the build's pages and those read apart.

    Args:
        outcome: What the forked process did: the anchors it found, the links it left.
        pages: The pages the build read, whose links MkDocs checked but for those into
            ``apart``: their anchors were not known.
        apart: The pages the forked process read.
        files: The build's files.
        level: How MkDocs logs a missing anchor (``validation.links.anchors``).
    """
    for page in apart:
        page.present_anchor_ids = outcome.anchors.get(page.file.src_uri, set())
    read_apart = {page.file.src_uri for page in apart}
    for page in pages:
        links = page.links_to_anchors or {}
        into = {to: by for to, by in links.items() if to.src_uri in read_apart}
        _check_only(page, into, files, level)
    for source, target, anchor, link in outcome.links:
        found, to_file = files.get_file_from_path(source), files.get_file_from_path(target)
        if found is not None and found.page is not None and to_file is not None:
            _check_only(found.page, {to_file: {anchor: link}}, files, level)


def _check_only(page: Page, links: dict[File, dict[str, str]], files: Files, level: int) -> None:
    """Check ``links``, some of ``page``'s links to anchors, as MkDocs checks them all."""
    if not links:
        return
    view = copy.copy(page)  # MkDocs' check reads the links from the page
    view.links_to_anchors = links
    view.validate_anchor_links(files=files, log_level=level)


def _described(error: Exception) -> str:
    """Describe ``error`` as the plugin's hooks do: one line; the traceback when debugging."""
    if isinstance(error, MkDocsException | CasebookError):  # a user's mistake, said in a line
        return str(error)
    if os.environ.get(DEBUG_VARIABLE):
        return "".join(traceback.format_exception(error)).rstrip()
    return internal_error_message(error)
