"""The JSON Schema of a case file, generated from the models, for editors' YAML language servers.

The models see every scalar as text (the strict loader keeps it so); a YAML language server sees
YAML 1.2 types instead: ``age: 34`` is a number, ``ashworth: 2`` too, ``injury.date: 2021`` is a
number and ``headline: 2021`` as well. The schema therefore describes the file as written: each
field accepts what a YAML 1.2 reader makes of every value the models accept.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.content.models import Case

SCHEMA_FILE = "case.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# A quoted number ("34") is text to a language server and still a number to the models.
_QUOTED_INTEGER = {"type": "string", "pattern": r"^[-+]?[0-9]+$"}
_QUOTED_NUMBER = {
    "type": "string",
    "pattern": r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$",
}
_YAML12_INTEGER = re.compile(r"[-+]?[0-9]+")
_META = frozenset({"title", "description", "default"})


def case_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a case file as editors write it."""
    generated = _as_written(Case.model_json_schema())
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_FILE,
        "title": "Casebook case file",
        **{key: value for key, value in generated.items() if key != "title"},
    }


def schema_text() -> str:
    """Return the schema as committed in ``cases/case.schema.json``."""
    return json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"


def _as_written(node: Any) -> Any:
    if isinstance(node, list):
        return [_as_written(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_written(value) for key, value in node.items()}
    if "anyOf" in node:
        node["anyOf"] = _flatten(node["anyOf"])
    kind = node.get("type")
    if kind == "string":
        return _string(node)
    if kind == "integer":
        return _either(node, _QUOTED_INTEGER)
    if kind == "number":
        return _either(node, _QUOTED_NUMBER)
    return node


def _either(node: dict[str, Any], alternative: dict[str, Any]) -> dict[str, Any]:
    """Accept ``node`` or ``alternative``, keeping the title and description outside."""
    meta = {key: value for key, value in node.items() if key in _META}
    core = {key: value for key, value in node.items() if key not in _META}
    return meta | {"anyOf": [core, alternative]}


def _flatten(choices: list[Any]) -> list[Any]:
    flat: list[Any] = []
    for choice in choices:
        nested = isinstance(choice, dict) and set(choice) == {"anyOf"}
        flat += choice["anyOf"] if nested else [choice]
    return flat


def _string(node: dict[str, Any]) -> dict[str, Any]:
    if "enum" in node:
        # `ashworth: 2` is a number to a language server; the models take it as "2".
        numbers = [int(v) for v in node["enum"] if _YAML12_INTEGER.fullmatch(v)]
        if numbers:
            return {k: v for k, v in node.items() if k != "type"} | {
                "enum": [*node["enum"], *numbers]
            }
        return node
    if "format" in node:
        return node  # YAML 1.2 has no date type: a date stays text
    pattern = node.get("pattern")
    if pattern is None:
        # Free text: `headline: 2021` or `text: true` are still text to the models.
        return node | {"type": ["string", "number", "boolean"]}
    if re.fullmatch(pattern, "7"):
        return _either(node, {"type": "integer", "minimum": 0})  # an id such as 2024
    if re.fullmatch(pattern, "2021"):
        return _either(node, {"type": "integer", "minimum": 1000, "maximum": 9999})
    return node
