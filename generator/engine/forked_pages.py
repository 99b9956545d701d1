"""The pages of the site's other languages, built through the theme in a forked process.

MkDocs builds pages through the theme one after the other, on one core, and in a site in two
languages half of them are the other language's. Once every page is read and the theme's
environment is ready (``on_env``), a process forked from the build builds those pages with
MkDocs' own page builder while the build goes on with the site language's; MkDocs skips the
others, marked excluded, and the build waits for the forked process before its last steps
(``on_post_build``). The sitemap, which MkDocs makes from the pages it builds, is given every
page (the plugin's ``on_template_context``). At 1,000 cases in English and Spanish on two cores
the build took 0.96x the time it took without (median of six alternating pairs): the second
core also compresses pages meanwhile, so it was not idle before.

What the forked process logs is sent back and logged by the build, so every warning shows once
and ``strict`` counts it. Only the plugin's own page events may run on those pages: another
plugin could keep something from them for its ``on_post_build``, which the build's process
would then lack (:func:`only_ours`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page  # MkDocs' page builder (mkdocs 1.6.x is pinned)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.content.errors import DEBUG_VARIABLE, CasebookError, internal_error_message
from generator.content.forking import can_fork

# The page events that run while a page is built through the theme.
_PAGE_BUILD_EVENTS = ("page_context", "post_page")


def only_ours(config: MkDocsConfig, plugin: BasePlugin[Any]) -> bool:
    """Tell whether ``plugin`` alone has the events that run while pages are built."""
    return all(
        getattr(method, "__self__", None) is plugin
        for event in _PAGE_BUILD_EVENTS
        for method in config.plugins.events[event]
    )


@dataclass
class Outcome:
    """What the forked process did, for the build to carry on with.

    Attributes:
        compressed: The pages it compressed (engine/precompress.py).
        records: What it logged: each record's logger name, level and message.
        error: Why it failed, in one line; ``None`` if it did not.
    """

    compressed: set[Path] = field(default_factory=set)
    records: list[tuple[str, int, str]] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class PageJob:
    """The pages to build apart, and what MkDocs' page builder needs for them."""

    pages: Sequence[Page]
    config: MkDocsConfig
    doc_files: Sequence[File]
    files: Files
    nav: Navigation
    env: Any
    dirty: bool


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
        """Build ``job``'s pages in a forked process.

        There, ``begin`` runs first (to compress pages apart from this process's stream) and
        ``finish`` last, returning the pages compressed. Each page is marked excluded here, so
        MkDocs does not build it again.
        """
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        work = (job, begin, finish, send)
        process = context.Process(target=_build_apart, args=work, daemon=True)
        process.start()  # forked now: the process has the pages as they are
        send.close()
        self._process, self._receive = process, receive
        for page in job.pages:
            page.file.inclusion = InclusionLevel.EXCLUDED

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

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _build_apart(
    job: PageJob, begin: Callable[[], None], finish: Callable[[], set[Path]], send: Connection
) -> None:
    """Build ``job``'s pages here, in the forked process, and send what came of it."""
    collector = _Collector()
    log = logging.getLogger("mkdocs")
    for handler in list(log.handlers):  # the build's process prints what is sent back
        log.removeHandler(handler)
    log.addHandler(collector)
    outcome = Outcome(records=collector.records)
    try:
        begin()
        anchors = job.config.validation.links.anchors
        for page in job.pages:
            _build_page(page, job.config, job.doc_files, job.nav, job.env, job.dirty)
            page.validate_anchor_links(files=job.files, log_level=anchors)
        outcome.compressed = finish()
    except Exception as error:  # every failure goes back, as one line
        outcome.error = _described(error)
    send.send(outcome)
    send.close()


def _described(error: Exception) -> str:
    """Describe ``error`` as the plugin's hooks do: one line; the traceback when debugging."""
    if isinstance(error, MkDocsException | CasebookError):  # a user's mistake, said in a line
        return str(error)
    if os.environ.get(DEBUG_VARIABLE):
        return "".join(traceback.format_exception(error)).rstrip()
    return internal_error_message(error)
