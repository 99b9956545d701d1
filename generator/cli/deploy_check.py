"""``casebook deploy-check``: what in a built site would run, or load, what the site did not write.

Before a deploy, every page must carry the Content Security Policy the build computes
(render/csp.py), every inline script must be allowed by its hash in that policy (one that is
not would be refused by the browser: a script in hand-written content, or a page edited after
the build), no element may carry an inline event handler or a ``javascript:`` address (the
policy refuses both), and nothing may load from another host (links to other sites are fine:
they load nothing until followed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.render.csp import META_NAME, inline_scripts

_POLICY = re.compile(rf'<meta\s+http-equiv="{META_NAME}"\s+content="([^"]*)"', re.IGNORECASE)
_HANDLER = re.compile(r"<[a-zA-Z][^<>]*?\s(on[a-z]+)\s*=", re.IGNORECASE)
_JAVASCRIPT_URL = re.compile(
    r"""\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I
)
# Attributes that make the browser fetch something (an <a href> only links).
_LOADS = re.compile(
    r"""<(?!a\b)([a-zA-Z][\w-]*)\b[^<>]*?\s(src|href|srcset|poster|data|action|formaction)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""", re.IGNORECASE)
# <link rel> values that fetch nothing by themselves.
_NOT_FETCHED = re.compile(r"""\srel\s*=\s*["']?(?:canonical|alternate|author|license)\b""", re.I)


@dataclass(frozen=True)
class Finding:
    """One thing a deploy should not publish, located in a built file."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def check_site(site_dir: Path, own_host: str | None) -> list[Finding]:
    """Check every HTML page and stylesheet of the built site in ``site_dir``.

    Args:
        site_dir: The built site.
        own_host: The host of the site's ``site_url``, whose absolute addresses are its own.

    Returns:
        Every finding, in file order.
    """
    findings: list[Finding] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html" and path.is_file():
            findings += check_page(path, path.read_text("utf-8", "replace"), own_host)
        elif path.suffix == ".css" and path.is_file():
            text = path.read_text("utf-8", "replace")
            findings += _foreign_in_css(path, text, own_host)
    return findings


def check_page(path: Path, page: str, own_host: str | None) -> list[Finding]:
    """Return what in one built page the policy would refuse, or that loads from elsewhere."""
    found = _POLICY.search(page)
    if found is None:
        return [Finding(path, 1, f"no {META_NAME} in the page's head")]
    allowed = set(_script_sources(found.group(1)))
    findings = [
        Finding(
            path, _line(page, script.offset), f"inline script not in the policy ({script.source})"
        )
        for script in inline_scripts(page)
        if script.source not in allowed
    ]
    findings += [
        Finding(path, _line(page, m.start(1)), f"inline event handler {m.group(1)}=")
        for m in _HANDLER.finditer(page)
    ]
    findings += [
        Finding(path, _line(page, m.start()), "javascript: address")
        for m in _JAVASCRIPT_URL.finditer(page)
    ]
    return findings + list(_foreign_in_page(path, page, own_host))


def _script_sources(policy: str) -> list[str]:
    for directive in policy.split(";"):
        name, _, value = directive.strip().partition(" ")
        if name == "script-src":
            return value.split()
    return []


def _foreign_in_page(path: Path, page: str, own_host: str | None) -> Iterator[Finding]:
    for match in _LOADS.finditer(page):
        if match.group(1).lower() == "link" and _NOT_FETCHED.search(match.group(0)):
            continue
        value = match.group(3) if match.group(3) is not None else match.group(4)
        for address in value.split(",") if match.group(2).lower() == "srcset" else [value]:
            host = foreign_host(address.strip().split(" ")[0], own_host)
            if host:
                yield Finding(path, _line(page, match.start()), f"loads from another host: {host}")
    yield from _foreign_in_css(path, page, own_host)  # style elements and attributes


def _foreign_in_css(path: Path, text: str, own_host: str | None) -> list[Finding]:
    return [
        Finding(path, _line(text, m.start()), f"loads from another host: {host}")
        for m in _CSS_URL.finditer(text)
        if (host := foreign_host(m.group(1), own_host))
    ]


def foreign_host(address: str, own_host: str | None) -> str | None:
    """Return the host ``address`` points to when it is not the site's own, else ``None``."""
    parts = urlsplit(address.strip())
    if parts.scheme.lower() not in ("http", "https", "") or not parts.netloc:
        return None  # relative, data:, mailto:, tel:, #fragment
    host = parts.hostname or parts.netloc
    return None if own_host and host == own_host.lower() else host


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
