"""Benchmarks, run by `make bench` (`python -m tests.benchmarks`), never by pytest."""
