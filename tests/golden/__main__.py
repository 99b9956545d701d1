"""``python -m tests.golden``: regenerate the golden rendered pages."""

from tests.golden import write_goldens

for path in write_goldens():
    print(f"wrote {path}")
