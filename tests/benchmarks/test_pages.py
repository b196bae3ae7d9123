"""Smoke test of the page benchmark at a hundredth of the data, against gunicorn and PostgreSQL.

Runs only when ``DATABASE_URL`` names a PostgreSQL server and ``BENCH_SMOKE=1`` is set (the
benchmark creates and drops its own scratch database there and never touches the database
named in the URL; it takes minutes, so CI leaves it to ``make bench``: the query budgets it
checks are also checked in-process by ``tests/perf/test_bench_pages_queries.py``). Timings
are printed, never asserted: what is checked is that every page answers and within its
query budget, and that each page has its summary row against the baseline.
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
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    or os.environ.get("BENCH_SMOKE") != "1",
    reason="the page benchmark needs PostgreSQL and minutes: set DATABASE_URL and BENCH_SMOKE=1",
)


def test_every_page_answers_within_its_query_budget(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    environment = {
        **os.environ,
        "BENCH_OUT": str(out),
        "BENCH_PAGES_DATABASE": f"socialtech_bench_pages_smoke_{os.getpid()}",
    }

    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "pages",
            "--scale=0.01",
            "--requests=4",
            "--concurrency=2",
        ],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    figures = json.loads(out.read_text())["pages"]
    assert figures["baseline"]["errors"] == 0
    assert len(figures["pages"]) >= 20
    for page in figures["pages"]:
        assert page["errors"] == 0, page
        assert page["statuses"] == [200], page
        assert page["queries"] <= 15, page
    measures = [row["measure"] for row in figures["summary"]]
    assert len(measures) == len(figures["pages"]) + 1
    assert all(row["ratio"] > 0 for row in figures["summary"][1:])
