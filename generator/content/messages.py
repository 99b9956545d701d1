"""Pydantic validation errors turned into one-line problems an editor can act on."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.content.errors import Problem
from generator.content.strict_yaml import Document, FieldPath, format_path


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _choices(expected: str) -> str:
    # pydantic writes "'A', 'B' or 'C'"; editors read "A, B, C".
    return expected.replace("'", "").replace(" or ", ", ")


def _unknown_field(error: ErrorDetails, model: type[BaseModel] | None) -> str:
    name = str(error["loc"][-1])
    known = list(model.model_fields) if model else []
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown field {name!r}{hint}"


_TEMPLATES: dict[str, str] = {
    "missing": "is required",
    "int_parsing": "must be a whole number, not {input}",
    "int_from_float": "must be a whole number, not {input}",
    "int_type": "must be a whole number, not {input}",
    "float_parsing": "must be a number, not {input}",
    "float_type": "must be a number, not {input}",
    "finite_number": "must be a finite number, not {input}",
    "greater_than_equal": "must be at least {ge}, not {input}",
    "less_than_equal": "must be at most {le}, not {input}",
    "greater_than": "must be more than {gt}, not {input}",
    "string_type": "must be text, not {input}",
    "list_type": "must be a list, not {input}",
    "model_type": "must be a mapping of fields, not {input}",
    "model_attributes_type": "must be a mapping of fields, not {input}",
    "dict_type": "must be a mapping of fields, not {input}",
    "too_short": "needs at least {min_length} item(s)",
    "string_too_short": "must be at least {min_length} characters long",
    "string_too_long": "is {length} characters long; the limit is {max_length}",
    "string_pattern_mismatch": "{input} does not match the pattern {pattern}",
}


def describe(error: ErrorDetails, model: type[BaseModel] | None = None) -> str:
    """Return the message for one pydantic error, in the case-format's words."""
    kind = error["type"]
    # Bounds of float fields come as 0.0; the file says 0.
    context: dict[str, Any] = {k: _number(v) for k, v in (error.get("ctx") or {}).items()}
    if kind == "extra_forbidden":
        return _unknown_field(error, model)
    if kind == "literal_error":
        return f"{_shown(error['input'])} is not one of {_choices(context['expected'])}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    template = _TEMPLATES.get(kind)
    if template is None:
        return error["msg"]
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "must not be empty"
    if kind == "string_too_long":
        context["length"] = len(error["input"]) if isinstance(error["input"], str) else "?"
    return template.format(input=_shown(error["input"]), **context)


def _model_at(root: type[BaseModel], loc: FieldPath) -> type[BaseModel] | None:
    """Walk the model tree along ``loc`` to the model that owns its last part."""
    model: type[BaseModel] | None = root
    for part in loc[:-1]:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        annotation = field.annotation if field else None
        model = _first_model(annotation)
    return model


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def problems_from(
    exc: ValidationError, model: type[BaseModel], doc: Document, source: str
) -> list[Problem]:
    """Turn every error of a failed validation into a located problem."""
    problems = []
    for error in exc.errors(include_url=False):
        loc: FieldPath = tuple(error["loc"])
        line, column = doc.locate(loc)
        message = describe(error, _model_at(model, loc))
        problems.append(Problem(source, line, column, format_path(loc), message))
    return problems
