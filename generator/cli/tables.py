"""``casebook tables``: copy the packaged reference tables into a site, to edit them there."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.content.errors import ConfigError
from generator.content.reference import DATA_DIR, MEASURES_FILE, RECOVERY_FILE


def copy_tables(reference_dir: Path) -> list[Path]:
    """Copy ``measures.yml`` and ``natural-recovery.yml`` into ``reference_dir``.

    Returns:
        The files written.

    Raises:
        ConfigError: One of them exists already: a site's own table is never overwritten.
    """
    targets = [reference_dir / name for name in (MEASURES_FILE, RECOVERY_FILE)]
    existing = [str(path) for path in targets if path.exists()]
    if existing:
        raise ConfigError(f"{', '.join(existing)} exists already; edit it, or remove it first")
    reference_dir.mkdir(parents=True, exist_ok=True)
    for target in targets:
        shutil.copyfile(DATA_DIR / target.name, target)
    return targets
