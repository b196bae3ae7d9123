"""Solving an assignment problem: one min-cost flow, then alternates for declines."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np
from ortools.graph.python import min_cost_flow

from evaluations.assignment.feasibility import check_feasibility, explain_infeasible
from evaluations.assignment.network import flow_network
from evaluations.assignment.problem import (
    SCALE,
    AssignmentProblem,
    AssignmentResult,
    InfeasibleAssignment,
)


def solve(
    problem: AssignmentProblem, progress: Callable[[int], None] | None = None
) -> AssignmentResult:
    """The assignment with the greatest total affinity, plus alternates for declines.

    ``progress`` receives percentages from 0 to 100 as the stages finish. Refuses with
    :class:`InfeasibleAssignment` (worded reasons) when the feasibility checks fail or
    when no flow meets every constraint together.
    """
    report = progress or (lambda _percent: None)
    report(0)
    if reasons := check_feasibility(problem):
        raise InfeasibleAssignment(reasons)
    report(10)
    network = flow_network(problem)
    n, m = len(problem.applications), len(problem.evaluators)
    pair_costs = -np.rint(
        problem.affinity[network.pair_applications, network.pair_evaluators] * SCALE
    )
    costs = np.zeros(network.tails.size, dtype=np.int64)
    costs[: network.pair_count] = pair_costs.astype(np.int64)
    capacities = network.capacities.copy()
    capacities[-m:] -= problem.minimum_loads  # lower bounds moved into supplies
    supplies = np.zeros(network.node_count, dtype=np.int64)
    supplies[:n] = problem.k
    supplies[n : n + m] = -problem.minimum_loads
    supplies[n + m] = -(problem.reviews_needed - int(problem.minimum_loads.sum()))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        network.tails.astype(np.int32), network.heads.astype(np.int32), capacities, costs
    )
    flow.set_nodes_supplies(np.arange(network.node_count, dtype=np.int32), supplies)
    report(30)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        raise InfeasibleAssignment(explain_infeasible(problem, network))
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status.name}")
    report(80)
    chosen = flow.flows(np.arange(network.pair_count, dtype=np.int32)) > 0
    result = _result(problem, network.pair_applications[chosen], network.pair_evaluators[chosen])
    report(100)
    return result


def _result(
    problem: AssignmentProblem, chosen_applications: np.ndarray, chosen_evaluators: np.ndarray
) -> AssignmentResult:
    applications, evaluators = list(problem.applications), list(problem.evaluators)
    affinities = problem.affinity[chosen_applications, chosen_evaluators]
    order = np.lexsort((chosen_evaluators, -affinities, chosen_applications))
    pairs = [
        (applications[a], evaluators[e])
        for a, e in zip(
            chosen_applications[order].tolist(), chosen_evaluators[order].tolist(), strict=True
        )
    ]
    assigned = np.zeros(problem.affinity.shape, dtype=bool)
    assigned[chosen_applications, chosen_evaluators] = True
    loads = np.bincount(chosen_evaluators, minlength=len(evaluators))
    return AssignmentResult(
        pairs=pairs,
        total_affinity=float(affinities.sum()),
        load=dict(zip(evaluators, loads.tolist(), strict=True)),
        alternates=_alternates(problem, assigned),
    )


def _alternates(problem: AssignmentProblem, assigned: np.ndarray) -> dict[Hashable, list[Hashable]]:
    """Up to ``problem.alternates`` best available evaluators per application, not assigned to it.

    Under ``one_per_country`` an alternate's country is neither an assigned evaluator's nor
    another alternate's, so any of them can replace any decliner without breaking the rule.
    Loads are not considered: promoting an alternate is a staff decision.
    """
    wanted = min(problem.alternates, assigned.shape[1])
    evaluators = list(problem.evaluators)
    scores = np.where(problem.available & ~assigned, problem.affinity, -np.inf)
    if wanted == 0:
        return {application: [] for application in problem.applications}
    if not problem.one_per_country:
        top = np.argpartition(-scores, wanted - 1, axis=1)[:, :wanted]
        top_scores = np.take_along_axis(scores, top, axis=1)
        ranking = np.lexsort((top, -top_scores), axis=1)
        order = np.take_along_axis(top, ranking, axis=1).tolist()
        counts = np.isfinite(top_scores).sum(axis=1).tolist()
        return {
            application: [evaluators[e] for e in row[:count]]
            for application, row, count in zip(problem.applications, order, counts, strict=True)
        }
    countries = problem.evaluator_country_ids.tolist()
    candidates = np.isfinite(scores).sum(axis=1).tolist()
    order = np.argsort(-scores, axis=1, kind="stable")
    alternates: dict[Hashable, list[Hashable]] = {}
    for a, application in enumerate(problem.applications):
        used_countries = {countries[e] for e in np.flatnonzero(assigned[a]).tolist()}
        picked: list[Hashable] = []
        for e in order[a, : candidates[a]].tolist():
            if countries[e] not in used_countries:
                used_countries.add(countries[e])
                picked.append(evaluators[e])
                if len(picked) == wanted:
                    break
        alternates[application] = picked
    return alternates
