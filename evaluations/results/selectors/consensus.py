"""Divergent reviews in words, and the consensus that settles them: its state, who may
be rapporteur, the submitted reviews it starts from and the rapporteur's first draft.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Criterion
from evaluations import scoring
from evaluations.models import Assignment, Consensus
from evaluations.results.selectors.common import nearest_half_point, reopened_at, score_text
from socialtech.accounts.models import Membership
from socialtech.accounts.roles import Role


@dataclass(frozen=True)
class Divergence:
    """Which criteria the reviews disagree on, and why, in the reader's language.

    The same rule as :func:`evaluations.scoring.divergence_reasons` (a spread of 2 points
    or more on a criterion, totals more than 30 % apart), with the flagged criteria kept
    so the table can mark their cells.
    """

    criteria: frozenset[str]
    reasons: list[str]

    @property
    def is_flagged(self) -> bool:
        return bool(self.reasons)


def divergence(
    reviews: Sequence[Mapping[str, Decimal]], criteria: Sequence[Criterion]
) -> Divergence:
    if len(reviews) < 2:
        return Divergence(frozenset(), [])
    flagged = set()
    reasons = []
    for criterion in criteria:
        key = str(criterion.pk)
        values = [Decimal(review[key]) for review in reviews if key in review]
        if len(values) >= 2 and max(values) - min(values) >= scoring.CRITERION_SPREAD_FLAG:
            flagged.add(key)
            reasons.append(
                _("%(criterion)s: scores range from %(low)s to %(high)s (2 points or more apart).")
                % {
                    "criterion": criterion.name_text,
                    "low": score_text(min(values)),
                    "high": score_text(max(values)),
                }
            )
    totals = [sum((Decimal(v) for v in review.values()), Decimal("0")) for review in reviews]
    highest = max(totals)
    if highest > 0 and highest - min(totals) > scoring.TOTAL_SPREAD_FLAG * highest:
        reasons.append(
            _("Totals range from %(low)s to %(high)s, more than 30 %% of the higher total apart.")
            % {"low": score_text(min(totals)), "high": score_text(highest)}
        )
    return Divergence(frozenset(flagged), reasons)


# --- Consensus ----------------------------------------------------------------------------


class ConsensusState:
    NONE = "none"
    NAMED = "named"
    DRAFTED = "drafted"
    APPROVED = "approved"


def consensus_state(consensus: Consensus | None) -> str:
    if consensus is None:
        return ConsensusState.NONE
    if consensus.approved_at:
        return ConsensusState.APPROVED
    if consensus.drafted_at:
        return ConsensusState.DRAFTED
    return ConsensusState.NAMED


def consensus_state_label(state: str) -> str:
    return {
        ConsensusState.NONE: _("No consensus"),
        ConsensusState.NAMED: _("Rapporteur named, not drafted yet"),
        ConsensusState.DRAFTED: _("Drafted, waiting for approval"),
        ConsensusState.APPROVED: _("Approved"),
    }[state]


def consensus_of(application: Application) -> Consensus | None:
    return (
        Consensus.objects.filter(application=application)
        .select_related("rapporteur", "approved_by")
        .first()
    )


def rapporteur_candidates(application: Application) -> QuerySet:
    """Who may be named rapporteur: an evaluator who submitted a review of ``application``,
    or a staff member or coordinator of the programme."""
    from django.contrib.auth import get_user_model

    evaluators = Assignment.objects.filter(
        application=application, status=Assignment.Status.SUBMITTED
    ).values("evaluator__user_id")
    staff = Membership.objects.filter(
        is_active=True, role__in=[Role.STAFF, Role.COORDINATOR]
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=evaluators) | Q(pk__in=staff), is_active=True)
        .order_by("full_name", "email")
    )


def is_rapporteur_candidate(application: Application, user: Any) -> bool:
    return rapporteur_candidates(application).filter(pk=getattr(user, "pk", None)).exists()


@dataclass
class ReviewForConsensus:
    label: str
    evaluator: str
    scores: dict[str, Decimal]
    comments: dict[str, str]
    overall_comment: str
    submitted_at: datetime | None
    is_earlier_round: bool


def submitted_reviews(application: Application) -> list[ReviewForConsensus]:
    """The submitted reviews of ``application`` in a stable order (``Expert 1`` …)."""
    since = reopened_at(application)
    assignments = (
        Assignment.objects.filter(
            application=application,
            status=Assignment.Status.SUBMITTED,
            review__submitted_at__isnull=False,
        )
        .select_related("review", "evaluator__user")
        .order_by("created_at", "pk")
    )
    return [
        ReviewForConsensus(
            label=_("Expert %(number)s") % {"number": index},
            evaluator=str(assignment.evaluator.user),
            scores={key: Decimal(value) for key, value in assignment.review.scores.items()},
            comments=dict(assignment.review.comments),
            overall_comment=assignment.review.overall_comment,
            submitted_at=assignment.review.submitted_at,
            is_earlier_round=since is not None and assignment.created_at <= since,
        )
        for index, assignment in enumerate(assignments, start=1)
    ]


def consensus_initial(
    criteria: Sequence[Criterion], reviews: Sequence[ReviewForConsensus]
) -> dict[str, dict[str, str]]:
    """What the rapporteur's form starts from: per criterion, the aggregate score rounded to
    the nearest half point and the individual comments one after the other."""
    aggregated = scoring.aggregate([review.scores for review in reviews])
    initial: dict[str, dict[str, str]] = {}
    for criterion in criteria:
        key = str(criterion.pk)
        comments = [
            f"{review.label}: {review.comments[key].strip()}"
            for review in reviews
            if (review.comments.get(key) or "").strip()
        ]
        initial[key] = {
            "score": scoring.plain(nearest_half_point(aggregated[key]))
            if key in aggregated
            else "",
            "comment": "\n\n".join(comments),
        }
    return initial
