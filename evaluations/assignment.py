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
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

# Affinities become integer arc costs: cost = -round(affinity × SCALE). The rounding moves
# the objective by at most 0.5 / SCALE per chosen pair.
SCALE = 1_000_000
MAX_ABS_AFFINITY = 1_000_000.0
EXAMPLES_SHOWN = 5

Bid = Literal["want", "ok", "rather_not"]
DEFAULT_BID_BONUS: Mapping[str, float] = {"want": 0.5, "ok": 0.0, "rather_not": -0.5}


def gettext_noop(message: str) -> str:
    """Marks a template for ``makemessages`` without importing Django (the module stays pure)."""
    return message


class Reason(str):
    """A worded reason, with its untranslated ``template`` and ``values`` kept for gettext.

    ``str(reason)`` is the English sentence with thousands separators; a view shows
    ``gettext(reason.template) % reason.values`` instead.
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Reason:
        shown = {
            name: f"{value:,}" if isinstance(value, int) else value
            for name, value in values.items()
        }
        reason = super().__new__(cls, template % shown)
        reason.template = template
        reason.values = values
        return reason

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        return (self.template,), self.values


class InfeasibleAssignment(Exception):
    """No assignment meets every constraint; ``reasons`` says why in words and numbers."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True, kw_only=True)
class AssignmentProblem:
    """One call's assignment problem, validated on creation.

    ``affinity[a, e]`` scores evaluator ``e`` for application ``a`` (higher is better);
    ``conflicts[a, e]`` is True when ``e`` may not review ``a``. Loads are an integer
    for everyone or one per evaluator; ``max_load=None`` means no limit. Countries
    (ISO codes or ``None`` for unknown) are needed by ``one_per_country`` (evaluator
    countries) and ``exclude_same_country`` (both). An evaluator without a country never
    shares one with anybody.

    Refuses (ValueError naming the field): shapes that do not match, duplicate keys, k < 1,
    negative loads, a minimum above a maximum, non-finite or huge affinities on allowed
    pairs, missing countries for a country rule.
    """

    applications: Sequence[Hashable]
    evaluators: Sequence[Hashable]
    affinity: np.ndarray
    conflicts: np.ndarray | None = None
    k: int = 3
    min_load: int | Sequence[int] | np.ndarray = 0
    max_load: int | Sequence[int] | np.ndarray | None = None
    application_countries: Sequence[str | None] | None = None
    evaluator_countries: Sequence[str | None] | None = None
    one_per_country: bool = False
    exclude_same_country: bool = False
    alternates: int = 3
    # Derived on creation.
    minimum_loads: np.ndarray = field(init=False, repr=False)
    maximum_loads: np.ndarray = field(init=False, repr=False)
    may_review: np.ndarray = field(init=False, repr=False)
    evaluator_country_ids: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n, m = len(self.applications), len(self.evaluators)
        _refuse_duplicates("applications", self.applications)
        _refuse_duplicates("evaluators", self.evaluators)
        affinity = np.asarray(self.affinity, dtype=np.float64)
        if affinity.shape != (n, m):
            raise ValueError(
                f"affinity: shape {affinity.shape} should be (applications, evaluators) = ({n}, {m})"
            )
        conflicts = (
            np.zeros((n, m), dtype=bool)
            if self.conflicts is None
            else np.asarray(self.conflicts, dtype=bool)
        )
        if conflicts.shape != (n, m):
            raise ValueError(f"conflicts: shape {conflicts.shape} should be ({n}, {m})")
        if not self.k >= 1:
            raise ValueError(f"k: needs at least 1 evaluator per application, got {self.k}")
        if self.alternates < 0:
            raise ValueError(f"alternates: cannot be negative, got {self.alternates}")
        minimum = _loads("min_load", self.min_load, m, default=0)
        maximum = _loads("max_load", self.max_load, m, default=n)
        if (wrong := np.flatnonzero(minimum > maximum)).size:
            e = int(wrong[0])
            raise ValueError(
                f"min_load: evaluator {self.evaluators[e]} has a minimum load of {minimum[e]} "
                f"above the maximum load of {maximum[e]}"
            )
        evaluator_countries = self._countries("evaluator_countries", self.evaluator_countries, m)
        if self.one_per_country and evaluator_countries is None:
            raise ValueError("evaluator_countries: required by one_per_country")
        may_review = ~conflicts
        if self.exclude_same_country:
            application_countries = self._countries(
                "application_countries", self.application_countries, n
            )
            if application_countries is None or evaluator_countries is None:
                raise ValueError(
                    "application_countries, evaluator_countries: both required by exclude_same_country"
                )
            application_codes = np.array([country or "" for country in application_countries])
            evaluator_codes = np.array([country or "" for country in evaluator_countries])
            same = (application_codes[:, None] == evaluator_codes[None, :]) & (
                evaluator_codes != ""
            )[None, :]
            may_review &= ~same
        allowed_values = affinity[may_review]
        if not np.all(np.isfinite(allowed_values)) or np.any(
            np.abs(allowed_values) > MAX_ABS_AFFINITY
        ):
            raise ValueError(
                f"affinity: must be finite and within ±{MAX_ABS_AFFINITY:,.0f} on every pair without a conflict"
            )
        object.__setattr__(self, "affinity", affinity)
        object.__setattr__(self, "conflicts", conflicts)
        object.__setattr__(self, "minimum_loads", minimum)
        object.__setattr__(self, "maximum_loads", maximum)
        object.__setattr__(self, "may_review", may_review)
        object.__setattr__(self, "evaluator_country_ids", _country_ids(evaluator_countries, m))

    @staticmethod
    def _countries(
        name: str, countries: Sequence[str | None] | None, size: int
    ) -> Sequence[str | None] | None:
        if countries is not None and len(countries) != size:
            raise ValueError(f"{name}: {len(countries)} entries for {size}")
        return countries

    @property
    def reviews_needed(self) -> int:
        return len(self.applications) * self.k

    @cached_property
    def available(self) -> np.ndarray:
        """Pairs that can carry a review: no conflict and an evaluator with capacity."""
        return self.may_review & (self.maximum_loads > 0)[None, :]


