"""Smoke test of the deadline-rush benchmark: five applicants against gunicorn and PostgreSQL.

Runs only when ``DATABASE_URL`` names a PostgreSQL server (the benchmark creates and drops
its own scratch database there and never touches the database named in the URL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the deadline rush needs PostgreSQL: set DATABASE_URL",
)


def test_deadline_rush_with_five_applicants_loses_no_submission(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    environment = {
        **os.environ,
        "BENCH_OUT": str(out),
        "BENCH_DATABASE_NAME": f"socialtech_bench_smoke_{os.getpid()}",
    }

    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "deadline_rush",
            "--applicants=5",
            "--concurrency=4",
            "--workers=2",
            "--threads=2",
            "--double-clicks=0.4",
        ],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    figures = json.loads(out.read_text())["deadline_rush"]
    checks = figures["checks"]
    assert figures["lost"] == 0
    assert checks["submitted"] == 5 and checks["applications"] == 5
    assert checks["receipts_unique"] and checks["receipts_consecutive"]
    assert checks["double_clicks"] == 2 == checks["double_clicks_same_receipt"]
    assert figures["rush"]["requests"] == 7 and figures["rush"]["errors"] == 0
    assert figures["baseline"]["requests"] >= 1000
    assert figures["throughput_ratio"] > 0
