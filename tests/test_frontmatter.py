from __future__ import annotations

import datetime as dt

from generator.render.frontmatter import safe_meta


def test_every_string_is_escaped_at_any_depth() -> None:
    meta = {
        "title": "</title><script>alert(1)</script>",
        "description": '"><svg onload=alert(1)>',
        "search": {"boost": 2, "exclude": False},
        "tags": ["<b>x</b>", "plain"],
        "protocol": {"name": "A & B", "phases": [{"name": "<i>x</i>"}]},
        "date": dt.date(2024, 1, 2),
    }
    assert safe_meta(meta) == {
        "title": "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "description": "&quot;&gt;&lt;svg onload=alert(1)&gt;",
        "search": {"boost": 2, "exclude": False},
        "tags": ["&lt;b&gt;x&lt;/b&gt;", "plain"],
        "protocol": {"name": "A &amp; B", "phases": [{"name": "&lt;i&gt;x&lt;/i&gt;"}]},
        "date": dt.date(2024, 1, 2),
    }


def test_escaping_is_idempotent_and_reads_entities_first() -> None:
    # Generated case pages write their titles entity-encoded; they must not be escaped twice.
    assert safe_meta("Walking &#60;again&#62; &amp; more") == "Walking &lt;again&gt; &amp; more"
    once = safe_meta("<b>R&D</b>")
    assert safe_meta(once) == once == "&lt;b&gt;R&amp;D&lt;/b&gt;"


def test_plain_words_are_unchanged() -> None:
    assert safe_meta({"title": "Cost estimate", "hide": ["navigation", "toc"]}) == {
        "title": "Cost estimate",
        "hide": ["navigation", "toc"],
    }
