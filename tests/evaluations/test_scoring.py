from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest

from evaluations.scoring import (
    Candidate,
    CriterionRule,
    aggregate,
    divergence_reasons,
    evaluate,
    is_valid_score,
    rank,
    select,
)

CRITERIA = [
    CriterionRule(key="excellence", name="Excellence", order=1),
    CriterionRule(key="impact", name="Impact", order=2),
    CriterionRule(key="implementation", name="Implementation", order=3),
]
CHAIN = [
    "criterion:1",
    "criterion:2",
    "country_not_yet_funded",
    "earlier_submission",
    "seeded_draw",
]
T0 = datetime(2026, 10, 1, 12, 0)


def candidate(
    application_id, excellence, impact, implementation, *, amount="50000", country="IT", submitted=0
):
    return Candidate(
        application_id=application_id,
        scores={
            "excellence": D(excellence),
            "impact": D(impact),
            "implementation": D(implementation),
        },
        requested_amount=D(amount),
        country=country,
        submitted_at=T0 + timedelta(minutes=submitted),
    )


@pytest.mark.parametrize(
    ("scores", "passes", "reason"),
    [
        (("5", "5", "2.5"), False, "Implementation: 2.5 is below the threshold 3"),
        (("3", "3", "3.5"), False, "total 9.5 is below the threshold 10"),
        (("3", "3.5", "3.5"), True, None),
    ],
)
def test_threshold_edge_cases(scores, passes, reason):
    result = evaluate(candidate(1, *scores), CRITERIA, D("10"))
    assert result.passes is passes
    assert result.threshold_failures == ([reason] if reason else [])


def test_weights_change_the_rank_but_not_the_threshold():
    weighted = [
        CriterionRule(key="excellence", name="Excellence", order=1),
        CriterionRule(key="impact", name="Impact", order=2, weight=D("1.5")),
        CriterionRule(key="implementation", name="Implementation", order=3),
    ]
    strong_excellence = candidate(1, "4.5", "3", "3")  # 10.5 unweighted, 12.0 weighted
    stronger_impact = candidate(3, "3", "4.5", "3")  # 10.5 unweighted, 12.75 weighted
    plain = rank(
        [strong_excellence, stronger_impact], CRITERIA, total_threshold=D("10"), chain=CHAIN, seed=1
    )
    with_weights = rank(
        [strong_excellence, stronger_impact], weighted, total_threshold=D("10"), chain=CHAIN, seed=1
    )
    assert [item.candidate.application_id for item in plain] == [
        1,
        3,
    ]  # tie at 10.5 decided by Excellence
    assert plain[0].decided_by == "criterion:1"
    assert [item.candidate.application_id for item in with_weights] == [3, 1]
    below = evaluate(candidate(4, "2.5", "5", "5"), weighted, D("10"))
    assert not below.passes  # a weight never lifts a score over its threshold


def test_tie_decided_by_the_first_criterion():
    ranked = rank(
        [candidate(1, "3.5", "4", "4"), candidate(2, "4", "3.5", "4")],
        CRITERIA,
        total_threshold=D("10"),
        chain=CHAIN,
        seed=1,
    )
    assert [(item.candidate.application_id, item.decided_by) for item in ranked] == [
        (2, "criterion:1"),
        (1, "criterion:1"),
    ]


def test_tie_decided_by_the_second_criterion():
    ranked = rank(
        [candidate(1, "4", "3.5", "4.5"), candidate(2, "4", "4", "4")],
        CRITERIA,
        total_threshold=D("10"),
        chain=CHAIN,
        seed=1,
    )
    assert [(item.candidate.application_id, item.decided_by) for item in ranked] == [
        (2, "criterion:2"),
        (1, "criterion:2"),
    ]


def test_tie_decided_by_a_country_not_yet_funded():
    leader = candidate(1, "5", "5", "5", country="IT")
    italian = candidate(2, "4", "4", "4", country="IT", submitted=0)
    romanian = candidate(3, "4", "4", "4", country="RO", submitted=5)
    ranked = rank(
        [leader, italian, romanian], CRITERIA, total_threshold=D("10"), chain=CHAIN, seed=1
    )
    assert [(item.candidate.application_id, item.decided_by) for item in ranked] == [
        (1, None),
        (3, "country_not_yet_funded"),
        (2, "country_not_yet_funded"),
    ]


def test_tie_decided_by_earlier_submission():
    ranked = rank(
        [candidate(1, "4", "4", "4", submitted=30), candidate(2, "4", "4", "4", submitted=10)],
        CRITERIA,
        total_threshold=D("10"),
        chain=CHAIN,
        seed=1,
    )
    assert [(item.candidate.application_id, item.decided_by) for item in ranked] == [
        (2, "earlier_submission"),
        (1, "earlier_submission"),
    ]


def test_tie_decided_by_a_recorded_seeded_draw():
    first = rank(
        [candidate(1, "4", "4", "4"), candidate(2, "4", "4", "4")],
        CRITERIA,
        total_threshold=D("10"),
        chain=CHAIN,
        seed=2026,
    )
    again = rank(
        [candidate(2, "4", "4", "4"), candidate(1, "4", "4", "4")],
        CRITERIA,
        total_threshold=D("10"),
        chain=CHAIN,
        seed=2026,
    )
    assert [item.candidate.application_id for item in first] == [
        item.candidate.application_id for item in again
    ]
    assert {item.decided_by for item in first} == {"seeded_draw"}
    assert all(item.draw is not None for item in first)


