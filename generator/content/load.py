"""Reading case files and protocol front matter from disk into validated models."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from generator.content.errors import Problem
from generator.content.messages import problems_from
from generator.content.models import Case, Protocol
from generator.content.photos import photo_problem
from generator.content.strict_yaml import (
    Document,
    FieldPath,
    format_path,
    load_file,
    parse,
    read_text,
)

M = TypeVar("M", bound=BaseModel)

# `$` does not match before "\r\n": files saved with Windows line endings need the `\r?`.
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.DOTALL | re.MULTILINE
)


# MkDocs' own pattern (mkdocs.utils.meta.YAML_RE), so a page splits here as it does there.
_MKDOCS_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.M | re.S)


@dataclass(frozen=True)
class Sourced(Generic[M]):
    """A validated model with the file it came from, so later checks can point into it.

    Attributes:
        model: The validated case or protocol.
        source: The file name shown in problems.
        path: The file on disk.
        doc: The parsed YAML with positions.
    """

    model: M
    source: str
    path: Path
    doc: Document

    def problem(self, path: FieldPath, message: str) -> Problem:
        """Return a problem located at ``path`` in this file."""
        line, column = self.doc.locate(path)
        return Problem(self.source, line, column, format_path(path), message)


def validate(
    model: type[M], doc: Document, source: str, path: Path
) -> tuple[Sourced[M] | None, list[Problem]]:
    """Validate a parsed document against ``model``, collecting every problem."""
    try:
        instance = model.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems_from(exc, model, doc, source)
    return Sourced(instance, source, path, doc), []


def load_case(path: Path, source: str) -> tuple[Sourced[Case] | None, list[Problem]]:
    """Load ``cases/<id>.yml`` and check it on its own (not against other files).

    Args:
        path: The case file.
        source: Its name as shown in problems, such as ``cases/maya-r-t11.yml``.

    Returns:
        The validated case (``None`` when invalid) and every problem found.
    """
    doc, problems = load_file(path, source)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [*problems, Problem(source, 1, 1, "(file)", "must be a mapping of fields")]
    problems += _name_problems(doc, source, path)
    sourced, invalid = validate(Case, doc, source, path)
    problems += invalid
    if sourced is None:
        return None, problems
    problems += [sourced.problem(p, m) for p, m in sourced.model.cross_field_problems()]
    problems += _file_problems(sourced)
    return (sourced if not problems else None), problems


def _name_problems(doc: Document, source: str, path: Path) -> list[Problem]:
    """Check that the written ``id`` equals the file name, whether or not the rest is valid."""
    # Checked on the raw data so that it is reported together with every other problem.
    written = doc.data.get("id") if isinstance(doc.data, dict) else None
    if not isinstance(written, str) or written == path.stem:
        return []
    line, column = doc.locate(("id",))
    message = f"{written!r} must equal the file name {path.stem!r}"
    return [Problem(source, line, column, "id", message)]


def _file_problems(sourced: Sourced[Case]) -> list[Problem]:
    case = sourced.model
    found = []
    photo = case.patient.photo
    if photo is not None:
        photo_message = photo_problem(sourced.path.parent, photo)
        if photo_message:
            found.append(sourced.problem(("patient", "photo"), photo_message))
    return found


def split_front_matter(text: str) -> tuple[str, int] | None:
    """Return a page's front matter YAML and its line offset, or ``None`` when it has none."""
    match = _FRONT_MATTER.match(text)
    return (match.group(1), 1) if match else None


def split_page(text: str) -> tuple[dict[str, Any], str]:
    """Split a page into its front matter and its Markdown, the way MkDocs does.

    Front matter that is not a YAML mapping is not front matter: the whole text is the page.
    """
    match = _MKDOCS_FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return meta, text[match.end() :].lstrip("\n")


def load_protocol(path: Path, source: str) -> tuple[Sourced[Protocol] | None, list[Problem]]:
    """Load and validate the ``protocol:`` front matter of ``content/protocols/<id>.md``.

    Args:
        path: The protocol page.
        source: Its name as shown in problems.

    Returns:
        The validated protocol (``None`` when invalid) and every problem found.
    """
    text, problems = read_text(path, source)
    if text is None:
        return None, problems
    front = split_front_matter(text)
    if front is None:
        return None, [Problem(source, 1, 1, "protocol", "needs front matter with a protocol:")]
    doc, problems = parse(front[0], source, line_offset=front[1])
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict) or "protocol" not in doc.data:
        return None, [*problems, Problem(source, 2, 1, "protocol", "is required")]
    inner = Document(
        doc.data["protocol"], {k[1:]: v for k, v in doc.marks.items() if k[:1] == ("protocol",)}
    )
    sourced, invalid = validate(Protocol, inner, source, path)
    problems += [_prefixed(p) for p in [*_name_problems(inner, source, path), *invalid]]
    return (sourced if not problems else None), problems


def _prefixed(problem: Problem) -> Problem:
    field = "protocol" if problem.field == "(file)" else f"protocol.{problem.field}"
    return Problem(problem.path, problem.line, problem.column, field, problem.message)
