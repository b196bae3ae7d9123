"""How well an evaluator fits an application: topics, languages and bids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np

Bid = Literal["want", "ok", "rather_not"]
DEFAULT_BID_BONUS: Mapping[str, float] = {"want": 0.5, "ok": 0.0, "rather_not": -0.5}


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
