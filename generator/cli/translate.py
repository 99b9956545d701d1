"""``casebook translate``: start the translation of a case file into another language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.content.errors import ConfigError, ContentError
from generator.content.layout import Layout
from generator.content.load import load_case
from generator.content.strict_yaml import FieldPath
from generator.content.translations import HASH_FIELD, source_hash, translatable

_HEADER = """\
# The {language} translation of {case_id}.yml. Translate the texts below: remove the "# "
# before each field you translate. A text left out is shown in the case file's language,
# marked as such. Every fact (grades, scores, weeks, protocol) comes from {case_id}.yml.
# When that file changes, `casebook validate` says so: check this translation against it,
# then set {hash_field} to the value it gives.
{hash_field}: {digest}
"""


def write_translation(layout: Layout, case_id: str, language: str) -> Path:
    """Write ``cases/<id>.<lang>.yml``: the hash of the case file, its texts commented out.

    Raises:
        ConfigError: The case file is missing, or the translation exists already.
        ContentError: The case file is invalid: a translation is checked against it.
    """
    source = layout.cases_dir / f"{case_id}.yml"
    target = layout.cases_dir / f"{case_id}.{language}.yml"
    if not source.is_file():
        raise ConfigError(f"{layout.display(source)} not found")
    if target.exists():
        raise ConfigError(f"{layout.display(target)} exists; edit it (nothing was written)")
    loaded, problems = load_case(source, layout.display(source))
    if loaded is None:
        raise ContentError(problems)
    header = _HEADER.format(
        language=language, case_id=case_id, hash_field=HASH_FIELD, digest=source_hash(source)
    )
    texts = yaml.dump(
        _texts(loaded.doc.data) or {}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92
    )
    commented = "".join(f"# {line}\n" for line in texts.splitlines())
    target.write_text(header + "\n" + commented, encoding="utf-8")
    return target


class _Dumper(yaml.SafeDumper):
    """Writes a text of several lines as a block (``|``), the way case files write them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _texts(value: Any, path: FieldPath = ()) -> Any:
    """Return the translatable texts of a case file's data, in its shape; ``None`` if none."""
    if translatable(path):
        return value if isinstance(value, str) else None
    if isinstance(value, dict):
        kept = {k: t for k, v in value.items() if (t := _texts(v, (*path, k))) is not None}
        return kept or None
    if isinstance(value, list):
        entries = [_texts(v, (*path, i)) for i, v in enumerate(value)]
        return entries if any(e is not None for e in entries) else None
    return None
