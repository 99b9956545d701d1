"""Run the benchmarks: ``python -m tests.benchmarks``."""

from tests.benchmarks.reload import main

main()
