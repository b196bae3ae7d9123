"""Benchmarks: each module has ``run(args) -> dict`` and reports ratios to an in-run baseline."""
