"""``python -m benchmarks`` ends with one table of every benchmark's summary rows and writes
them, with each benchmark's own result, to ``BENCH_OUT``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks._summary import COLUMNS, row, table

BASE_DIR = Path(__file__).resolve().parents[2]


def test_the_table_shows_every_row_of_every_benchmark_with_its_verdict() -> None:
    text = table(
        {
            "pages": [
                row("GET /health/ (baseline)", 512.0, "req/s"),
                row(
                    "Call list (4 queries)",
                    300.5,
                    "req/s",
                    baseline="GET /health/",
                    ratio=0.587,
                    target=">= 0.5",
                    met=True,
                ),
            ],
            "exports": [
                row(
                    "CSV export",
                    18000.0,
                    "rows/s",
                    baseline="bare csv.writer",
                    ratio=1.4,
                    target=">= 20,000 rows/s",
                    met=False,
                ),
            ],
        }
    )
    lines = text.splitlines()
    assert lines[0].split() == [
        "benchmark",
        "measure",
        "value",
        "unit",
        "ratio",
        "baseline",
        "target",
        "met",
    ]
    assert len(lines) == 4
    assert lines[1].startswith("pages") and lines[1].endswith("–")
    assert "0.587" in lines[2] and lines[2].endswith("yes")
    assert lines[3].startswith("exports") and "18,000.0" in lines[3] and lines[3].endswith("NO")


def test_a_quick_run_prints_the_table_and_writes_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    environment = {**os.environ, "BENCH_OUT": str(out)}
    environment.pop("DATABASE_URL", None)

    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "agreements", "--quick"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "== summary" in completed.stdout
    document = json.loads(out.read_text())
    assert document["agreements"]["agreements"] == 10
    rows = document["summary_table"]["agreements"]
    assert rows == document["agreements"]["summary"]
    assert rows and all(tuple(item) == COLUMNS for item in rows)
    assert rows[0]["ratio"] == document["agreements"]["overhead_ratio"]
    assert rows[0]["met"] == (rows[0]["ratio"] <= 1.2)
    assert document["run"]["command"] == "python -m benchmarks agreements --quick"
    assert rows[0]["measure"] in completed.stdout.split("== summary", 1)[1]
