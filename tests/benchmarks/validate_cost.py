"""How long ``casebook validate`` takes against a bare parse of the same case files.

Builds a 2,000-case site (the sample's cases copied with new ids), then times, in one run and
each in its own process: ``casebook validate``, and a bare script that reads every case file
with PyYAML's C loader (``yaml.load(text, Loader=yaml.CSafeLoader)``) and nothing else. Both
start a Python interpreter, so the ratio includes that fixed cost on each side. Issue 13's
target is at most 1.5x (aim 1.2x).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.reload import make_site

CASES = 2000
TARGET = 1.5
BARE = (
    "import pathlib, sys, yaml\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).glob('*.yml')):\n"
    "    yaml.load(path.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)


def _timed(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000"}
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    """Time both on one site and print the figures with the target."""
    print(f"casebook validate against a bare C-loader parse, {CASES} case files")
    with tempfile.TemporaryDirectory(prefix="casebook-validate-") as folder:
        site = make_site(Path(folder) / "site", CASES)
        bare = _timed([sys.executable, "-c", BARE, str(site / "cases")], site)
        validate = _timed([sys.executable, "-m", "generator", "validate"], site)
    print(f"  bare parse:        {bare:6.2f} s")
    print(f"  casebook validate: {validate:6.2f} s")
    print(f"  ratio:             {validate / bare:6.2f}x (target <= {TARGET}x, aim 1.2x)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
