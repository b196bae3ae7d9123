"""``python manage.py seed_bench [--scale=1] [--force]``: the benchmarks' data set."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.bench import BenchRefused, seed_bench


class Command(BaseCommand):
    help = (
        "Write the benchmarks' data set in bulk: 2 programmes, 20 calls, 20,000 applications, "
        "60,000 reviews, 5,000 awards, 2,000 vouchers, 1,000 courses and more (at --scale=1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Share of the full size (0.01 for tests)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database holds other programmes or accounts.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            counts = seed_bench(
                scale=options["scale"], force=options["force"], say=self.stdout.write
            )
        except (BenchRefused, ValueError) as error:
            raise CommandError(str(error)) from error
        for name, count in counts.items():
            self.stdout.write(f"  {name:13} {count:>8,}")
        self.stdout.write(
            self.style.SUCCESS(f"Bench data written in {time.perf_counter() - started:.1f} s.")
        )
