"""Making Pagefind's output the same for the same site, byte for byte.

Pagefind (1.5) writes its filter files from hash maps, so their order, and with it their file
names and the names in the files that list them, change from one run to the next (upstream:
Pagefind issue 638; its fragments became stable in 1.3, its filter and metadata files did not).
Builds here are reproducible (``SOURCE_DATE_EPOCH``), so after indexing each filter file is
rewritten with its values sorted and named by its content, and the metadata file that lists the
filters is rewritten to match.

The files are gzip-compressed ``pagefind_dcd`` followed by CBOR: a filter file is
``[name, [[value, [page numbers]], ...]]``; the metadata file is a list whose fourth item is
``[[filter name, file hash], ...]``, and ``pagefind-entry.json`` names the metadata file's hash
of each language, in a random order too.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import cbor2

_MAGIC = b"pagefind_dcd"
_FILTERS = 3  # the metadata item listing the filter files


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_MAGIC):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    return cbor2.loads(data[len(_MAGIC) :])


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: Any) -> str:
    """Write ``value`` as a Pagefind data file named by its content; return that name."""
    data = _MAGIC + cbor2.dumps(value, canonical=True)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, 9, mtime=0))
    return name


def stabilise(output: Path) -> None:
    """Rewrite the filter and metadata files of the Pagefind index in ``output``, in order."""
    entry_file = output / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_file = output / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_file)
        prefix = str(info["hash"]).rsplit("_", 1)[0]
        filters = []
        for name, old_hash in sorted(meta[_FILTERS]):
            filter_file = output / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read(filter_file)
            filter_file.unlink()
            new_hash = _write(
                output / "filter", prefix, 7, ".pf_filter", [filter_name, sorted(values)]
            )
            filters.append([name, new_hash])
        meta[_FILTERS] = filters
        meta_file.unlink()
        info["hash"] = _write(output, f"pagefind.{prefix}", 10, ".pf_meta", meta).removeprefix(
            "pagefind."
        )
        entry["languages"][language] = info
    # Pagefind lists a site's languages in hash-map order too.
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_file.write_text(json.dumps(entry, separators=(",", ":")), encoding="utf-8")
