"""Why an assignment problem has no solution, in words and numbers.

:func:`check_feasibility` tests necessary conditions before any solving;
:func:`explain_infeasible` finds, with max flows on the solver's network, why the
combination fails when each condition holds on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from ortools.graph.python import max_flow

from evaluations.assignment.network import FlowNetwork, flow_network
from evaluations.assignment.problem import AssignmentProblem, Reason, gettext_noop

EXAMPLES_SHOWN = 5


def _examples(labels: Sequence[str], total: int) -> str:
    shown = ", ".join(labels[:EXAMPLES_SHOWN])
    return shown if total <= EXAMPLES_SHOWN else f"{shown} and {total - EXAMPLES_SHOWN:,} more"


# --- Feasibility -----------------------------------------------------------------------


def check_feasibility(problem: AssignmentProblem) -> list[str]:
    """Reasons the problem cannot be solved, from necessary conditions; empty when none fails.

    Checks total demand against the sum of maximum and of minimum loads, the capacity left
    once conflicts are counted, each application's number of available evaluators (distinct
    countries under ``one_per_country``), and each evaluator's minimum load against the
    applications they may review. Passing is necessary, not sufficient: :func:`solve` can
    still find the combination impossible and then explains that too.
    """
    reasons: list[str] = []
    n, k = len(problem.applications), problem.k
    needed = problem.reviews_needed
    available = problem.available
    maximum_total = int(problem.maximum_loads.sum())
    minimum_total = int(problem.minimum_loads.sum())
    if needed > maximum_total:
        reasons.append(
            Reason(
                gettext_noop(
                    "needs %(needed)s reviews (%(applications)s applications × %(k)s), evaluators can take "
                    "at most %(capacity)s (sum of maximum loads)"
                ),
                needed=needed,
                applications=n,
                k=k,
                capacity=maximum_total,
            )
        )
    else:
        reviewable = available.sum(axis=0)
        usable = int(np.minimum(problem.maximum_loads, reviewable).sum())
        if needed > usable:
            reasons.append(
                Reason(
                    gettext_noop(
                        "needs %(needed)s reviews, but counting only the applications each evaluator may "
                        "review, evaluators can take at most %(capacity)s"
                    ),
                    needed=needed,
                    capacity=usable,
                )
            )
    if minimum_total > needed:
        reasons.append(
            Reason(
                gettext_noop(
                    "minimum loads add up to %(minimum)s but only %(needed)s reviews are needed"
                ),
                minimum=minimum_total,
                needed=needed,
            )
        )
    reasons.extend(_short_applications(problem, available))
    reasons.extend(_unreachable_minimums(problem, available))
    return reasons


def _short_applications(problem: AssignmentProblem, available: np.ndarray) -> list[str]:
    if problem.one_per_country:
        countries = problem.evaluator_country_ids
        options = np.array([np.unique(countries[row]).size for row in available])
        template_one = gettext_noop(
            "application %(application)s has evaluators without a conflict from only %(count)s "
            "countries, needs %(k)s (at most one evaluator per country)"
        )
        template_many = gettext_noop(
            "%(count)s applications have evaluators without a conflict from fewer than %(k)s countries "
            "(at most one evaluator per country): %(examples)s"
        )
    else:
        options = available.sum(axis=1)
        template_one = gettext_noop(
            "application %(application)s has only %(count)s evaluators without a conflict, needs %(k)s"
        )
        template_many = gettext_noop(
            "%(count)s applications have fewer than %(k)s evaluators without a conflict: %(examples)s"
        )
    short = np.flatnonzero(options < problem.k)
    if short.size == 0:
        return []
    if short.size == 1:
        a = int(short[0])
        return [
            Reason(
                template_one,
                application=str(problem.applications[a]),
                count=int(options[a]),
                k=problem.k,
            )
        ]
    labels = [f"{problem.applications[a]} ({options[a]})" for a in short[:EXAMPLES_SHOWN]]
    return [
        Reason(
            template_many,
            count=int(short.size),
            k=problem.k,
            examples=_examples(labels, short.size),
        )
    ]


def _unreachable_minimums(problem: AssignmentProblem, available: np.ndarray) -> list[str]:
    reviewable = available.sum(axis=0)
    stuck = np.flatnonzero(problem.minimum_loads > reviewable)
    if stuck.size == 0:
        return []
    if stuck.size == 1:
        e = int(stuck[0])
        return [
            Reason(
                gettext_noop(
                    "evaluator %(evaluator)s has a minimum load of %(minimum)s but may review only "
                    "%(reviewable)s applications"
                ),
                evaluator=str(problem.evaluators[e]),
                minimum=int(problem.minimum_loads[e]),
                reviewable=int(reviewable[e]),
            )
        ]
    labels = [
        f"{problem.evaluators[e]} (minimum {problem.minimum_loads[e]:,}, may review {reviewable[e]:,})"
        for e in stuck[:EXAMPLES_SHOWN]
    ]
    return [
        Reason(
            gettext_noop(
                "%(count)s evaluators have a minimum load above the number of applications they may "
                "review: %(examples)s"
            ),
            count=int(stuck.size),
            examples=_examples(labels, stuck.size),
        )
    ]


# --- Explaining an infeasible flow ------------------------------------------------------


def explain_infeasible(problem: AssignmentProblem, network: FlowNetwork | None = None) -> list[str]:
    """Why no assignment exists although each necessary condition holds, found with max flows.

    First the maximum loads: if not every review fits, a minimum cut names the applications
    that compete for too few evaluators and those full evaluators. Then the minimum loads:
    if they cannot all be filled, a minimum cut names the evaluators that compete for too
    few applications. A general reason remains when each side is possible alone.
    """
    network = network or flow_network(problem)
    n, m = len(problem.applications), len(problem.evaluators)
    needed = problem.reviews_needed
    placed, source_side, _ = _max_flow(problem, network, problem.maximum_loads)
    if placed < needed:
        competing = [a for a in range(n) if a in source_side]
        full = [e for e in range(m) if n + e in source_side]
        return [
            Reason(
                gettext_noop(
                    "only %(placed)s of the %(needed)s reviews fit within maximum loads and "
                    "conflicts; applications competing for too few evaluators: %(applications)s; "
                    "those evaluators are full: %(evaluators)s"
                ),
                placed=placed,
                needed=needed,
                applications=_examples(
                    [str(problem.applications[a]) for a in competing], len(competing)
                ),
                evaluators=_examples([str(problem.evaluators[e]) for e in full], len(full)),
            )
        ]
    minimum_total = int(problem.minimum_loads.sum())
    filled, _, sink_side = _max_flow(problem, network, problem.minimum_loads)
    if filled < minimum_total:
        competing = [e for e in range(m) if n + e in sink_side and problem.minimum_loads[e] > 0]
        return [
            Reason(
                gettext_noop(
                    "minimum loads add up to %(minimum)s but conflicts allow filling only "
                    "%(filled)s of them; evaluators competing for too few applications: %(evaluators)s"
                ),
                minimum=minimum_total,
                filled=filled,
                evaluators=_examples(
                    [str(problem.evaluators[e]) for e in competing], len(competing)
                ),
            )
        ]
    return [
        Reason(
            gettext_noop(
                "the minimum and maximum loads can each be met, but not together with the conflicts"
            )
        )
    ]


def _max_flow(
    problem: AssignmentProblem, network: FlowNetwork, evaluator_capacities: np.ndarray
) -> tuple[int, set[int], set[int]]:
    """Max flow source → applications (k each) → … → evaluators (given capacities) → sink.

    Returns the flow value and the source and sink sides of a minimum cut (node numbers).
    """
    n, m = len(problem.applications), len(problem.evaluators)
    source = network.node_count
    capacities = network.capacities.copy()
    capacities[-m:] = evaluator_capacities
    graph = max_flow.SimpleMaxFlow()
    graph.add_arcs_with_capacity(
        np.concatenate([network.tails, np.full(n, source)]).astype(np.int32),
        np.concatenate([network.heads, np.arange(n)]).astype(np.int32),
        np.concatenate([capacities, np.full(n, problem.k)]).astype(np.int64),
    )
    graph.solve(source, n + m)
    source_side = set(graph.get_source_side_min_cut())
    sink_side = set(graph.get_sink_side_min_cut())
    return int(graph.optimal_flow()), source_side, sink_side
