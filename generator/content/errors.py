"""One error type for everything a user can get wrong, each pointing at file, line and field."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal


def one_line(text: str) -> str:
    r"""Return ``text`` with every character that is not printable written as an escape.

    Problems quote what a file says, keys included. A newline, a carriage return or a terminal
    escape in a key must not start a second line (a fake ``OK`` or a GitHub ``::error``
    command) or recolour a terminal, so each is shown as ``\n``, ``\x1b`` and the like.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we know.

    Attributes:
        path: The file, relative to the site root when possible.
        line: 1-based line number (0 when unknown).
        column: 1-based column number (0 when unknown).
        field: Dotted field path such as ``injury.ais`` or ``assessments[1].lems``.
        message: What is wrong, in words an editor understands.
    """

    path: str
    line: int
    column: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # Made one line once, here, so that every way of showing a problem is one line.
        for name in ("path", "field", "message"):
            object.__setattr__(self, name, one_line(getattr(self, name)))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}"

    def github(self, level: Literal["error", "warning", "notice"] = "error") -> str:
        """Format as a GitHub Actions workflow command that annotates the file.

        Args:
            level: The annotation's kind: ``error`` (the default), ``warning`` or ``notice``.
        """
        message = _github_data(f"{self.field}: {self.message}")
        where = f"file={_github_property(self.path)},line={self.line},col={self.column}"
        return f"::{level} {where}::{message}"


# A file that breaks one rule thousands of times (a generated file, a paste gone wrong) would
# bury every other file's problems; past this many, one line says how many more there are.
MAX_PROBLEMS_PER_FILE = 100


def cap_problems(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """Keep the first ``limit`` problems of one file, in file order, and count the rest.

    The counting line stands where the first problem not shown is, so it sorts after the others.
    """
    if len(problems) <= limit:
        return problems
    ordered = sorted(problems)
    first_hidden = ordered[limit]
    hidden = len(problems) - limit
    message = f"{hidden:,} more problems in this file are not shown; fix these and run again"
    line, column = first_hidden.line, first_hidden.column
    return [*ordered[:limit], Problem(first_hidden.path, line, column, "(file)", message)]


class CasebookError(Exception):
    """Base of every error Casebook reports to a user instead of a traceback."""


class ConfigError(CasebookError):
    """The site configuration or the command line is wrong (exit status 2)."""


class ContentError(CasebookError):
    """One or more case or protocol files are invalid (exit status 1).

    Attributes:
        problems: Every problem found, sorted by file, line and column.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        noun = "error" if count == 1 else "errors"
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} {noun} in case or protocol files:\n{lines}")


_FILE_ATTRIBUTE = "casebook_file"


@contextlib.contextmanager
def processing(name: str) -> Iterator[None]:
    """Name the file being worked on, so that an unexpected error can say where it happened.

    The name is attached to the exception as it passes (the innermost file wins), because the
    code that reports it runs after this block has been left.
    """
    try:
        yield
    except Exception as exc:
        if getattr(exc, _FILE_ATTRIBUTE, None) is None:
            setattr(exc, _FILE_ATTRIBUTE, name)
            exc.add_note(f"while processing {name}")
        raise


def processed_file(exc: BaseException) -> str | None:
    """Return the file that was being worked on when ``exc`` was raised, if known."""
    name = getattr(exc, _FILE_ATTRIBUTE, None)
    return name if isinstance(name, str) else None


DEBUG_VARIABLE = "CASEBOOK_DEBUG"


def internal_error_message(exc: BaseException) -> str:
    """Describe an unexpected exception in one line: where, what, and how to see the details.

    Users get this line instead of a traceback; ``--debug`` or ``CASEBOOK_DEBUG=1`` shows it.
    """
    where = processed_file(exc)
    place = f" while processing {one_line(where)}" if where else ""
    what = one_line(f"{type(exc).__name__}: {exc}")[:300]
    return (
        f"internal error{place}: {what}. This is a bug in Casebook, not in your files; run again "
        f"with --debug (or {DEBUG_VARIABLE}=1) to see the traceback, and report it."
    )
