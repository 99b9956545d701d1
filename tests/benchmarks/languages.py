"""A site in two languages against the same site in one: build time at 1,000 cases.

Both sites hold the same 1,000 published cases. The one-language site is English only; the
two-language site is the sample's English and Spanish, every added case with a Spanish
translation (tests/benchmarks/reload.py ``make_site``), so it builds every case page, listing
page and feed twice and loads a translation per case. Both build in their own process, each
into a new, empty folder, five times in turn; the ratio is the median of the pairs' ratios
(target: at most 1.6, issue "Reach").

``python -m tests.benchmarks.languages`` runs it alone.

Timing starts once the file system has settled: this machine's ext4 has no journal, and on
such a file system a file created within about 30 s of a mass deletion (the benchmarks before
this one delete their sites) takes several times longer to create (the kernel's
``recently_deleted`` check skips each inode freed in that window). That would charge the build
that writes more files, the two-language one, for an earlier benchmark's cleanup.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from tests.benchmarks.reload import make_site
from tests.benchmarks.scale import build_once

CASES = 1000
PAIRS = 5
TARGET = 1.6
SETTLE_SECONDS = 35  # ext4's window for recently deleted inodes is 30 s (35 with dirty blocks)


def main() -> None:
    """Build both sites in turn and print each pair and the median ratio."""
    print(f"two languages against one, {CASES} cases")
    with tempfile.TemporaryDirectory(prefix="casebook-languages-") as folder:
        root = Path(folder)
        one = make_site(root / "one", CASES)
        two = make_site(root / "two", CASES, languages=True)
        time.sleep(SETTLE_SECONDS)
        timed = []
        for number in range(PAIRS):
            alone, _ = build_once(one, one / f"site-{number}")
            both, _ = build_once(two, two / f"site-{number}")
            timed.append((alone, both))
        pages = [len(list((site / "site-0").rglob("index.html"))) for site in (one, two)]
    for number, (alone, both) in enumerate(timed, start=1):
        print(
            f"  pair {number}: English {alone:5.1f} s ({pages[0]} pages); English and Spanish "
            f"{both:5.1f} s ({pages[1]} pages); ratio {both / alone:.2f}x"
        )
    ratio = statistics.median(both / alone for alone, both in timed)
    print(f"  ratio, median of {PAIRS} pairs: {ratio:.2f}x (target <= {TARGET}x)")


if __name__ == "__main__":
    main()
