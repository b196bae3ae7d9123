"""The flow network on which the assignment is solved and explained."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluations.assignment.problem import AssignmentProblem


@dataclass(frozen=True)
class FlowNetwork:
    """Arcs shared by the min-cost flow and the diagnostic max flows.

    Nodes: applications ``0..n-1``, evaluators ``n..n+m-1``, the sink ``n+m``, then one
    node per (application, country) holding two or more candidate evaluators. The first
    ``len(pair_applications)`` arcs carry the (application, evaluator) pairs.
    """

    node_count: int
    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    pair_applications: np.ndarray
    pair_evaluators: np.ndarray

    @property
    def pair_count(self) -> int:
        return int(self.pair_applications.size)


def flow_network(problem: AssignmentProblem) -> FlowNetwork:
    n, m = len(problem.applications), len(problem.evaluators)
    sink = n + m
    applications, evaluators = np.nonzero(problem.available)
    pair_tails = applications.astype(np.int64)
    extra_tails = np.empty(0, dtype=np.int64)
    extra_heads = np.empty(0, dtype=np.int64)
    node_count = sink + 1
    if problem.one_per_country:
        # Only countries with two or more candidates for an application need a capacity-1
        # node; a lone candidate's own capacity-1 arc already enforces the rule.
        country_count = int(problem.evaluator_country_ids.max()) + 1
        group_keys = applications * country_count + problem.evaluator_country_ids[evaluators]
        keys, group_of_pair, sizes = np.unique(group_keys, return_inverse=True, return_counts=True)
        is_shared = sizes > 1
        group_nodes = np.full(keys.size, -1, dtype=np.int64)
        group_nodes[is_shared] = node_count + np.arange(int(is_shared.sum()))
        node_count += int(is_shared.sum())
        pair_tails = np.where(is_shared[group_of_pair], group_nodes[group_of_pair], pair_tails)
        extra_tails = keys[is_shared] // country_count
        extra_heads = group_nodes[is_shared]
    tails = np.concatenate([pair_tails, extra_tails, n + np.arange(m)])
    heads = np.concatenate([n + evaluators, extra_heads, np.full(m, sink)])
    capacities = np.concatenate(
        [
            np.ones(pair_tails.size + extra_tails.size, dtype=np.int64),
            problem.maximum_loads,
        ]
    )
    return FlowNetwork(node_count, tails, heads, capacities, applications, evaluators)
