"""One error type for everything a user can get wrong, each pointing at file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}"

    def github(self) -> str:
        """Format as a GitHub Actions workflow command that annotates the file."""
        message = f"{self.field}: {self.message}".replace("%", "%25").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line},col={self.column}::{message}"


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
