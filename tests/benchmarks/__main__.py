"""Run the benchmarks: ``python -m tests.benchmarks``."""

from tests.benchmarks import caseload, markdown_cost, reload, scale, validate_cost

reload.main()
scale.main()
markdown_cost.main()
validate_cost.main()
caseload.main()
