"""Scores per dimension: the mean of a dimension's scale answers (1–5) mapped to 0–100.

``(mean - 1) / 4 * 100``, rounded half up to a whole number; a dimension with no scale
answer has no score. Exact decimals, so 62.5 is 63 on every machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mapping.models import SCALE_MAX, SCALE_MIN, QuestionType


def scale_value(value: Any) -> int | None:
    """A scale answer as an integer 1–5, or None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if SCALE_MIN <= number <= SCALE_MAX else None


def score_of_mean(values: list[int]) -> int | None:
    """0–100 for the mean of ``values`` (each 1–5); None for no values."""
    if not values:
        return None
    mean = Decimal(sum(values)) / Decimal(len(values))
    score = (mean - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100
    return int(score.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def dimension_scores(questions: Iterable[Any], answers: Mapping[str, Any]) -> dict[str, int]:
    """Score per dimension key of the answered dimensions (unanswered ones are left out)."""
    values: dict[str, list[int]] = {}
    for question in questions:
        if question.type != QuestionType.SCALE or question.dimension is None:
            continue
        value = scale_value(answers.get(question.key))
        if value is not None:
            values.setdefault(question.dimension.key, []).append(value)
    scores = {key: score_of_mean(numbers) for key, numbers in values.items()}
    return {key: score for key, score in scores.items() if score is not None}


def weakest(dimensions: Iterable[Any], scores: Mapping[str, Any], count: int = 2) -> list[Any]:
    """The ``count`` dimensions with the lowest scores; ties go to the earlier dimension
    (by order). Dimensions without a score are not among them."""
    scored = [
        (int(scores[dimension.key]), dimension.order, dimension.pk or 0, dimension)
        for dimension in dimensions
        if scores.get(dimension.key) is not None
    ]
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:count]]
