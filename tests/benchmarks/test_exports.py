"""Smoke test of the exports benchmark: 5,000 applications through CSV, XLSX and the bare
csv.writer, in a scratch SQLite database (the benchmark's own, never the test database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_the_quick_export_benchmark_writes_every_row_in_each_format(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    environment = {**os.environ, "BENCH_OUT": str(out)}
    environment.pop("DATABASE_URL", None)

    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "exports", "--quick"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    figures = json.loads(out.read_text())["exports"]
    assert figures["rows"] == 5000
    for kind in ("bare", "csv", "xlsx"):
        assert figures[kind]["rows"] == 5000, kind
        assert figures[kind]["rows_per_second"] > 0
        assert figures[kind]["file_mb"] > 0
    assert figures["csv_time_ratio_to_bare"] > 0
    assert set(figures["targets"]) == {
        "csv_rows_per_second_at_least_20000",
        "csv_peak_memory_below_200_mb",
        "xlsx_peak_memory_below_200_mb",
    }
