"""Scores to outcomes: aggregation, divergence, thresholds, weighted ranking, ties, selection.

Pure functions over plain data, so the rules can be tested one by one and reused by the
panel minutes, the evaluation summary reports and the API.

Rules (DESIGN.md §3.3, domain notes §5 D–E):
- each criterion is scored 0–5 in half points; individual scores aggregate to the mean,
  or the median when there are 4 reviews or more; an approved consensus replaces them;
- thresholds apply to the unweighted scores: every criterion at or above its threshold
  and the unweighted total at or above the call's total threshold;
- weights apply to ranking only;
- ties on the weighted total are decided by the call's chain, and the rule that decided
  each place is recorded;
- the ranking is walked until the budget is used: main list, then a reserve list of the
  configured length, then rejected for budget. Funding stops at the first application
  that does not fit, so the ranking is never jumped.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import Any

# The fewest characters of comment a review or a consensus gives each criterion.
MIN_COMMENT_CHARS = 100
# Input bounds of a review (the page and the API), so a pasted book or a forged request is
# a clear error, not a stored blob.
MAX_COMMENT_CHARS = 20000
MAX_VERSION = 2**31 - 1

SCORE_STEP = Decimal("0.5")
MAX_SCORE = Decimal("5")
CRITERION_SPREAD_FLAG = Decimal("2")
TOTAL_SPREAD_FLAG = Decimal("0.30")
PRECISION = Decimal("0.0001")


@dataclass(frozen=True)
class CriterionRule:
    key: Any
    name: str
    threshold: Decimal = Decimal("3")
    weight: Decimal = Decimal("1")
    order: int = 0


@dataclass(frozen=True)
class Candidate:
    application_id: int
    scores: Mapping[Any, Decimal]
    requested_amount: Decimal
    country: str = ""
    submitted_at: datetime | None = None


@dataclass
class RankedCandidate:
    candidate: Candidate
    weighted_total: Decimal
    unweighted_total: Decimal
    passes: bool
    threshold_failures: list[str]
    rank: int | None = None
    decided_by: str | None = None
    outcome: str = ""
    draw: float | None = None


@dataclass
class Selection:
    ranked: list[RankedCandidate] = field(default_factory=list)
    committed: Decimal = Decimal("0.00")


def plain(value: Decimal) -> str:
    """A decimal as people write it: 10, 9.5, 3.75 (no exponent, no trailing zeros)."""
    return format(Decimal(value).normalize(), "f")


def is_valid_score(value: Decimal) -> bool:
    return (
        Decimal("0") <= value <= MAX_SCORE
        and (value / SCORE_STEP) == (value / SCORE_STEP).to_integral_value()
    )


def aggregate(reviews: Sequence[Mapping[Any, Decimal]]) -> dict[Any, Decimal]:
    """Per criterion: the mean of the reviews, or their median with 4 reviews or more."""
    if not reviews:
        return {}
    keys = set().union(*(review.keys() for review in reviews))
    result = {}
    for key in keys:
        values = [Decimal(review[key]) for review in reviews if key in review]
        if len(values) >= 4:
            value = Decimal(median(values))
        else:
            value = sum(values, Decimal("0")) / len(values)
        # Not rounded here: equal totals must stay equal (three thirds make a whole), so
        # rounding happens once, on the values that are compared (see evaluate).
        result[key] = value
    return result


def divergence_reasons(
    reviews: Sequence[Mapping[Any, Decimal]], names: Mapping[Any, str] | None = None
) -> list[str]:
    """Why the reviews disagree enough to need a consensus discussion (empty when they agree).

    A spread of 2 points or more on any criterion, or totals that differ by more than 30 %
    of the higher total.
    """
    if len(reviews) < 2:
        return []
    names = names or {}
    reasons = []
    keys = sorted(set().union(*(review.keys() for review in reviews)), key=str)
    for key in keys:
        values = [Decimal(review[key]) for review in reviews if key in review]
        spread = max(values) - min(values)
        if spread >= CRITERION_SPREAD_FLAG:
            reasons.append(
                f"{names.get(key, key)}: scores range from {plain(min(values))} to {plain(max(values))}"
            )
    totals = [
        sum((Decimal(value) for value in review.values()), Decimal("0")) for review in reviews
    ]
    highest = max(totals)
    if highest > 0 and (highest - min(totals)) > TOTAL_SPREAD_FLAG * highest:
        reasons.append(
            f"totals range from {plain(min(totals))} to {plain(highest)}, more than 30 % apart"
        )
    return reasons


def evaluate(
    candidate: Candidate, criteria: Sequence[CriterionRule], total_threshold: Decimal
) -> RankedCandidate:
    """Thresholds on unweighted scores, and the weighted total used for ranking."""
    failures = []
    unweighted = Decimal("0")
    weighted = Decimal("0")
    for criterion in criteria:
        exact = Decimal(candidate.scores.get(criterion.key, Decimal("0")))
        unweighted += exact
        weighted += exact * criterion.weight
        score = exact.quantize(PRECISION, rounding=ROUND_HALF_UP)
        if score < criterion.threshold:
            failures.append(
                f"{criterion.name}: {plain(score)} is below the threshold {plain(criterion.threshold)}"
            )
    unweighted = unweighted.quantize(PRECISION, rounding=ROUND_HALF_UP)
    weighted = weighted.quantize(PRECISION, rounding=ROUND_HALF_UP)
    if unweighted < total_threshold:
        failures.append(
            f"total {plain(unweighted)} is below the threshold {plain(total_threshold)}"
        )
    return RankedCandidate(
        candidate=candidate,
        weighted_total=weighted,
        unweighted_total=unweighted,
        passes=not failures,
        threshold_failures=failures,
    )


TieRule = Callable[[list[RankedCandidate], list[RankedCandidate]], list[list[RankedCandidate]]]


def _split_by(key: Callable[[RankedCandidate], Any]) -> TieRule:
    """A rule that orders a tied group by ``key`` (ascending) into groups of equal keys."""

    def split(
        group: list[RankedCandidate], _above: list[RankedCandidate]
    ) -> list[list[RankedCandidate]]:
        ordered = sorted(group, key=key)
        groups: list[list[RankedCandidate]] = []
        for item in ordered:
            if groups and key(groups[-1][0]) == key(item):
                groups[-1].append(item)
            else:
                groups.append([item])
        return groups

    return split


def _criterion_rule(criteria: Sequence[CriterionRule], position: int) -> TieRule:
    ordered = sorted(criteria, key=lambda criterion: criterion.order)
    if not 1 <= position <= len(ordered):
        raise ValueError(
            f"tie-break rule criterion:{position}: the call has {len(ordered)} criteria"
        )
    criterion_key = ordered[position - 1].key
    return _split_by(lambda item: -Decimal(item.candidate.scores.get(criterion_key, Decimal("0"))))


def _country_not_yet_funded(
    group: list[RankedCandidate], above: list[RankedCandidate]
) -> list[list[RankedCandidate]]:
    funded = {item.candidate.country for item in above}
    return _split_by(lambda item: 0 if item.candidate.country not in funded else 1)(group, above)


def _earlier_submission(
    group: list[RankedCandidate], above: list[RankedCandidate]
) -> list[list[RankedCandidate]]:
    return _split_by(lambda item: item.candidate.submitted_at or datetime.max)(group, above)


def tie_rules(
    chain: Sequence[str], criteria: Sequence[CriterionRule], seed: int
) -> list[tuple[str, TieRule]]:
    """The call's tie-break chain as functions; a seeded draw always ends it."""
    rules: list[tuple[str, TieRule]] = []
    for name in chain:
        if name.startswith("criterion:"):
            rules.append((name, _criterion_rule(criteria, int(name.split(":", 1)[1]))))
        elif name == "country_not_yet_funded":
            rules.append((name, _country_not_yet_funded))
        elif name == "earlier_submission":
            rules.append((name, _earlier_submission))
        elif name == "seeded_draw":
            continue
        else:
            raise ValueError(f"unknown tie-break rule {name!r}")

    def draw(
        group: list[RankedCandidate], _above: list[RankedCandidate]
    ) -> list[list[RankedCandidate]]:
        for item in group:
            item.draw = random.Random(f"{seed}:{item.candidate.application_id}").random()
        return [
            [item]
            for item in sorted(group, key=lambda item: (item.draw, item.candidate.application_id))
        ]

    rules.append(("seeded_draw", draw))
    return rules