@dataclass(frozen=True)
class AssignmentResult:
    """An optimal proposal: ``pairs`` grouped by application, best affinity first."""

    pairs: list[tuple[Hashable, Hashable]]
    total_affinity: float
    load: dict[Hashable, int]
    alternates: dict[Hashable, list[Hashable]]
    status: str = "optimal"

    def evaluators_of(self, application: Hashable) -> list[Hashable]:
        return [evaluator for assigned, evaluator in self.pairs if assigned == application]


def _refuse_duplicates(name: str, keys: Sequence[Hashable]) -> None:
    if len(set(keys)) != len(keys):
        raise ValueError(f"{name}: keys must be unique")


def _loads(
    name: str, loads: int | Sequence[int] | np.ndarray | None, size: int, *, default: int
) -> np.ndarray:
    values = np.full(size, default if loads is None else 0, dtype=np.int64)
    if loads is not None:
        given = np.asarray(loads)
        if given.ndim == 0:
            given = np.full(size, given)
        if given.shape != (size,):
            raise ValueError(f"{name}: {given.size} values for {size} evaluators")
        if not np.array_equal(given, np.round(given)) or np.any(given < 0):
            raise ValueError(f"{name}: loads must be whole numbers of 0 or more")
        values[:] = given
    return values


def _country_ids(countries: Sequence[str | None] | None, size: int) -> np.ndarray:
    """One integer per evaluator: equal ids mean the same country; an unknown country is unique."""
    codes: dict[str, int] = {}
    for country in countries or []:
        if country:
            codes.setdefault(country, len(codes))
    ids = len(codes) + np.arange(size, dtype=np.int64)
    for position, country in enumerate(countries or []):
        if country:
            ids[position] = codes[country]
    return ids


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


# --- Flow network ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Network:
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


def _network(problem: AssignmentProblem) -> _Network:
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
    return _Network(node_count, tails, heads, capacities, applications, evaluators)


# --- Solving ---------------------------------------------------------------------------


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
    network = _network(problem)
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


# --- Explaining an infeasible flow ------------------------------------------------------


