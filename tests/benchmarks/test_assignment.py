"""The assignment benchmark's pure parts at a small size: instances with k = 5, the LP."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.assignment import (
    Instance,
    measure,
    parse_size,
    size_text,
    solve_with_lp,
    targets,
)
from evaluations.assignment import SCALE, solve


def test_sizes_carry_their_k_and_default_to_three() -> None:
    assert parse_size("10000x2000k5") == (10000, 2000, 5)
    assert parse_size("600x40") == (600, 40, 3)
    assert size_text(10000, 2000, 5) == "10000x2000k5"
    assert parse_size(size_text(600, 40, 3)) == (600, 40, 3)


def test_an_instance_with_k_five_asks_five_evaluators_per_application() -> None:
    instance = Instance.random(100, 40, seed=3, k=5)

    result = solve(instance.problem())

    counts = np.bincount([application for application, _ in result.pairs], minlength=100)
    assert set(counts.tolist()) == {5}
    assert instance.min_load[0] == 500 // 40 - 1 and instance.max_load[0] == -(-500 // 40) + 1
    loads = np.array(list(result.load.values()))
    assert loads.min() >= instance.min_load[0] and loads.max() <= instance.max_load[0]


@pytest.mark.parametrize(("applications", "evaluators", "k"), [(120, 30, 5), (200, 60, 5)])
def test_the_solver_reaches_the_lp_optimum_with_k_five(
    applications: int, evaluators: int, k: int
) -> None:
    instance = Instance.random(applications, evaluators, seed=applications + evaluators, k=k)

    lp = solve_with_lp(instance, time_limit=120)
    result = solve(instance.problem())

    assert lp.status == "optimal"
    assert lp.objective is not None
    assert abs(lp.objective - result.total_affinity) <= len(result.pairs) / SCALE + 1e-9


def test_an_lp_stopped_by_its_time_limit_has_no_optimum_to_compare() -> None:
    figures = measure(400, 80, repeats=1, run_lp=True, lp_time_limit=1e-9, k=5)

    assert figures["k"] == 5
    assert figures["lp_status"] == "time limit"
    assert figures["same_optimum"] is None and figures["speedup_is_lower_bound"]
    names = [check["target"] for check in targets([figures])]
    assert not any("same total affinity" in name for name in names)


def test_the_largest_size_has_a_thirty_second_target() -> None:
    figures = {
        "applications": 10000,
        "evaluators": 2000,
        "k": 5,
        "ours_seconds": 31.0,
        "speedup": None,
        "speedup_is_lower_bound": False,
        "same_optimum": None,
    }

    checks = targets([figures])

    assert checks[0]["target"] == "10,000 × 2,000, k = 5 solved within 30 s"
    assert checks[0]["status"] == "FAIL"
    assert targets([figures | {"ours_seconds": 12.0}])[0]["status"] == "PASS"
