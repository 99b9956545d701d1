"""Build time and memory as the number of cases grows: cases stay out of the nav, so a build
should grow linearly (listing them in the nav makes it quadratic).

Builds sites of 200, 2,000 and 5,000 cases with plain ``mkdocs build``, each in its own process
so its peak memory is its own, and prints time per case and the ratio of the largest to the
smallest (about 1 when linear; the target is at most 1.1x) and the peak memory of the largest
(target under 1 GiB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.reload import make_site

SIZES = (200, 2000, 5000)
PER_CASE_TARGET, MEMORY_TARGET_MIB = 1.1, 1024


def build_once(site: Path, output: Path | None = None) -> tuple[float, float]:
    """Build ``site`` in a child process; return seconds and the child's peak memory in MiB.

    Args:
        site: The folder holding ``mkdocs.yml``.
        output: Where to write the site (``site/site`` if not given).
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    if output is not None:
        command += ["--site-dir", str(output)]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=site, env=env)
    # This build's own peak, with Pagefind's: not the largest child this process ever had
    # (a process forked from a large benchmark counts that benchmark's memory as its own).
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, child.args)
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    """Build each size once and print the figures."""
    per_case = []
    print("build scaling (plain mkdocs build, cases not in the nav)")
    with tempfile.TemporaryDirectory(prefix="casebook-scale-") as folder:
        for size in SIZES:
            seconds, peak = build_once(make_site(Path(folder) / str(size), size))
            per_case.append(seconds / size)
            print(
                f"  {size:5d} cases: {seconds:6.2f} s, {1000 * seconds / size:5.1f} ms a case,"
                f" peak memory {peak:5.0f} MiB"
            )
    print(
        f"  time per case, {SIZES[-1]} vs {SIZES[0]}: {per_case[-1] / per_case[0]:.2f}x"
        f" (target <= {PER_CASE_TARGET}x; about 1 when linear)"
    )
    print(f"  peak memory at {SIZES[-1]} cases: {peak:.0f} MiB (target < {MEMORY_TARGET_MIB} MiB)")
    sys.stdout.flush()
