"""The review fields of hand-written pages' front matter."""

from __future__ import annotations

from generator.content.pagemeta import read_page_meta

PAGE = """---
title: Evidence
reviewed:
  by: Medical director
  on: 2026-11
  next: 2027-05
reviewed_claims:
  - Most people recover some function in the first year.
---

Text.
"""


def test_a_page_s_review_and_allowances_are_read_with_their_lines() -> None:
    meta, problems = read_page_meta(PAGE, "content/evidence.md")
    assert problems == [] and meta is not None
    assert meta.review is not None and meta.review.by == "Medical director"
    assert (str(meta.review.on), str(meta.review.next)) == ("2026-11", "2027-05")
    assert meta.allowed == ("Most people recover some function in the first year.",)
    assert meta.doc.locate(("reviewed", "next")) == (6, 9)  # lines of the page, not of the YAML
    assert meta.doc.locate(("reviewed_claims", 0)) == (8, 5)


def test_a_page_without_review_fields_is_not_parsed_strictly() -> None:
    # Front matter the theme reads (tags, anchors, anything) is not ours to judge.
    page = "---\ntitle: &t A\nhide: [toc]\nalias: *t\n---\nText.\n"
    assert read_page_meta(page, "p.md") == (None, [])
    assert read_page_meta("No front matter; reviewed in 2026.", "p.md") == (None, [])


def test_a_wrong_review_is_located_by_field_and_line() -> None:
    page = PAGE.replace("  next: 2027-05", "  next: soon").replace("by: Medical director", "bx: x")
    meta, problems = read_page_meta(page, "content/evidence.md")
    assert meta is None
    found = {(p.line, p.field) for p in problems}
    assert (4, "reviewed.bx") in found and (6, "reviewed.next") in found
    assert all(p.path == "content/evidence.md" for p in problems)


def test_a_plain_date_is_not_a_review() -> None:
    meta, problems = read_page_meta("---\nreviewed: 2026-11\n---\n", "p.md")
    assert meta is None
    assert [(p.line, p.field) for p in problems] == [(2, "reviewed")]


def test_review_before_it_was_done_is_refused() -> None:
    page = PAGE.replace("next: 2027-05", "next: 2026-10")
    meta, problems = read_page_meta(page, "p.md")
    assert meta is None
    assert [(p.line, p.field, p.message) for p in problems] == [
        (6, "reviewed.next", "must be after reviewed.on (2026-11)")
    ]
