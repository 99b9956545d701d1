"""The build date: read once, at the edge (the plugin or the command line), never deep inside."""

from __future__ import annotations

import datetime as dt
import os

from generator.content.errors import ConfigError, one_line


def build_date() -> dt.date:
    """Return the date a build treats as today: ``SOURCE_DATE_EPOCH`` when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            date = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            date = None
        if date is None or not 1970 <= date.year < 3000:
            message = f"SOURCE_DATE_EPOCH={one_line(epoch)!r} is not a Unix timestamp (seconds"
            raise ConfigError(f"{message} since 1970, such as 1795000000); fix or unset it")
        return date
    return dt.datetime.now(tz=dt.UTC).date()