def test_unknown_tie_rule_is_refused():
    with pytest.raises(ValueError, match="unknown tie-break rule"):
        rank(
            [candidate(1, "4", "4", "4")], CRITERIA, total_threshold=D("10"), chain=["coin"], seed=1
        )


def test_selection_walks_the_ranking_until_the_budget_is_used():
    candidates = [
        candidate(1, "5", "5", "5", amount="60000"),
        candidate(2, "4.5", "4.5", "4.5", amount="50000"),
        candidate(3, "4", "4", "4", amount="40000"),
        candidate(4, "3.5", "3.5", "3.5", amount="10000"),
        candidate(5, "3.5", "3.5", "3", amount="10000"),
        candidate(6, "2", "5", "5", amount="10000"),
    ]
    ranked = rank(candidates, CRITERIA, total_threshold=D("10"), chain=CHAIN, seed=1)
    selection = select(ranked, budget=D("120000"), reserve_length=2)
    outcomes = {item.candidate.application_id: item.outcome for item in selection.ranked}
    assert outcomes == {
        1: "main_list",
        2: "main_list",
        3: "reserve_list",
        4: "reserve_list",
        5: "rejected_budget",
        6: "rejected_threshold",
    }
    assert selection.committed == D("110000")


def test_mean_below_four_reviews_median_from_four():
    assert aggregate([{"x": D("3")}, {"x": D("4")}, {"x": D("5")}]) == {"x": D("4.0000")}
    assert aggregate([{"x": D("3")}, {"x": D("3.5")}, {"x": D("4")}, {"x": D("5")}]) == {
        "x": D("3.7500")
    }
    assert aggregate(
        [{"x": D("1")}, {"x": D("3")}, {"x": D("3")}, {"x": D("5")}, {"x": D("5")}]
    ) == {"x": D("3.0000")}


def test_divergence_flags_a_two_point_spread_or_totals_thirty_percent_apart():
    assert divergence_reasons([{"a": D("3"), "b": D("4")}, {"a": D("4.5"), "b": D("4")}]) == []
    assert divergence_reasons([{"a": D("2"), "b": D("4")}, {"a": D("4"), "b": D("4")}]) == [
        "a: scores range from 2 to 4"
    ]
    exactly_thirty = [
        {"a": D("5"), "b": D("5"), "c": D("5")},
        {"a": D("3.5"), "b": D("3.5"), "c": D("3.5")},
    ]
    assert divergence_reasons(exactly_thirty) == []  # 4.5 apart is exactly 30 % of 15: not more
    over = divergence_reasons(
        [{"a": D("4"), "b": D("4"), "c": D("4")}, {"a": D("2.5"), "b": D("2.5"), "c": D("2.5")}]
    )
    assert over == ["totals range from 7.5 to 12, more than 30 % apart"]


def test_scores_are_zero_to_five_in_half_points():
    assert is_valid_score(D("3.5")) and is_valid_score(D("0")) and is_valid_score(D("5"))
    assert (
        not is_valid_score(D("3.3"))
        and not is_valid_score(D("5.5"))
        and not is_valid_score(D("-0.5"))
    )


def test_equal_totals_made_of_thirds_tie_instead_of_differing_by_rounding():
    # Means of three reviews: 11/3 + 12/3 + 12.5/3 and 12/3 + 12/3 + 11.5/3 both total 35.5/3.
    first = aggregate(
        [
            {"a": D("3.5"), "b": D("4"), "c": D("4")},
            {"a": D("4"), "b": D("4"), "c": D("4.5")},
            {"a": D("3.5"), "b": D("4"), "c": D("4")},
        ]
    )
    second = aggregate(
        [
            {"a": D("4"), "b": D("4"), "c": D("4")},
            {"a": D("4"), "b": D("4"), "c": D("3.5")},
            {"a": D("4"), "b": D("4"), "c": D("4")},
        ]
    )
    criteria = [
        CriterionRule(key=key, name=key, order=index) for index, key in enumerate("abc", start=1)
    ]
    ranked = rank(
        [
            Candidate(application_id=1, scores=first, requested_amount=D("1")),
            Candidate(application_id=2, scores=second, requested_amount=D("1")),
        ],
        criteria,
        total_threshold=D("10"),
        chain=["criterion:1", "seeded_draw"],
        seed=1,
    )
    assert ranked[0].weighted_total == ranked[1].weighted_total
    assert {item.decided_by for item in ranked} == {"criterion:1"}


def test_a_mean_of_thirds_that_makes_the_threshold_passes():
    thirds = aggregate(
        [
            {"a": D("3"), "b": D("3.5"), "c": D("3.5")},
            {"a": D("3.5"), "b": D("3"), "c": D("3.5")},
            {"a": D("3.5"), "b": D("3.5"), "c": D("3")},
        ]
    )
    criteria = [
        CriterionRule(key=key, name=key, order=index) for index, key in enumerate("abc", start=1)
    ]
    result = evaluate(
        Candidate(application_id=1, scores=thirds, requested_amount=D("1")), criteria, D("10")
    )
    assert result.unweighted_total == D("10")
    assert result.passes
