"""Rankings: the latest run of a call, the ranked list with the rule that decided each
place, and thresholds missed, in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from applications.models import Application
from applications.selectors import format_money
from calls.models import Call, Criterion
from evaluations import scoring
from evaluations.models import RankingRun
from evaluations.results.selectors.common import (
    OUTCOME_STATUSES,
    RESULTS_STAGE_CALL_STATUSES,
    S,
    call_criteria,
    score_text,
)


def ranking_latest(call: Call) -> RankingRun | None:
    return (
        RankingRun.objects.filter(call=call)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def tie_rule_text(rule: str | None, criteria: Sequence[Criterion], *, seed: int, draw: Any) -> str:
    """What decided an application's place, in words."""
    if not rule:
        return _("Weighted total (no tie)")
    if rule.startswith("criterion:"):
        try:
            position = int(rule.split(":", 1)[1])
            name = criteria[position - 1].name_text
        except (ValueError, IndexError):
            name = rule
        return _("Tie broken by the higher score on %(criterion)s") % {"criterion": name}
    if rule == "country_not_yet_funded":
        return _("Tie broken by country: no application from its country ranks higher")
    if rule == "earlier_submission":
        return _("Tie broken by the earlier submission")
    if rule == "seeded_draw":
        if draw is not None:
            return _("Tie broken by a recorded draw (seed %(seed)s, drawn %(draw)s)") % {
                "seed": seed,
                "draw": f"{float(draw):.6f}",
            }
        return _("Tie broken by a recorded draw (seed %(seed)s)") % {"seed": seed}
    return rule


def chain_text(call: Call, criteria: Sequence[Criterion]) -> list[str]:
    from calls.models import DEFAULT_TIE_BREAK_CHAIN

    chain = list(call.tie_break_chain or DEFAULT_TIE_BREAK_CHAIN)
    if "seeded_draw" not in chain:
        chain.append("seeded_draw")
    texts = []
    for rule in chain:
        if rule.startswith("criterion:"):
            try:
                name = criteria[int(rule.split(":", 1)[1]) - 1].name_text
            except (ValueError, IndexError):
                name = rule
            texts.append(_("the higher score on %(criterion)s") % {"criterion": name})
        elif rule == "country_not_yet_funded":
            texts.append(_("a country with no application ranked higher"))
        elif rule == "earlier_submission":
            texts.append(_("the earlier submission"))
        elif rule == "seeded_draw":
            texts.append(_("a draw from the recorded seed"))
        else:
            texts.append(rule)
    return texts


def threshold_failure_texts(
    scores: Mapping[str, Any], criteria: Sequence[Criterion], total_threshold: Decimal
) -> list[str]:
    """Which thresholds ``scores`` miss, in words (thresholds apply to unweighted scores)."""
    failures = []
    total = Decimal("0")
    for criterion in criteria:
        # Compared as the ranking compares them (scoring.evaluate): to four decimals.
        value = Decimal(str(scores.get(str(criterion.pk), "0"))).quantize(
            scoring.PRECISION, rounding=ROUND_HALF_UP
        )
        total += value
        if value < criterion.threshold:
            failures.append(
                _("%(criterion)s: %(score)s is below the threshold of %(threshold)s")
                % {
                    "criterion": criterion.name_text,
                    "score": score_text(value),
                    "threshold": score_text(criterion.threshold),
                }
            )
    if total < total_threshold:
        failures.append(
            _("Total: %(score)s is below the threshold of %(threshold)s")
            % {"score": score_text(total), "threshold": score_text(total_threshold)}
        )
    return failures


@dataclass
class RankingRow:
    rank: int | None
    application: Application | None
    application_id: int
    outcome: str
    outcome_label: str
    weighted_total: Decimal
    unweighted_total: Decimal
    decided_by: str
    threshold_failures: list[str]
    requested_amount: Decimal
    scores: dict[str, str]


@dataclass
class RankingView:
    run: RankingRun
    call: Call
    rows: list[RankingRow]
    budget: Decimal
    committed: Decimal
    counts: dict[str, int] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def budget_text(self) -> str:
        return format_money(self.budget)

    @property
    def committed_text(self) -> str:
        return format_money(self.committed)

    @property
    def remaining_text(self) -> str:
        return format_money(self.remaining)

    def count_rows(self) -> list[tuple[str, int]]:
        return [
            (str(S(outcome).label), self.counts.get(outcome, 0)) for outcome in OUTCOME_STATUSES
        ]


def ranking_view(run: RankingRun) -> RankingView:
    """The ranked list of ``run`` as the admin and the panel minutes show it (three queries)."""
    call = run.call
    criteria = call_criteria(call)
    applications = {
        application.pk: application
        for application in Application.objects.filter(
            pk__in=[row["application"] for row in run.results]
        ).select_related("organisation")
    }
    rows = []
    committed = Decimal("0")
    counts: dict[str, int] = defaultdict(int)
    for row in run.results:
        application = applications.get(row["application"])
        amount = Decimal(
            str(
                row.get("requested_amount")
                or (application.requested_amount if application is not None else None)
                or "0"
            )
        )
        outcome = row.get("outcome", "")
        if outcome == S.MAIN_LIST:
            committed += amount
        counts[outcome] += 1
        scores = row.get("scores")
        failures = (
            threshold_failure_texts(scores, criteria, call.total_threshold)
            if scores is not None
            else list(row.get("threshold_failures") or [])
        )
        rows.append(
            RankingRow(
                rank=row.get("rank"),
                application=application,
                application_id=row["application"],
                outcome=outcome,
                outcome_label=str(S(outcome).label) if outcome in S.values else outcome,
                weighted_total=Decimal(row["weighted_total"]),
                unweighted_total=Decimal(row["unweighted_total"]),
                decided_by=tie_rule_text(
                    row.get("decided_by"), criteria, seed=run.seed, draw=row.get("draw")
                )
                if row.get("rank")
                else "",
                threshold_failures=failures,
                requested_amount=amount,
                scores=dict(scores or {}),
            )
        )
    return RankingView(
        run=run,
        call=call,
        rows=rows,
        budget=run.budget,
        committed=committed,
        counts=dict(counts),
        chain=chain_text(call, criteria),
    )


def ranked_outcomes(run: RankingRun) -> dict[int, str]:
    return {int(row["application"]): row["outcome"] for row in run.results}


def calls_in_results_stage() -> QuerySet[Call]:
    """The programme's calls that are closed, in evaluation or with results (one query)."""
    return (
        Call.objects.filter(status__in=[*RESULTS_STAGE_CALL_STATUSES])
        .annotate(
            in_evaluation=Count("applications", filter=Q(applications__status=S.IN_EVALUATION)),
            evaluated=Count("applications", filter=Q(applications__status=S.EVALUATED)),
            ranked=Count("applications", filter=Q(applications__status__in=OUTCOME_STATUSES)),
        )
        .order_by("-deadline", "pk")
    )
