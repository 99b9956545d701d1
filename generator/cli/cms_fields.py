"""Decap CMS form fields generated from the models' JSON Schema, so the form and the models agree.

Every field of a model becomes a widget: a select for a vocabulary, a number with its bounds,
a date picker storing ``YYYY-MM-DD``, a string with the model's pattern, a Markdown editor for
Markdown text, a list with its items' fields, an object with its fields. ``required`` follows
the model at every depth (JSON Schema converters tend to drop nested ``required``). Rules that
relate several fields (``week`` or ``date``, a quote found in the story) cannot be said in the
form: ``casebook validate`` on the pull request checks them, and the hints say them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Field = dict[str, Any]
Hints = Mapping[tuple[str, ...], str]
# Strings longer than this get a multi-line text box.
LONG_TEXT = 120
MARKDOWN_TYPE = "text/markdown"


class Converter:
    """Turns one model's JSON Schema into Decap fields.

    Args:
        schema: ``Model.model_json_schema()``.
        hints: A hint per field path (list items' fields named through the list).
        special: A whole field (minus ``name``) per path, for fields the schema cannot describe
            (a relation to another collection, an image).

    Raises:
        ValueError: A list inside a list: Decap's forms break there, so the models must not.
    """

    def __init__(
        self,
        schema: Mapping[str, Any],
        hints: Hints,
        special: Mapping[tuple[str, ...], Field] | None = None,
    ) -> None:
        self.defs: Mapping[str, Any] = schema.get("$defs", {})
        self.schema = schema
        self.hints = hints
        self.special = special or {}

    def fields(self) -> list[Field]:
        """Return the fields of the schema's top-level object."""
        return self._object_fields(self.schema, (), in_list=False)

    def _resolve(self, node: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
        """Follow ``$ref`` and unwrap ``anyOf: [X, null]``; tell whether null is allowed."""
        nullable = False
        if "anyOf" in node:
            kinds = [k for k in node["anyOf"] if k.get("type") != "null"]
            nullable = len(kinds) < len(node["anyOf"])
            if len(kinds) == 1:
                node = {**{k: v for k, v in node.items() if k != "anyOf"}, **kinds[0]}
        if "$ref" in node:
            node = {**self.defs[node["$ref"].split("/")[-1]], **_meta(node)}
        return node, nullable

    def _object_fields(
        self, node: Mapping[str, Any], path: tuple[str, ...], in_list: bool
    ) -> list[Field]:
        required = set(node.get("required", ()))
        return [
            self.field(name, child, (*path, name), name in required, in_list)
            for name, child in node.get("properties", {}).items()
        ]

    def field(
        self,
        name: str,
        raw: Mapping[str, Any],
        path: tuple[str, ...],
        required: bool,
        in_list: bool,
    ) -> Field:
        """Return the Decap field for ``raw``, the schema of property ``name`` at ``path``."""
        node, nullable = self._resolve(raw)
        base: Field = {"label": _label(name), "name": name}
        if path in self.special:
            widget = dict(self.special[path])
        else:
            widget = self._widget(node, path, in_list)
        field = {**base, **widget}
        if not required or nullable:
            field["required"] = False
        elif field.get("widget") == "list" and "min" not in field:
            # Decap refuses an empty required list; the models want the key, even as [].
            field.update(required=False, default=[])
        if field.get("required") is False and field.get("widget") == "object":
            _loosen(field["fields"])
        hint = self.hints.get(path)
        if hint:
            field["hint"] = hint
        if "default" in node and node["default"] is not None:
            field["default"] = node["default"]
        return field

    def _widget(self, node: Mapping[str, Any], path: tuple[str, ...], in_list: bool) -> Field:
        kind = node.get("type")
        if kind == "object":
            fields = self._object_fields(node, path, in_list)
            return {"widget": "object", "collapsed": False, "fields": fields}
        if kind == "array":
            return self._list(node, path, in_list)
        if "enum" in node:
            return {"widget": "select", "options": list(node["enum"])}
        if kind in ("integer", "number"):
            return _number(node, kind)
        if kind == "boolean":
            return {"widget": "boolean"}
        return _string(node)

    def _list(self, node: Mapping[str, Any], path: tuple[str, ...], in_list: bool) -> Field:
        items, _ = self._resolve(node.get("items", {}))
        bounds = {k: node[s] for k, s in (("min", "minItems"), ("max", "maxItems")) if s in node}
        if "enum" in items:  # several words of a vocabulary
            return {"widget": "select", "multiple": True, "options": list(items["enum"]), **bounds}
        if in_list:
            raise ValueError(f"{'.'.join(path)}: a list inside a list; the CMS form cannot hold it")
        one = {"label_singular": _label(path[-1]).removesuffix("s")}
        if items.get("type") == "object":
            fields = self._object_fields(items, path, in_list=True)
            return {"widget": "list", **one, "fields": fields, **bounds, **_summary(fields)}
        item = {"label": _label(path[-1]), "name": "item", **self._widget(items, path, True)}
        return {"widget": "list", **one, "field": item, **bounds}


def _loosen(fields: list[Field]) -> None:
    """Make an optional object's fields optional in the form.

    Decap checks the required fields of an object even when the object is left empty, so an
    optional ``reviewed`` could not be skipped. Filled in part, it fails ``casebook validate``
    on the pull request instead, which names the missing field.
    """
    for field in fields:
        field["required"] = False
        if field.get("widget") == "object":
            _loosen(field["fields"])


def _meta(node: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if k in ("default", "description")}


def _number(node: Mapping[str, Any], kind: str) -> Field:
    field: Field = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
    for ours, theirs in (("min", "minimum"), ("max", "maximum")):
        if theirs in node:
            field[ours] = node[theirs]
    if "exclusiveMinimum" in node:  # Decap has no exclusive bound: the hint and validate say it
        field["min"] = node["exclusiveMinimum"]
    return field


def _string(node: Mapping[str, Any]) -> Field:
    if node.get("contentMediaType") == MARKDOWN_TYPE:
        return {"widget": "markdown", **_length_pattern(node)}
    if node.get("format") == "date":
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
        }
    long = node.get("maxLength", LONG_TEXT + 1) > LONG_TEXT
    return {"widget": "text" if long else "string", **_length_pattern(node)}


def _length_pattern(node: Mapping[str, Any]) -> Field:
    low, high = node.get("minLength"), node.get("maxLength")
    if "pattern" in node:
        return {"pattern": [node["pattern"], f"must match {node['pattern']}"]}
    if high is None:
        return {}
    at_least = low or 0
    message = f"{at_least}-{high} characters" if at_least else f"at most {high} characters"
    return {"pattern": [rf"^[\s\S]{{{at_least},{high}}}$", message]}


def _summary(fields: list[Field]) -> Field:
    names = [f["name"] for f in fields]
    shown = [name for name in ("week", "date", "name", "year") if name in names][:2]
    rest = next((n for n in names if n not in ("week", "date")), None)
    parts = [f"{{{{fields.{name}}}}}" for name in shown]
    if rest and rest not in shown:
        parts.append(f"{{{{fields.{rest}}}}}")
    return {"summary": " ".join(parts)} if parts else {}


def _label(name: str) -> str:
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]