def _resolve(
    group: list[RankedCandidate], above: list[RankedCandidate], rules: list[tuple[str, TieRule]]
) -> list[RankedCandidate]:
    if len(group) == 1:
        return group
    name, rule = rules[0]
    ordered: list[RankedCandidate] = []
    for subgroup in rule(group, above + ordered):
        if len(subgroup) == 1:
            subgroup[0].decided_by = subgroup[0].decided_by or name
            ordered += subgroup
        else:
            ordered += _resolve(subgroup, above + ordered, rules[1:])
    return ordered


def rank(
    candidates: Sequence[Candidate],
    criteria: Sequence[CriterionRule],
    *,
    total_threshold: Decimal,
    chain: Sequence[str],
    seed: int,
) -> list[RankedCandidate]:
    """Applications that pass the thresholds in rank order, then those that do not.

    Equal weighted totals go through ``chain``; each tied application records the rule
    that decided its place in ``decided_by``.
    """
    evaluated = [evaluate(candidate, criteria, total_threshold) for candidate in candidates]
    passing = sorted(
        (item for item in evaluated if item.passes), key=lambda item: -item.weighted_total
    )
    rules = tie_rules(chain, criteria, seed)
    ordered: list[RankedCandidate] = []
    index = 0
    while index < len(passing):
        end = index
        while end < len(passing) and passing[end].weighted_total == passing[index].weighted_total:
            end += 1
        ordered += _resolve(passing[index:end], ordered, rules)
        index = end
    for position, item in enumerate(ordered, start=1):
        item.rank = position
    failing = sorted(
        (item for item in evaluated if not item.passes), key=lambda item: -item.weighted_total
    )
    return ordered + failing


def select(ranked: Sequence[RankedCandidate], *, budget: Decimal, reserve_length: int) -> Selection:
    """Walk the ranking: main list while the budget lasts, then reserve, then rejected."""
    selection = Selection(ranked=list(ranked))
    funding_open = True
    reserved = 0
    for item in selection.ranked:
        if not item.passes:
            item.outcome = "rejected_threshold"
            continue
        amount = item.candidate.requested_amount
        if funding_open and selection.committed + amount <= budget:
            item.outcome = "main_list"
            selection.committed += amount
            continue
        funding_open = False
        if reserved < reserve_length:
            item.outcome = "reserve_list"
            reserved += 1
        else:
            item.outcome = "rejected_budget"
    return selection
