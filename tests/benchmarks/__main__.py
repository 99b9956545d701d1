"""Run the benchmarks: ``python -m tests.benchmarks``."""

from tests.benchmarks import reload, scale

reload.main()
scale.main()
