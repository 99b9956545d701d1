"""Translations of case files: ``cases/<id>.<lang>.yml`` overlays on ``cases/<id>.yml``.

A translation holds the translatable texts of its case (the headline, before, after, the
timeline and adverse event texts, story, quote and rehabilitation) and ``source_hash``, the hash
of the case file it was translated from. Everything else, every clinical fact, comes from the
case file: a translation may repeat a value (translators often copy a whole timeline entry), but
a value that differs is a located error. A translation whose case file changed since is out of
date: it is still shown, marked, and ``casebook validate`` lists it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from generator.content.errors import Problem
from generator.content.load import Sourced
from generator.content.messages import describe, problems_from
from generator.content.models import Case, ReviewedClaim, is_free_text
from generator.content.strict_yaml import Document, FieldPath, format_path, load_file

HASH_FIELD = "source_hash"
# The sentences of the translation a reviewer accepted for the claims check: its own, as the
# case file's `reviewed_claims` are the case file's.
ALLOWED_FIELD = "reviewed_claims"
# A language code as the site's folders use it: `es`, `pt-br`.
LANGUAGE_PATTERN = r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?"
_NAME_RE = re.compile(rf"^(?P<id>[^.]+)\.(?P<lang>{LANGUAGE_PATTERN})\.yml$")
_HASH_RE = re.compile(r"^[0-9a-f]{16}$")
_ALLOWED_LIST: TypeAdapter[list[str]] = TypeAdapter(
    Annotated[list[ReviewedClaim], Field(max_length=50)]
)


@dataclass(frozen=True)
class Translation:
    """One valid translation of a case.

    Attributes:
        language: The language code, such as ``es``.
        source: The translation file's name as shown in problems.
        case: The case as the translation shows it: the case file's facts, translated texts.
        translated: The concrete field paths whose text is translated; any other text of the
            page is shown in the case file's language, marked as such.
        outdated: The case file changed since the translation was made.
        hash_at: Where ``source_hash`` stands in the file: (line, column).
        path: The translation file.
        doc: The translation file as parsed, with the place of every value.
        allowed: Its ``reviewed_claims``: sentences a reviewer accepted for the claims check.
    """

    language: str
    source: str
    case: Case
    translated: frozenset[FieldPath]
    outdated: bool
    hash_at: tuple[int, int] = (1, 1)
    path: Path | None = None
    doc: Document | None = field(default=None, compare=False, repr=False)
    allowed: tuple[str, ...] = ()


def translation_name(path: Path) -> tuple[str, str] | None:
    """Return ``(case id, language)`` of a translation file's name, or ``None``."""
    match = _NAME_RE.match(path.name)
    return (match["id"], match["lang"]) if match else None


def source_hash(path: Path) -> str:
    """Return the hash a translation of the case file ``path`` records (16 hex digits).

    Line endings do not count: the same file saved on Windows has the same hash.
    """
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()[:16]


def translatable(path: FieldPath) -> bool:
    """Tell whether ``path`` (with list indexes) is a field a translation may change.

    Those are a case's free texts (``models.FREE_TEXT_FIELDS``), which the claims check reads.
    """
    return is_free_text(path)


def load_translation(
    path: Path, source: str, original: Sourced[Case], language: str
) -> tuple[Translation | None, list[Problem]]:
    """Load the translation ``path`` of the valid case ``original`` into ``language``.

    Returns:
        The translation (``None`` when it has any problem) and every problem found, each
        located in the translation file.
    """
    doc, problems = load_file(path, source)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [*problems, Problem(source, 1, 1, "(file)", "must be a mapping of fields")]
    overlay = _Overlay(doc, source, original.source)
    written = overlay.hash_written()
    allowed = overlay.allowed()
    fields = {k: v for k, v in doc.data.items() if k not in (HASH_FIELD, ALLOWED_FIELD)}
    merged = overlay.merge(original.doc.data, fields, ())
    problems += overlay.problems
    if problems:
        return None, problems
    try:
        case = Case.model_validate(merged)
    except ValidationError as exc:
        return None, problems_from(exc, Case, doc, source)
    own = [overlay.problem(p, m) for p, m in case.cross_field_problems() if translatable(p)]
    if own:
        return None, own
    outdated = written != source_hash(original.path)
    translated = frozenset(overlay.translated)
    hash_at = doc.locate((HASH_FIELD,))
    translation = Translation(
        language, source, case, translated, outdated, hash_at, path, doc, allowed
    )
    return translation, []


