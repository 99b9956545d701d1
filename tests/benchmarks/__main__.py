"""Run the benchmarks: ``python -m tests.benchmarks``.

The scaling builds run first, while this process is small: a build process forked from a
large one starts with that one's memory high-water mark, which would hide its own.
"""

from tests.benchmarks import caseload, languages, markdown_cost, reload, scale, validate_cost

scale.main()
reload.main()
markdown_cost.main()
validate_cost.main()
caseload.main()
languages.main()
