from __future__ import annotations

import pytest

from generator.content.errors import ContentError
from generator.content.markers import (
    Marker,
    MarkerError,
    count_argument,
    find_markers,
    replace_markers,
)

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
    out = replace_markers(PAGE, lambda m: f"BLOCK {m.name}", "index.md")
    assert "BLOCK stats" in out and "BLOCK recent" in out
    assert "<!-- casebook:recent 3 -->" in out  # inside the fence, left alone
    assert "<!-- casebook:stats -->" not in out


def test_wrong_markers_are_reported_with_file_and_line() -> None:
    def render(marker: Marker) -> str:
        raise MarkerError(marker, "unknown marker")

    with pytest.raises(ContentError) as caught:
        replace_markers("text\n<!-- casebook:nope -->\n", render, "content/x.md")
    assert "content/x.md:2:1: casebook:nope: unknown marker" in str(caught.value)


@pytest.mark.parametrize("args", [("0",), ("x",), ("3", "4"), ("101",)])
def test_count_argument_is_checked(args: tuple[str, ...]) -> None:
    with pytest.raises(MarkerError):
        count_argument(Marker("recent", args, 1), 5, 100)


def test_count_argument_default() -> None:
    assert count_argument(Marker("recent", (), 1), 5, 100) == 5
    assert count_argument(Marker("recent", ("12",), 1), 5, 100) == 12
