"""Scores per dimension: means mapped to 0–100, rounded half up; no answers, no score."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mapping.surveys.scoring import dimension_scores, score_of_mean, weakest


def _question(key: str, dimension: str | None, kind: str = "scale") -> SimpleNamespace:
    return SimpleNamespace(
        key=key, type=kind, dimension=SimpleNamespace(key=dimension) if dimension else None
    )


@pytest.mark.parametrize(
    ("values", "score"),
    [
        ([1], 0),
        ([5], 100),
        ([3], 50),
        ([1, 2], 13),  # mean 1.5 -> 12.5 -> 13 (half up, not to even)
        ([3, 4], 63),  # mean 3.5 -> 62.5 -> 63
        ([2, 2, 3], 33),  # mean 2.33… -> 33.3… -> 33
        ([4, 4, 5, 5], 88),  # mean 4.5 -> 87.5 -> 88
        ([], None),
    ],
)
def test_score_of_mean_maps_one_to_five_onto_a_hundred_rounding_half_up(values, score):
    assert score_of_mean(values) == score


def test_dimension_scores_use_only_scale_answers_of_each_dimension():
    questions = [
        _question("d1", "digital"),
        _question("d2", "digital"),
        _question("g1", "green"),
        _question("name", None, kind="text"),
        _question("loose", None),
    ]
    answers = {"d1": 2, "d2": "3", "g1": 5, "name": "4", "loose": 1}
    assert dimension_scores(questions, answers) == {"digital": 38, "green": 100}


def test_a_dimension_without_answers_has_no_score():
    questions = [_question("d1", "digital"), _question("g1", "green")]
    scores = dimension_scores(questions, {"d1": 4, "g1": None})
    assert scores == {"digital": 75}
    assert "green" not in scores


def test_out_of_range_scale_answers_do_not_count():
    questions = [_question("d1", "digital"), _question("d2", "digital")]
    assert dimension_scores(questions, {"d1": 9, "d2": 3}) == {"digital": 50}


def test_weakest_picks_the_two_lowest_and_breaks_ties_by_order():
    dimensions = [
        SimpleNamespace(key="digital", order=10, pk=1),
        SimpleNamespace(key="green", order=20, pk=2),
        SimpleNamespace(key="skills", order=30, pk=3),
        SimpleNamespace(key="finance", order=40, pk=4),
    ]
    scores = {"digital": 75, "green": 25, "skills": 50, "finance": 25}
    assert [d.key for d in weakest(dimensions, scores)] == ["green", "finance"]
    scores = {"digital": 50, "green": 75, "skills": 50}
    assert [d.key for d in weakest(dimensions, scores)] == ["digital", "skills"]


def test_weakest_leaves_out_dimensions_without_a_score():
    dimensions = [SimpleNamespace(key="a", order=1, pk=1), SimpleNamespace(key="b", order=2, pk=2)]
    assert [d.key for d in weakest(dimensions, {"b": 90})] == ["b"]
