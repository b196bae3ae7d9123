"""The scale-out benchmark's arithmetic: cores from measured CPU per request, and its rows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from benchmarks._processes import growth
from benchmarks.scale_out import Assumptions, CpuCosts, capacity, costs_from, summary_rows

COSTS = CpuCosts(
    web_per_view=0.02,
    web_per_submit=0.1,
    database_per_view=0.005,
    database_per_submit=0.05,
    worker_per_receipt=0.5,
)


def test_cores_follow_from_the_peak_rates_and_the_cpu_per_request() -> None:
    plan = capacity(COSTS, Assumptions())

    # 10,000 × 0.5 = 5,000 submits in the hour; × 3 at the peak = 4.1667 submits/s,
    # × 40 = 166.67 pages/s; receipts at the hour's average, 1.3889/s.
    assert plan["peak_submits_per_second"] == 4.167
    assert plan["peak_views_per_second"] == 166.67
    assert plan["receipts_per_second"] == 1.389
    # web: 166.67 × 0.02 + 4.1667 × 0.1 = 3.75 busy cores, ÷ 0.6 = 6.25 → 7
    assert plan["busy_cores"]["web"] == 3.75
    assert plan["cores"] == {"web": 7, "database": 2, "worker": 2}
    assert plan["total_cores"] == 11


def test_the_assumptions_move_the_answer() -> None:
    base = capacity(COSTS)["cores"]["web"]
    twice = capacity(COSTS, replace(Assumptions(), applicants=20_000))["cores"]["web"]
    calmer = capacity(COSTS, replace(Assumptions(), peak_factor=1.0))["cores"]["web"]

    assert twice == 13 and base == 7
    assert calmer < base
    assert capacity(replace(COSTS, worker_per_receipt=0.0))["cores"]["worker"] == 1


def _level(web: int, reads: float, submits: float, receipts: float) -> dict[str, Any]:
    return {
        "web_processes": web,
        "celery_workers": web,
        "reads": {
            "per_second": reads,
            "requests": 1000,
            "errors": 0,
            "cpu": {"web": 20.0, "database": 5.0, "worker": 0.0},
        },
        "submits": {
            "per_second": submits,
            "requests": 100,
            "receipts": 100,
            "receipts_per_second": receipts,
            "errors": 1,
            "cpu": {"web": 10.0, "database": 5.0, "worker": 50.0},
        },
    }


def test_costs_are_cpu_seconds_per_request_of_a_level() -> None:
    assert costs_from(_level(1, 100.0, 10.0, 2.0)) == COSTS


def test_the_summary_gives_the_ratio_of_two_processes_to_one() -> None:
    levels = [_level(1, 100.0, 10.0, 2.0), _level(2, 150.0, 12.0, 3.0)]

    rows = summary_rows(levels, capacity(COSTS))

    reads = rows[0]
    assert reads["value"] == 150.0 and reads["ratio"] == 1.5
    assert rows[1]["ratio"] == 1.2 and rows[2]["ratio"] == 1.5
    assert rows[3]["value"] == 11.0
    assert rows[4]["value"] == 2.0 and rows[4]["met"] is False
    assert set(rows[0]) == {"measure", "value", "unit", "baseline", "ratio", "target", "met"}


def test_memory_growth_is_relative_to_the_start() -> None:
    assert growth(100, 110) == 0.1
    assert growth(200, 190) == -0.05
    assert growth(0, 10) is None