def outdated_problem(translation: Translation, original: Sourced[Case]) -> Problem:
    """Return the notice that ``translation`` was made from an earlier ``original``."""
    message = (
        f"translated from an earlier version of {original.source}: check the translation "
        f"against it, then set {HASH_FIELD}: {source_hash(original.path)}"
    )
    line, column = translation.hash_at
    return Problem(translation.source, line, column, HASH_FIELD, message)


class _Overlay:
    """Lays a translation's fields over its case file's data, collecting located problems."""

    def __init__(self, doc: Document, source: str, original: str) -> None:
        self.doc, self.source, self.original = doc, source, original
        self.problems: list[Problem] = []
        self.translated: set[FieldPath] = set()

    def problem(self, path: FieldPath, message: str) -> Problem:
        line, column = self.doc.locate(path)
        return Problem(self.source, line, column, format_path(path) or "(file)", message)

    def hash_written(self) -> str | None:
        value = self.doc.data.get(HASH_FIELD)
        if isinstance(value, str) and _HASH_RE.match(value):
            return value
        message = (
            "is required: 16 hex digits, the hash of the case file this was translated from "
            "(casebook translate writes it)"
            if value is None
            else f"must be 16 hex digits (casebook translate writes it), not {value!r}"
        )
        self.problems.append(self.problem((HASH_FIELD,), message))
        return None

    def allowed(self) -> tuple[str, ...]:
        """Return the translation's own ``reviewed_claims``: a list of sentences, or none."""
        value = self.doc.data.get(ALLOWED_FIELD)
        if value is None:
            return ()
        try:  # the rules of a case file's own reviewed_claims
            return tuple(_ALLOWED_LIST.validate_python(value))
        except ValidationError as exc:
            for error in exc.errors():
                where: FieldPath = (ALLOWED_FIELD, *(p for p in error["loc"] if isinstance(p, int)))
                self.problems.append(self.problem(where, describe(error)))
            return ()

    def merge(self, base: Any, over: Any, path: FieldPath) -> Any:
        """Return ``base`` with the translatable values of ``over`` laid on it."""
        if translatable(path):
            if not isinstance(over, str):
                self.problems.append(self.problem(path, "must be text"))
            else:
                self.translated.add(path)
            return over
        if isinstance(over, dict) and isinstance(base, dict):
            return self._merge_mapping(base, over, path)
        if isinstance(over, list) and isinstance(base, list):
            return self._merge_list(base, over, path)
        if over != base:
            shown = "nothing" if base is None else repr(base)
            self.problems.append(
                self.problem(path, f"must equal {self.original}, which says {shown}: a "
                             "translation changes texts only, never a clinical fact")
            )  # fmt: skip
        return base

    def _merge_mapping(self, base: dict[str, Any], over: dict[str, Any], path: FieldPath) -> Any:
        merged = dict(base)
        for key, value in over.items():
            if key not in base or base[key] is None:
                where = (*path, key)
                what = "translate only what it says" if translatable(where) else "remove it"
                message = f"is not in {self.original}: {what}"
                self.problems.append(self.problem(where, message))
                continue
            merged[key] = self.merge(base[key], value, (*path, key))
        return merged

    def _merge_list(self, base: list[Any], over: list[Any], path: FieldPath) -> Any:
        if len(over) != len(base):
            message = (
                f"lists {len(over)} entries; {self.original} lists {len(base)}: give every "
                "entry, in the same order"
            )
            self.problems.append(self.problem(path, message))
            return base
        return [
            self.merge(b, o, (*path, i)) for i, (b, o) in enumerate(zip(base, over, strict=True))
        ]
