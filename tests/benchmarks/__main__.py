"""Run the benchmarks: ``python -m tests.benchmarks``."""

from tests.benchmarks import markdown_cost, reload, scale

reload.main()
scale.main()
markdown_cost.main()
