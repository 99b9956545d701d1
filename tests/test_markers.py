from __future__ import annotations

from generator.content.markers import find_markers, replace_markers

PAGE = """# Home

<!-- casebook:stats -->

```markdown
<!-- casebook:recent 3 -->
```

  <!-- casebook:recent 5 -->
    <!-- casebook:recent 9 -->
<!-- casebook:results ais=A protocol=p -->
"""


def test_markers_outside_code_are_found_with_their_lines() -> None:
    found = find_markers(PAGE)
    assert [(m.name, m.args, m.line) for m in found] == [
        ("stats", (), 3),
        ("recent", ("5",), 9),
        ("results", ("ais=A", "protocol=p"), 11),
    ]
    assert found[2].options == {"ais": "A", "protocol": "p"}


def test_markers_are_replaced_by_their_blocks() -> None:
    out = replace_markers(PAGE, lambda m: f"BLOCK {m.name}")
    assert "BLOCK stats" in out and "BLOCK recent" in out
    assert "<!-- casebook:recent 3 -->" in out  # inside the fence, left alone
    assert "<!-- casebook:stats -->" not in out


def test_a_marker_rendered_as_none_stays_as_written() -> None:
    out = replace_markers(PAGE, lambda m: None if m.name == "recent" else "BLOCK")
    assert "  <!-- casebook:recent 5 -->\n" in out
    assert out.count("BLOCK") == 2
