"""Evaluator assignment: constraints hold, answers are optimal, impossible calls are explained.

Optimality is checked against an independent integer programme solved by SciPy's HiGHS
(``scipy.optimize.milp``) built here from the raw inputs, not from the solver's own data.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from evaluations.assignment import (
    SCALE,
    AssignmentProblem,
    AssignmentResult,
    InfeasibleAssignment,
    Reason,
    affinity_matrix,
    check_feasibility,
    solve,
)

# --- Helpers ---------------------------------------------------------------------------


@dataclass
class Instance:
    """Raw inputs, so the LP below does not reuse anything the solver derived."""

    affinity: np.ndarray
    conflicts: np.ndarray
    k: int
    min_load: np.ndarray
    max_load: np.ndarray
    countries: list[str | None] | None = None

    def problem(self) -> AssignmentProblem:
        n, m = self.affinity.shape
        return AssignmentProblem(
            applications=[f"A{a}" for a in range(n)],
            evaluators=[f"E{e}" for e in range(m)],
            affinity=self.affinity,
            conflicts=self.conflicts,
            k=self.k,
            min_load=self.min_load,
            max_load=self.max_load,
            evaluator_countries=self.countries,
            one_per_country=self.countries is not None,
        )


def lp_optimum(instance: Instance, weights: np.ndarray) -> float | None:
    """Best Σ weights·x of the b-matching, or None when infeasible (HiGHS, binary x)."""
    n, m = weights.shape
    applications, evaluators = np.nonzero(~instance.conflicts)
    variables = np.arange(applications.size)
    rows = [applications, n + evaluators]
    lower = [np.full(n, instance.k), instance.min_load]
    upper = [np.full(n, instance.k), instance.max_load]
    row_count = n + m
    if instance.countries is not None:
        groups: dict[tuple[int, str], int] = {}
        country_rows = []
        country_variables = []
        for variable, (a, e) in enumerate(zip(applications, evaluators, strict=True)):
            country = instance.countries[e]
            if country is not None:
                row = groups.setdefault((int(a), country), row_count + len(groups))
                country_rows.append(row)
                country_variables.append(variable)
        rows.append(np.array(country_rows, dtype=np.int64))
        variables = np.concatenate(
            [variables, variables, np.array(country_variables, dtype=np.int64)]
        )
        lower.append(np.zeros(len(groups)))
        upper.append(np.ones(len(groups)))
        row_count += len(groups)
    else:
        variables = np.concatenate([variables, variables])
    matrix = coo_matrix(
        (np.ones(variables.size), (np.concatenate(rows), variables)),
        shape=(row_count, applications.size),
    ).tocsr()
    result = milp(
        c=-weights[applications, evaluators],
        constraints=LinearConstraint(matrix, np.concatenate(lower), np.concatenate(upper)),
        bounds=Bounds(0, 1),
        integrality=np.ones(applications.size),
    )
    if result.status == 2:
        return None
    assert result.status == 0, result.message
    return float(-result.fun)


def random_instance(seed: int) -> Instance:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(30, 81)), int(rng.integers(8, 21))
    k = int(rng.integers(2, 4))
    average = n * k / m
    maximum = np.ceil(average).astype(int) + rng.integers(0, 4, size=m)
    minimum = np.maximum(0, np.floor(average).astype(int) - rng.integers(0, 4, size=m))
    countries = None
    if seed % 2:
        codes = ["FR", "DE", "IT", "ES", "PL", "PT", None]
        countries = [codes[int(c)] for c in rng.integers(0, len(codes), size=m)]
    return Instance(
        affinity=np.round(rng.random((n, m)) * 3 - 0.5, 3),
        conflicts=rng.random((n, m)) < rng.uniform(0.05, 0.25),
        k=k,
        min_load=minimum,
        max_load=maximum,
        countries=countries,
    )


def assert_respects_constraints(instance: Instance, result: AssignmentResult) -> None:
    n, m = instance.affinity.shape
    index_a = {f"A{a}": a for a in range(n)}
    index_e = {f"E{e}": e for e in range(m)}
    chosen = np.zeros((n, m), dtype=int)
    for application, evaluator in result.pairs:
        chosen[index_a[application], index_e[evaluator]] += 1
    assert chosen.max() == 1, "an evaluator twice on one application"
    assert (chosen.sum(axis=1) == instance.k).all()
    loads = chosen.sum(axis=0)
    assert (instance.min_load <= loads).all() and (loads <= instance.max_load).all()
    assert result.load == {f"E{e}": int(loads[e]) for e in range(m)}
    assert not (chosen.astype(bool) & instance.conflicts).any()
    assert result.total_affinity == pytest.approx(float((chosen * instance.affinity).sum()))
    for a in range(n):
        assigned = set(np.flatnonzero(chosen[a]))
        alternates = [index_e[evaluator] for evaluator in result.alternates[f"A{a}"]]
        assert not assigned & set(alternates)
        assert not instance.conflicts[a, alternates].any()
        scores = instance.affinity[a, alternates]
        assert list(scores) == sorted(scores, reverse=True)
        if instance.countries is not None:
            countries = [
                instance.countries[e] for e in [*assigned, *alternates] if instance.countries[e]
            ]
            assert len(countries) == len(set(countries)), f"A{a}: country repeated in {countries}"


def problem(affinity: list[list[float]], **options: object) -> AssignmentProblem:
    n, m = len(affinity), len(affinity[0])
    return AssignmentProblem(
        applications=[f"A{a + 1}" for a in range(n)],
        evaluators=[f"E{e + 1}" for e in range(m)],
        affinity=np.array(affinity, dtype=float),
        **options,  # type: ignore[arg-type]
    )


# --- Hand-made instances with known optima ---------------------------------------------


def test_optimum_gives_up_the_single_best_pair_when_the_total_is_higher() -> None:
    # Greedy takes A1–E1 (0.9) and is left with A2–E2 (0.1): 1.0. The optimum is 1.65.
    result = solve(problem([[0.9, 0.8], [0.85, 0.1]], k=1, max_load=1))

    assert result.pairs == [("A1", "E2"), ("A2", "E1")]
    assert result.total_affinity == pytest.approx(1.65)
    assert result.status == "optimal"


def test_minimum_load_brings_in_a_weaker_evaluator_where_it_costs_least() -> None:
    affinity = [[0.9, 0.5], [0.9, 0.1]]

    without_minimum = solve(problem(affinity, k=1, max_load=2))
    with_minimum = solve(problem(affinity, k=1, max_load=2, min_load=[0, 1]))

    assert without_minimum.pairs == [("A1", "E1"), ("A2", "E1")]
    assert with_minimum.pairs == [("A1", "E2"), ("A2", "E1")]
    assert with_minimum.load == {"E1": 1, "E2": 1}
    assert with_minimum.total_affinity == pytest.approx(1.4)


def test_maximum_load_spreads_reviews_over_evaluators() -> None:
    result = solve(problem([[0.9, 0.2, 0.1]] * 3, k=2, max_load=[3, 2, 1]))

    assert result.load == {"E1": 3, "E2": 2, "E3": 1}
    assert result.total_affinity == pytest.approx(3 * 0.9 + 2 * 0.2 + 0.1)


def test_conflicted_pair_is_never_assigned_even_when_it_is_the_best() -> None:
    conflicts = np.array([[True, False, False]])

    result = solve(problem([[5.0, 0.2, 0.1]], k=2, conflicts=conflicts))

    assert result.pairs == [("A1", "E2"), ("A1", "E3")]
    assert result.alternates == {"A1": []}


def test_one_evaluator_per_country_takes_the_best_of_each_country() -> None:
    countries = ["FR", "FR", "DE", "IT"]
    affinity = [[0.9, 0.8, 0.1, 0.05]]

    free = solve(problem(affinity, k=2, evaluator_countries=countries))
    one_per_country = solve(
        problem(affinity, k=2, evaluator_countries=countries, one_per_country=True)
    )

    assert free.pairs == [("A1", "E1"), ("A1", "E2")]
    assert one_per_country.pairs == [("A1", "E1"), ("A1", "E3")]
    # E2 shares France with E1, so only Italy's E4 may stand in.
    assert one_per_country.alternates == {"A1": ["E4"]}


def test_evaluators_without_a_country_never_count_as_the_same_country() -> None:
    result = solve(
        problem(
            [[0.9, 0.8, 0.7]], k=3, evaluator_countries=[None, None, "FR"], one_per_country=True
        )
    )

    assert result.evaluators_of("A1") == ["E1", "E2", "E3"]


def test_excluding_the_applicants_country_keeps_compatriots_off_the_application() -> None:
    result = solve(
        problem(
            [[0.9, 0.1, 0.2], [0.9, 0.1, 0.2]],
            k=1,
            application_countries=["FR", "DE"],
            evaluator_countries=["FR", "DE", None],
            exclude_same_country=True,
        )
    )

    assert result.pairs == [("A1", "E3"), ("A2", "E1")]
    assert result.alternates == {"A1": ["E2"], "A2": ["E3"]}


def test_alternates_are_the_best_unassigned_evaluators_without_conflict_in_order() -> None:
    conflicts = np.array([[False, False, True, False, False, False]])

    result = solve(
        problem([[0.9, 0.8, 0.95, 0.3, 0.5, 0.4]], k=2, conflicts=conflicts, alternates=2)
    )

    assert result.pairs == [("A1", "E1"), ("A1", "E2")]
    assert result.alternates == {"A1": ["E5", "E6"]}


def test_pairs_are_listed_per_application_best_evaluator_first() -> None:
    result = solve(problem([[0.1, 0.9, 0.5], [0.7, 0.2, 0.8]], k=2))

    assert result.pairs == [("A1", "E2"), ("A1", "E3"), ("A2", "E3"), ("A2", "E1")]


def test_evaluators_conflicted_with_every_application_are_left_out_when_the_rest_suffice() -> None:
    conflicts = np.zeros((4, 5), dtype=bool)
    conflicts[:, [1, 3]] = True
    affinity = np.tile([0.9, 2.0, 0.5, 2.0, 0.7], (4, 1))

    result = solve(problem(affinity.tolist(), k=2, conflicts=conflicts, max_load=3))

    assert result.load == {"E1": 3, "E2": 0, "E3": 2, "E4": 0, "E5": 3}
    assert all(evaluator not in {"E2", "E4"} for _, evaluator in result.pairs)


def test_progress_is_reported_in_order_from_0_to_100() -> None:
    seen: list[int] = []

    solve(problem([[0.5, 0.4]], k=1), progress=seen.append)

    assert seen == sorted(seen)
    assert seen[0] == 0 and seen[-1] == 100


# --- Random instances: constraints and optimality against the LP -----------------------


@pytest.mark.parametrize("seed", range(20))
def test_random_instance_matches_the_lp_optimum_and_respects_every_constraint(seed: int) -> None:
    instance = random_instance(seed)
    scaled = np.rint(instance.affinity * SCALE)

    best_scaled = lp_optimum(instance, scaled)

    if best_scaled is None:
        with pytest.raises(InfeasibleAssignment):
            solve(instance.problem())
        return
    result = solve(instance.problem())
    assert_respects_constraints(instance, result)
    ours_scaled = sum(
        scaled[int(a[1:]), int(e[1:])]
        for a, e in result.pairs  # keys are "A<index>", "E<index>"
    )
    assert ours_scaled == pytest.approx(best_scaled, rel=1e-6, abs=0)
    best = lp_optimum(instance, instance.affinity)
    assert best is not None
    assert result.total_affinity == pytest.approx(best, abs=len(result.pairs) / SCALE)


def test_random_instances_are_mostly_feasible_so_the_optimality_check_bites() -> None:
    feasible = [
        seed
        for seed in range(20)
        if lp_optimum(random_instance(seed), random_instance(seed).affinity) is not None
    ]

    assert len(feasible) >= 16, feasible
    assert {seed % 2 for seed in feasible} == {0, 1}, "both with and without the country rule"


# --- Feasibility: explained in words and numbers ---------------------------------------


def too_few_evaluators() -> AssignmentProblem:
    return AssignmentProblem(
        applications=[f"A-{a}" for a in range(500)],
        evaluators=[f"E-{e}" for e in range(10)],
        affinity=np.ones((500, 10)),
        k=3,
        max_load=120,
    )


def test_too_few_evaluators_is_explained_with_the_numbers() -> None:
    assert check_feasibility(too_few_evaluators()) == [
        "needs 1,500 reviews (500 applications × 3), evaluators can take at most 1,200 "
        "(sum of maximum loads)"
    ]
    with pytest.raises(InfeasibleAssignment) as refused:
        solve(too_few_evaluators())
    assert refused.value.reasons == check_feasibility(too_few_evaluators())


def test_minimum_loads_above_demand_are_explained() -> None:
    impossible = AssignmentProblem(
        applications=[f"A{a}" for a in range(200)],
        evaluators=[f"E{e}" for e in range(10)],
        affinity=np.ones((200, 10)),
        k=3,
        min_load=90,
    )

    assert check_feasibility(impossible) == [
        "minimum loads add up to 900 but only 600 reviews are needed"
    ]


def test_capacity_lost_to_conflicts_is_explained() -> None:
    conflicts = np.zeros((6, 4), dtype=bool)
    conflicts[:4, 3] = True  # E4 may review only A5 and A6

    reasons = check_feasibility(
        problem(np.ones((6, 4)).tolist(), k=2, max_load=3, conflicts=conflicts)
    )

    assert reasons == [
        "needs 12 reviews, but counting only the applications each evaluator may review, "
        "evaluators can take at most 11"
    ]


def test_application_conflicted_with_everyone_is_named() -> None:
    conflicts = np.zeros((3, 4), dtype=bool)
    conflicts[1, :] = True
    conflicts[2, :2] = True

    reasons = check_feasibility(problem(np.ones((3, 4)).tolist(), k=3, conflicts=conflicts))

    assert reasons[-1:] == [
        "2 applications have fewer than 3 evaluators without a conflict: A2 (0), A3 (2)"
    ]


def test_single_short_application_is_named_with_its_count() -> None:
    conflicts = np.zeros((40, 5), dtype=bool)
    conflicts[16, :3] = True
    impossible = AssignmentProblem(
        applications=[f"A-{a + 1}" for a in range(40)],
        evaluators=[f"E{e}" for e in range(5)],
        affinity=np.ones((40, 5)),
        conflicts=conflicts,
        k=3,
    )

    assert check_feasibility(impossible) == [
        "application A-17 has only 2 evaluators without a conflict, needs 3"
    ]
    with pytest.raises(InfeasibleAssignment, match="A-17 has only 2"):
        solve(impossible)


def test_many_short_applications_show_the_first_few_and_the_count() -> None:
    conflicts = np.zeros((9, 4), dtype=bool)
    conflicts[:8, :2] = True

    reasons = check_feasibility(problem(np.ones((9, 4)).tolist(), k=3, conflicts=conflicts))

    assert reasons[-1] == (
        "8 applications have fewer than 3 evaluators without a conflict: "
        "A1 (2), A2 (2), A3 (2), A4 (2), A5 (2) and 3 more"
    )


def test_evaluators_conflicted_with_every_application_cannot_meet_a_minimum_load() -> None:
    conflicts = np.zeros((6, 5), dtype=bool)
    conflicts[:, 4] = True

    reasons = check_feasibility(
        problem(np.ones((6, 5)).tolist(), k=2, min_load=[0, 0, 0, 0, 2], conflicts=conflicts)
    )

    assert reasons == ["evaluator E5 has a minimum load of 2 but may review only 0 applications"]


def test_evaluator_with_a_maximum_load_of_zero_is_not_counted_as_available() -> None:
    reasons = check_feasibility(problem([[0.5, 0.5, 0.5]], k=3, max_load=[1, 1, 0]))

    assert "application A1 has only 2 evaluators without a conflict, needs 3" in reasons


def test_country_rule_that_leaves_too_few_countries_is_explained() -> None:
    reasons = check_feasibility(
        problem(
            [[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]],
            k=3,
            evaluator_countries=["FR", "FR", "DE", "DE"],
            one_per_country=True,
        )
    )

    assert reasons == [
        "2 applications have evaluators without a conflict from fewer than 3 countries "
        "(at most one evaluator per country): A1 (2), A2 (2)"
    ]


def test_full_evaluator_blocking_two_applications_is_found_by_the_solver_and_named() -> None:
    # Every necessary condition holds, yet A2 and A3 both depend on E1, who takes one review.
    conflicts = np.array([[False, False, False], [False, True, True], [False, True, True]])
    blocked = problem(np.ones((3, 3)).tolist(), k=1, max_load=1, conflicts=conflicts)
    assert check_feasibility(blocked) == []

    with pytest.raises(InfeasibleAssignment) as refused:
        solve(blocked)

    assert refused.value.reasons == [
        "only 2 of the 3 reviews fit within maximum loads and conflicts; applications competing "
        "for too few evaluators: A2, A3; those evaluators are full: E1"
    ]


def test_minimum_loads_that_compete_for_one_application_are_found_by_the_solver() -> None:
    # E2 and E3 each need a review but may both review only A1, which needs one.
    conflicts = np.array([[False, False, False], [False, True, True]])
    competing = problem(np.ones((2, 3)).tolist(), k=1, min_load=[0, 1, 1], conflicts=conflicts)
    assert check_feasibility(competing) == []

    with pytest.raises(InfeasibleAssignment) as refused:
        solve(competing)

    assert refused.value.reasons == [
        "minimum loads add up to 2 but conflicts allow filling only 1 of them; "
        "evaluators competing for too few applications: E2, E3"
    ]


def test_reason_keeps_its_template_and_values_for_translation_and_survives_pickling() -> None:
    (reason,) = check_feasibility(too_few_evaluators())

    assert isinstance(reason, Reason)
    assert reason.template.startswith("needs %(needed)s reviews")
    assert reason.values["needed"] == 1500
    copy = pickle.loads(pickle.dumps(reason))  # noqa: S301 (our own bytes)
    assert copy == reason and copy.values == reason.values


# --- Input validation ------------------------------------------------------------------


def test_minimum_load_above_maximum_is_refused_naming_the_evaluator() -> None:
    with pytest.raises(
        ValueError, match="evaluator E2 has a minimum load of 4 above the maximum load of 3"
    ):
        problem([[0.5, 0.5]], k=1, min_load=[0, 4], max_load=3)


def test_affinity_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="affinity: shape"):
        AssignmentProblem(
            applications=["A1"], evaluators=["E1", "E2"], affinity=np.ones((2, 1)), k=1
        )


def test_missing_affinity_is_refused_on_an_allowed_pair_but_accepted_on_a_conflicted_one() -> None:
    affinity = [[0.5, float("nan")]]
    with pytest.raises(ValueError, match="affinity: must be finite"):
        problem(affinity, k=1)

    result = solve(problem(affinity, k=1, conflicts=np.array([[False, True]])))

    assert result.pairs == [("A1", "E1")]


def test_one_per_country_without_countries_is_refused() -> None:
    with pytest.raises(ValueError, match="evaluator_countries: required by one_per_country"):
        problem([[0.5, 0.5]], k=1, one_per_country=True)


def test_duplicate_evaluator_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="evaluators: keys must be unique"):
        AssignmentProblem(
            applications=["A1"], evaluators=["E1", "E1"], affinity=np.ones((1, 2)), k=1
        )


# --- Affinity --------------------------------------------------------------------------


def test_affinity_adds_topic_overlap_language_match_and_bids() -> None:
    affinity = affinity_matrix(
        [{"energy", "housing"}, {"food"}],
        [{"energy", "housing", "care"}, {"food", "energy"}, set()],
        ["fr", "de"],
        [{"fr", "en"}, {"de"}, {"fr", "de"}],
        {(0, 1): "want", (1, 0): "rather_not", (1, 2): "ok"},
    )

    assert affinity == pytest.approx(
        np.array(
            [
                [2 / 3 + 0.5, 1 / 3 + 0.5, 0.0 + 0.5],
                [0.0 - 0.5, 1 / 2 + 0.5, 0.0 + 0.5],
            ]
        )
    )


def test_affinity_without_languages_or_bids_is_the_topic_overlap() -> None:
    affinity = affinity_matrix([set(), {"care"}], [set(), {"care", "food"}])

    assert affinity == pytest.approx(np.array([[0.0, 0.0], [0.0, 0.5]]))


def test_application_without_a_language_or_in_an_unread_one_gets_no_language_bonus() -> None:
    affinity = affinity_matrix([{"care"}, {"care"}], [{"care"}], [None, "sv"], [{"fr"}])

    assert affinity == pytest.approx(np.array([[1.0], [1.0]]))


def test_unknown_bid_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown bid 'love'"):
        affinity_matrix([{"care"}], [{"care"}], bids={(0, 0): "love"})


def test_affinity_matrix_feeds_the_solver() -> None:
    topics = [{"energy"}, {"food"}]
    expertise = [{"food"}, {"energy"}]

    result = solve(
        AssignmentProblem(
            applications=["A1", "A2"],
            evaluators=["E1", "E2"],
            affinity=affinity_matrix(topics, expertise),
            k=1,
            max_load=1,
        )
    )

    assert result.pairs == [("A1", "E2"), ("A2", "E1")]
