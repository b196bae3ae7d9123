"""A realistic data set for the benchmarks, written in bulk (``manage.py seed_bench``).

At scale 1: 2 programmes, 20 calls with a 40-field form, 20,000 applications (10 % drafts),
300 evaluators, 60,000 reviews, 5,000 awards with their tranches, 2,000 vouchers, 1,000
courses with 50,000 enrolments, and 200 news items and 200 events. Every figure scales with
``scale`` (at least one of each). The rows are written with ``bulk_create`` and no audit
rows: this is a load for measuring pages, not a history of people's actions.
"""

from demo.bench.seeding import BENCH_DOMAIN, BenchRefused, bench_counts, seed_bench
from demo.bench.sizes import Sizes

__all__ = ["BENCH_DOMAIN", "BenchRefused", "Sizes", "bench_counts", "seed_bench"]
