"""Evaluator assignment: our min-cost flow against SciPy's HiGHS LP on the same instances.

Instances follow the domain notes (§2.4): k = 3 evaluators per application (k = 5 at the
largest size, 10,000 applications × 2,000 evaluators), 2% random conflicts, uniform random
affinities, loads balanced ±1 around the average (min = floor(demand / evaluators) - 1,
max = ceil(demand / evaluators) + 1).

For each size the benchmark times :func:`evaluations.assignment.solve` end to end
(feasibility checks, graph, flow, pairs and alternates) and the LP relaxation of the same
b-matching solved by ``scipy.optimize.milp`` without integrality (HiGHS; the constraint
matrix is totally unimodular, so the LP optimum is the integer optimum), matrix building
included. Runs alternate between the two so both see the same machine load; the median
is reported. It checks that both reach the same total affinity and prints PASS or FAIL
per target without asserting anything.

Options (``python -m benchmarks assignment --skip-lp-above=5000``; ``benchmarks/__main__``
takes every argument without a leading dash for a benchmark name, so write ``--name=value``):
  --repeats=N          runs per size below 5,000 applications (default 3; one run above)
  --skip-lp-above=N    skip the LP for sizes with more than N applications (default 2000;
                       the LP at 5,000 × 800 takes minutes, at 10,000 × 2,000 its 20 million
                       variables take hours and several GB)
  --lp-time-limit=S    stop an LP after S seconds and report the speed-up as a lower bound
                       (default 900); a stopped LP has no optimum to compare with
  --sizes=600x40,...   instead of 600x40,2000x200,5000x800,10000x2000k5 (``k5``: five
                       evaluators per application; k = 3 without it)
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from evaluations.assignment import SCALE, AssignmentProblem, AssignmentResult, solve

K = 3
CONFLICT_SHARE = 0.02
DEFAULT_SIZES = ((600, 40, 3), (2000, 200, 3), (5000, 800, 3), (10000, 2000, 5))
TIME_TARGETS = {(2000, 200): 2.0, (5000, 800): 20.0, (10000, 2000): 30.0}
MINIMUM_SPEEDUP = 10.0
SINGLE_RUN_FROM = 5000  # applications


@dataclass(frozen=True)
class Instance:
    affinity: np.ndarray
    conflicts: np.ndarray
    min_load: np.ndarray
    max_load: np.ndarray
    k: int = K

    @classmethod
    def random(cls, applications: int, evaluators: int, *, seed: int, k: int = K) -> Instance:
        rng = np.random.default_rng(seed)
        demand = applications * k
        return cls(
            affinity=rng.random((applications, evaluators)),
            conflicts=rng.random((applications, evaluators)) < CONFLICT_SHARE,
            min_load=np.full(evaluators, max(0, demand // evaluators - 1)),
            max_load=np.full(evaluators, -(-demand // evaluators) + 1),
            k=k,
        )

    def problem(self) -> AssignmentProblem:
        applications, evaluators = self.affinity.shape
        return AssignmentProblem(
            applications=range(applications),
            evaluators=range(evaluators),
            affinity=self.affinity,
            conflicts=self.conflicts,
            k=self.k,
            min_load=self.min_load,
            max_load=self.max_load,
        )


@dataclass(frozen=True)
class LpOutcome:
    seconds: float
    objective: float | None
    status: str  # "optimal", "time limit" or the HiGHS message


def solve_with_lp(instance: Instance, *, time_limit: float) -> LpOutcome:
    """Maximise Σ affinity·x over x ∈ [0, 1] for pairs without conflict; Σ_e x = k, min ≤ Σ_a x ≤ max."""
    started = time.perf_counter()
    applications, evaluators = instance.affinity.shape
    pair_applications, pair_evaluators = np.nonzero(~instance.conflicts)
    pairs = pair_applications.size
    matrix = coo_matrix(
        (
            np.ones(2 * pairs),
            (
                np.concatenate([pair_applications, applications + pair_evaluators]),
                np.concatenate([np.arange(pairs), np.arange(pairs)]),
            ),
        ),
        shape=(applications + evaluators, pairs),
    ).tocsr()
    lower = np.concatenate([np.full(applications, instance.k), instance.min_load])
    upper = np.concatenate([np.full(applications, instance.k), instance.max_load])
    result = milp(
        c=-instance.affinity[pair_applications, pair_evaluators],
        constraints=LinearConstraint(matrix, lower, upper),
        bounds=Bounds(0, 1),
        integrality=np.zeros(pairs),
        options={"time_limit": time_limit},
    )
    seconds = time.perf_counter() - started
    if result.status == 0:
        return LpOutcome(seconds, float(-result.fun), "optimal")
    if result.status == 1:
        return LpOutcome(seconds, None, "time limit")
    return LpOutcome(seconds, None, str(result.message))


def timed_solve(instance: Instance) -> tuple[float, float | None, AssignmentResult]:
    """Seconds for the whole solve (problem creation included) and for the flow stage alone."""
    marks: dict[int, float] = {}

    def note(percent: int) -> None:
        marks.setdefault(percent, time.perf_counter())

    started = time.perf_counter()
    result = solve(instance.problem(), progress=note)
    seconds = time.perf_counter() - started
    # The solver reports 30 % once the graph is built and 80 % once the flow is solved.
    flow_seconds = marks[80] - marks[30] if 30 in marks and 80 in marks else None
    return seconds, flow_seconds, result


def measure(
    applications: int,
    evaluators: int,
    *,
    repeats: int,
    run_lp: bool,
    lp_time_limit: float,
    k: int = K,
) -> dict[str, Any]:
    instance = Instance.random(applications, evaluators, seed=applications * 1000 + evaluators, k=k)
    runs = 1 if applications >= SINGLE_RUN_FROM else repeats
    load_before = os.getloadavg()[0]
    ours: list[float] = []
    flows: list[float] = []
    lp_runs: list[LpOutcome] = []
    result: AssignmentResult | None = None
    for _ in range(runs):
        seconds, flow_seconds, result = timed_solve(instance)
        ours.append(seconds)
        if flow_seconds is not None:
            flows.append(flow_seconds)
        if run_lp:
            lp_runs.append(solve_with_lp(instance, time_limit=lp_time_limit))
            if lp_runs[-1].status != "optimal":
                run_lp = False  # one time-limited LP says enough
    assert result is not None
    ours_seconds = statistics.median(ours)
    figures: dict[str, Any] = {
        "applications": applications,
        "evaluators": evaluators,
        "k": k,
        "pairs_without_conflict": int((~instance.conflicts).sum()),
        "load_band": [int(instance.min_load[0]), int(instance.max_load[0])],
        "runs": runs,
        "ours_seconds": ours_seconds,
        "ours_runs": ours,
        "flow_seconds": statistics.median(flows) if flows else None,
        "total_affinity": result.total_affinity,
        "load_average_before": load_before,
        "lp_status": "skipped",
        "lp_seconds": None,
        "lp_objective": None,
        "speedup": None,
        "speedup_is_lower_bound": False,
        "same_optimum": None,
    }
    if lp_runs:
        optimal = [run for run in lp_runs if run.status == "optimal"]
        if optimal:
            lp_seconds = statistics.median(run.seconds for run in optimal)
            objective = optimal[0].objective
            assert objective is not None
            tolerance = len(result.pairs) / SCALE + 1e-6 * abs(objective)
            figures |= {
                "lp_status": "optimal",
                "lp_seconds": lp_seconds,
                "lp_runs": [run.seconds for run in optimal],
                "lp_objective": objective,
                "speedup": lp_seconds / ours_seconds,
                "same_optimum": abs(objective - result.total_affinity) <= tolerance,
            }
        else:
            figures |= {
                "lp_status": lp_runs[0].status,
                "lp_seconds": lp_runs[0].seconds,
                "speedup": lp_runs[0].seconds / ours_seconds,
                "speedup_is_lower_bound": lp_runs[0].status == "time limit",
            }
    return figures


def targets(sizes: list[dict[str, Any]]) -> list[dict[str, str]]:
    checks = []
    for figures in sizes:
        size = (figures["applications"], figures["evaluators"])
        label = f"{size[0]:,} × {size[1]:,}" + (
            f", k = {figures['k']}" if figures["k"] != K else ""
        )
        if size in TIME_TARGETS:
            limit = TIME_TARGETS[size]
            seconds = figures["ours_seconds"]
            checks.append(
                {
                    "target": f"{label} solved within {limit:g} s",
                    "status": "PASS" if seconds <= limit else "FAIL",
                    "measured": f"{seconds:.2f} s",
                }
            )
        speedup = figures["speedup"]
        target = f"{label} at least {MINIMUM_SPEEDUP:g}× faster than the LP"
        if speedup is None:
            checks.append({"target": target, "status": "n/a", "measured": "LP skipped"})
        elif figures["speedup_is_lower_bound"]:
            checks.append(
                {
                    "target": target,
                    "status": "PASS" if speedup >= MINIMUM_SPEEDUP else "UNKNOWN",
                    "measured": f"≥ {speedup:.1f}× (LP stopped at its time limit)",
                }
            )
        else:
            checks.append(
                {
                    "target": target,
                    "status": "PASS" if speedup >= MINIMUM_SPEEDUP else "FAIL",
                    "measured": f"{speedup:.1f}×",
                }
            )
        if figures["same_optimum"] is not None:
            checks.append(
                {
                    "target": f"{label} same total affinity as the LP",
                    "status": "PASS" if figures["same_optimum"] else "FAIL",
                    "measured": f"{figures['total_affinity']:.6f} vs {figures['lp_objective']:.6f}",
                }
            )
    return checks


def size_text(applications: int, evaluators: int, k: int) -> str:
    return f"{applications}x{evaluators}" + (f"k{k}" if k != K else "")


def parse_size(text: str) -> tuple[int, int, int]:
    """``"10000x2000k5"`` → (10000, 2000, 5); without ``k…`` the default k."""
    size, _, k = text.strip().partition("k")
    applications, evaluators = size.split("x")
    return int(applications), int(evaluators), int(k) if k else K


def _option(argv: list[str], name: str, default: str) -> str:
    for argument in argv:
        if argument.startswith(f"{name}="):
            return argument.split("=", 1)[1]
    return default


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def run(argv: list[str]) -> dict[str, Any]:
    repeats = int(_option(argv, "--repeats", "3"))
    skip_lp_above = int(_option(argv, "--skip-lp-above", "2000"))
    lp_time_limit = float(_option(argv, "--lp-time-limit", "900"))
    sizes_option = _option(argv, "--sizes", ",".join(size_text(*size) for size in DEFAULT_SIZES))
    sizes = [parse_size(size) for size in sizes_option.split(",")]
    print(
        f"machine: {os.cpu_count()} CPUs; k = {K} unless given, {CONFLICT_SHARE:.0%} conflicts, "
        f"loads ±1; LP time limit {lp_time_limit:g} s"
    )
    measured = []
    for applications, evaluators, k in sizes:
        measured.append(
            measure(
                applications,
                evaluators,
                repeats=repeats,
                run_lp=applications <= skip_lp_above,
                lp_time_limit=lp_time_limit,
                k=k,
            )
        )
    header = (
        f"{'size':>13} {'k':>2} {'pairs':>10} {'loads':>7} {'runs':>4} {'ours s':>8} {'flow s':>8} "
        f"{'LP s':>9} {'LP/ours':>9}  same optimum  load avg"
    )
    print(header)
    for figures in measured:
        speedup = figures["speedup"]
        if speedup is None:
            ratio = "skipped"
        else:
            ratio = f"{'≥' if figures['speedup_is_lower_bound'] else ''}{speedup:.1f}×"
        same = {None: "–", True: "yes", False: "NO"}[figures["same_optimum"]]
        band = f"{figures['load_band'][0]}–{figures['load_band'][1]}"
        print(
            f"{figures['applications']:>6,} × {figures['evaluators']:<5,}{figures['k']:>2} "
            f"{figures['pairs_without_conflict']:>10,} {band:>7} {figures['runs']:>4} "
            f"{_seconds(figures['ours_seconds']):>8} {_seconds(figures['flow_seconds']):>8} "
            f"{_seconds(figures['lp_seconds']):>9} {ratio:>9}  {same:<12}  "
            f"{figures['load_average_before']:.2f}"
        )
    checks = targets(measured)
    for check in checks:
        print(f"{check['status']:>7}  {check['target']}: {check['measured']}")
    from benchmarks._summary import assignment_rows

    result = {"sizes": measured, "targets": checks}
    return {**result, "summary": assignment_rows(result)}