def explain_infeasible(problem: AssignmentProblem, network: _Network | None = None) -> list[str]:
    """Why no assignment exists although each necessary condition holds, found with max flows.

    First the maximum loads: if not every review fits, a minimum cut names the applications
    that compete for too few evaluators and those full evaluators. Then the minimum loads:
    if they cannot all be filled, a minimum cut names the evaluators that compete for too
    few applications. A general reason remains when each side is possible alone.
    """
    network = network or _network(problem)
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
    problem: AssignmentProblem, network: _Network, evaluator_capacities: np.ndarray
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


# --- Affinity --------------------------------------------------------------------------


def affinity_matrix(
    application_topics: Sequence[set[str]],
    evaluator_expertise: Sequence[set[str]],
    application_languages: Sequence[str | None] | None = None,
    evaluator_languages: Sequence[set[str]] | None = None,
    bids: Mapping[tuple[int, int], Bid] | None = None,
    *,
    language_weight: float = 0.5,
    bid_bonus: Mapping[str, float] = DEFAULT_BID_BONUS,
) -> np.ndarray:
    """Affinity of every (application, evaluator): topic overlap + language match + bid bonus.

    Overlap is the Jaccard index of the application's topics and the evaluator's expertise
    (0 when both are empty); ``language_weight`` is added when the evaluator reads the
    application's language; a bid keyed by (application index, evaluator index) adds
    ``bid_bonus[bid]`` (by default want +0.5, ok 0, rather_not −0.5). Tags are compared as
    given, so normalise case first. Refuses (ValueError) lists of the wrong length and
    unknown bids or indices.
    """
    n, m = len(application_topics), len(evaluator_expertise)
    # Only tags on both sides can overlap, which keeps the incidence matrices narrow.
    shared = (
        sorted(set().union(*application_topics) & set().union(*evaluator_expertise))
        if n and m
        else []
    )
    column = {tag: position for position, tag in enumerate(shared)}
    application_tags = _incidence(application_topics, column)
    evaluator_tags = _incidence(evaluator_expertise, column)
    overlap = application_tags @ evaluator_tags.T
    sizes_a = np.array([len(topics) for topics in application_topics], dtype=np.float64)
    sizes_e = np.array([len(expertise) for expertise in evaluator_expertise], dtype=np.float64)
    union = sizes_a[:, None] + sizes_e[None, :] - overlap
    affinity = np.divide(overlap, union, out=np.zeros((n, m)), where=union > 0)
    if application_languages is not None or evaluator_languages is not None:
        if application_languages is None or evaluator_languages is None:
            raise ValueError("application_languages, evaluator_languages: give both or neither")
        if len(application_languages) != n or len(evaluator_languages) != m:
            raise ValueError(
                "application_languages, evaluator_languages: one entry per application and evaluator"
            )
        codes = {
            code: position
            for position, code in enumerate(sorted(set().union(*evaluator_languages)))
        }
        # One row per language, plus a last row of zeros for an unknown or unread language.
        reads = np.vstack([_incidence(evaluator_languages, codes).T, np.zeros((1, m))])
        language_row = np.array(
            [codes.get(language, -1) if language else -1 for language in application_languages],
            dtype=np.int64,
        )
        affinity += language_weight * reads[language_row]
    for (a, e), bid in (bids or {}).items():
        if bid not in bid_bonus:
            raise ValueError(
                f"bids: unknown bid {bid!r} for ({a}, {e}); expected one of {', '.join(bid_bonus)}"
            )
        if not (0 <= a < n and 0 <= e < m):
            raise ValueError(f"bids: ({a}, {e}) is outside {n} applications × {m} evaluators")
        affinity[a, e] += bid_bonus[bid]
    return affinity


def _incidence(tag_sets: Sequence[set[str]], column: Mapping[str, int]) -> np.ndarray:
    rows = [row for row, tags in enumerate(tag_sets) for tag in tags if tag in column]
    columns = [column[tag] for tags in tag_sets for tag in tags if tag in column]
    matrix = np.zeros((len(tag_sets), len(column)), dtype=np.float64)
    matrix[rows, columns] = 1.0
    return matrix
