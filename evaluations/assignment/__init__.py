"""Evaluator assignment: which evaluators review which applications.

An optimisation, not a round robin (DESIGN.md §3.3, domain notes §2 and §5 G): maximise
the total affinity of the chosen (application, evaluator) pairs subject to

- exactly ``k`` distinct evaluators per application;
- each evaluator's load within ``[min_load, max_load]``;
- no conflicted pair (and, optionally, no evaluator from the applicant's country);
- optionally, at most one evaluator from the same country per application.

Solved exactly as one min-cost flow with OR-Tools::

    application (supply k) --1--> evaluator --[min, max]--> sink
    application --1--> (application, country) --1--> evaluator     (one_per_country)

Minimum loads are lower bounds on the evaluator → sink arcs, removed by the standard
transformation (the evaluator demands ``min_load`` units, the arc keeps ``max - min``),
so a single solve is optimal for the total affinity; the tests compare it with an
independent LP. Pure NumPy and OR-Tools: no database, so the Celery task wraps it.

Reasons for an impossible assignment are :class:`Reason` strings: English text that also
carries its untranslated template and values, so a view can show it in the user's language.

The modules: :mod:`~evaluations.assignment.problem` (what the solver is given and returns),
:mod:`~evaluations.assignment.feasibility` (why a problem has no solution),
:mod:`~evaluations.assignment.network` (the flow network),
:mod:`~evaluations.assignment.solver` (the min-cost flow and the alternates) and
:mod:`~evaluations.assignment.affinity` (how well an evaluator fits an application).
"""

from evaluations.assignment.affinity import DEFAULT_BID_BONUS, Bid, affinity_matrix
from evaluations.assignment.feasibility import EXAMPLES_SHOWN, check_feasibility, explain_infeasible
from evaluations.assignment.problem import (
    MAX_ABS_AFFINITY,
    SCALE,
    AssignmentProblem,
    AssignmentResult,
    InfeasibleAssignment,
    Reason,
    gettext_noop,
)
from evaluations.assignment.solver import solve

__all__ = [
    "DEFAULT_BID_BONUS",
    "EXAMPLES_SHOWN",
    "MAX_ABS_AFFINITY",
    "SCALE",
    "AssignmentProblem",
    "AssignmentResult",
    "Bid",
    "InfeasibleAssignment",
    "Reason",
    "affinity_matrix",
    "check_feasibility",
    "explain_infeasible",
    "gettext_noop",
    "solve",
]
