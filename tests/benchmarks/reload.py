"""How long `mkdocs serve` takes to reload after one edit in a 2,000-case site, against a build.

The rebuild reuses one plugin instance the way `mkdocs serve` does (MkDocs keeps plugins that
define ``on_startup``) and calls the same ``build(config, serve_url=...)``. Prints both times,
their ratio (the target is at most 0.1; for ``make serve``, the round with the median ratio of
three), how long after the reload the search index has caught up (a preview indexes in the
background: engine/site_search.py) and the process's peak memory.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.config_options import Plugins
from mkdocs.config.defaults import MkDocsConfig

from generator.content.translations import source_hash
from tests.factories import case_files

ROOT = Path(__file__).resolve().parents[2]
CASES = 2000
RELOAD_TARGET = 0.1
ROUNDS = 3
SERVE_URL = "http://127.0.0.1:8000/"


def make_site(target: Path, count: int = CASES, languages: bool = False) -> Path:
    """Copy the sample site and add published cases, copied from the samples with new ids.

    The site is in English only unless ``languages``: then it is in English and Spanish, as
    the sample is, and every added case has a Spanish translation of every text (synthetic:
    see ``_translate``), the most a translated site can load, check and render.
    """
    target.mkdir(parents=True)
    for part in ("mkdocs.yml", "cases", "content", "theme"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    cases = target / "cases"
    samples = [p for p in case_files(cases) if "\nstatus: published" in p.read_text()]
    existing = len(list(case_files(cases)))
    for number in range(count - existing):
        sample = samples[number % len(samples)]
        new_id = f"{sample.stem}-{number:03d}"
        text = sample.read_text().replace(f"\nid: {sample.stem}\n", f"\nid: {new_id}\n", 1)
        (cases / f"{new_id}.yml").write_text(text)
        if languages:
            _translate(cases / f"{new_id}.yml")
    if not languages:
        _one_language(target)
    _declare_enough_treated(target / "content" / "protocols")
    return target


def _translate(case: Path) -> None:
    """Write a synthetic Spanish translation of ``case``: every text, its letters rotated.

    The headline, before, after, story, quote, rehabilitation and each timeline and adverse
    event text are "translated" by ROT13 of their longer words: a text of the same length and
    shape, in no language,
    so that it holds no words the Spanish claims check looks for; the quote stays word for word
    in the story, as a translation must keep it.
    """
    data = yaml.safe_load(case.read_text())
    texts: dict[str, Any] = {
        field: _rot13(data[field]) for field in ("headline", "before", "after", "story", "quote")
        if data.get(field)
    }  # fmt: skip
    texts["timeline"] = [{"text": _rot13(entry["text"])} for entry in data["timeline"]]
    treatment = data["treatment"]
    translated: dict[str, Any] = {}
    if treatment.get("rehab"):
        translated["rehab"] = _rot13(treatment["rehab"])
    if treatment.get("adverse_events"):
        events = treatment["adverse_events"]
        translated["adverse_events"] = [{"text": _rot13(event["text"])} for event in events]
    if translated:
        texts["treatment"] = translated
    digest = source_hash(case)
    dumped = yaml.safe_dump(texts, allow_unicode=True, width=100)
    case.with_suffix(".es.yml").write_text(f"source_hash: {digest}\n{dumped}")


def _rot13(text: str) -> str:
    # Words of four letters or more: short ones ("et al." of a citation, "n = 40") keep the
    # text's rates as honest as the case file's.
    return _LONG_WORD.sub(lambda word: codecs.encode(word.group(), "rot13"), text)


_LONG_WORD = re.compile(r"[A-Za-z]{4,}")


def _one_language(site: Path) -> None:
    """Make the copied sample an English-only site: no other language, no translations."""
    config = site / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text())
    for plugin in settings["plugins"]:
        if isinstance(plugin, dict) and "casebook" in plugin:
            plugin["casebook"].pop("languages", None)
            plugin["casebook"].pop("nav_translations", None)
    config.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True))
    for translation in (site / "cases").glob("*.*.yml"):
        translation.unlink()
    shutil.rmtree(site / "content" / "es", ignore_errors=True)


def _declare_enough_treated(protocols: Path) -> None:
    # The copies are published cases the sample's declared totals do not cover: a real clinic
    # of this size declares more, so declare the most the format allows.
    for page in protocols.glob("*.md"):
        page.write_text(re.sub(r"patients: \d+", "patients: 1000000", page.read_text()))


def _config(site: Path) -> MkDocsConfig:
    return load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"))


def _timed_build(site: Path, dirty: bool = False) -> float:
    start = time.perf_counter()
    build(_config(site), serve_url=SERVE_URL, dirty=dirty)
    return time.perf_counter() - start


def _plugin_cache() -> dict[str, Any]:
    option = dict(MkDocsConfig._schema)["plugins"]
    assert isinstance(option, Plugins)
    return option.plugin_cache


def measure(site: Path, dirty: bool = True) -> tuple[float, float, float]:
    """Return the full build time, the reload time after editing one case, and the time from
    the reload's start until the search index is up to date.

    ``dirty`` is ``mkdocs serve --dirty``, as ``make serve`` runs it: the site folder is kept
    between reloads, so pages reused from the last build need not be written again.
    """
    _timed_build(site)  # warm up: imports and compiled theme templates, as in a running server
    _plugin_cache().clear()  # a fresh plugin, as `mkdocs serve` starts with
    _config(site).plugins.on_startup(command="serve", dirty=dirty)
    shutil.rmtree(site / "site", ignore_errors=True)
    full = _timed_build(site, dirty)
    plugin = _plugin_cache()["casebook"]
    plugin.indexer.wait()  # the first build's index, before the edit
    case = next((site / "cases").glob("*-000.yml"))
    case.write_text(case.read_text().replace("headline: ", "headline: Edited ", 1))
    start = time.perf_counter()
    reload = _timed_build(site, dirty)
    plugin.indexer.wait()
    searchable = time.perf_counter() - start
    _plugin_cache().clear()
    return full, reload, searchable


def main() -> None:
    """Build a 2,000-case site in a temporary folder and print the figures."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")
    print(f"serve reload in a {CASES}-case site")
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as folder:
        site = make_site(Path(folder) / "site")
        for dirty, how in ((True, "make serve (mkdocs serve --dirty)"), (False, "mkdocs serve")):
            # The target is make serve's: its figures are the median of ROUNDS full builds
            # and reloads, each reload against the build before it; this machine is noisy.
            rounds = sorted((measure(site, dirty) for _ in range(ROUNDS if dirty else 1)),
                            key=lambda figures: figures[1] / figures[0])  # fmt: skip
            full, reload, searchable = rounds[len(rounds) // 2]
            print(f"  {how}" + (f", the median of {len(rounds)} rounds:" if dirty else ":"))
            print(f"    full build:          {full:6.2f} s")
            print(f"    reload after 1 edit: {reload:6.2f} s")
            print(f"    ratio:               {reload / full:6.3f} (target <= {RELOAD_TARGET})")
            print(
                f"    search up to date:   {searchable:6.2f} s after the edit (in the background)"
            )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"  peak memory:           {peak_kib / 1024:6.0f} MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
