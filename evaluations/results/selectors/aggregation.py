"""The aggregation table: each application's individual scores, the aggregate, the flags
and the consensus, and which applications are ready to mark evaluated or to rank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call, Criterion
from evaluations import scoring
from evaluations.models import Assignment, Consensus, Review
from evaluations.results.selectors.common import (
    AGGREGATION_STATUSES,
    Completeness,
    S,
    call_criteria,
    completeness,
    current_round,
    reopenings,
    score_text,
)
from evaluations.results.selectors.consensus import (
    ConsensusState,
    Divergence,
    consensus_state,
    consensus_state_label,
    divergence,
)


@dataclass
class CriterionCell:
    criterion: Criterion
    individual: list[str]
    aggregate: Decimal | None
    consensus: Decimal | None
    is_flagged: bool

    @property
    def authoritative(self) -> Decimal | None:
        return self.consensus if self.consensus is not None else self.aggregate


@dataclass
class AggregationRow:
    application: Application
    cells: list[CriterionCell]
    reviewers: list[str]
    completeness: Completeness
    method: str
    divergence: Divergence
    consensus: Consensus | None
    consensus_state: str
    is_reevaluation: bool
    unweighted_total: Decimal | None
    weighted_total: Decimal | None

    @property
    def consensus_label(self) -> str:
        return consensus_state_label(self.consensus_state)

    @property
    def needs_consensus(self) -> bool:
        """Divergent reviews, or a re-evaluation after redress, wait for an approved consensus."""
        return (
            self.divergence.is_flagged or self.is_reevaluation
        ) and self.consensus_state != ConsensusState.APPROVED

    @property
    def may_name_rapporteur(self) -> bool:
        return self.consensus_state != ConsensusState.APPROVED and self.application.status in (
            S.IN_EVALUATION,
            S.EVALUATED,
        )

    @property
    def source_label(self) -> str:
        if self.consensus_state == ConsensusState.APPROVED:
            return _("approved consensus")
        return self.method


def aggregation_queryset(call: Call, *, status: str | None = None) -> QuerySet[Application]:
    """The call's applications in evaluation and later, with their reviews and consensus,
    in the order of their receipt numbers."""
    statuses = [status] if status in AGGREGATION_STATUSES else list(AGGREGATION_STATUSES)
    return (
        Application.objects.filter(call=call, status__in=statuses)
        .select_related("organisation", "consensus__rapporteur", "consensus__approved_by")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("review", "evaluator__user").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("receipt_number", "pk")
    )


def _consensus_or_none(application: Application) -> Consensus | None:
    try:
        return application.consensus  # type: ignore[attr-defined]
    except Consensus.DoesNotExist:
        return None


def _review_of(assignment: Assignment) -> Review | None:
    try:
        return assignment.review  # type: ignore[attr-defined]
    except Review.DoesNotExist:
        return None


def aggregation_rows(
    applications: Sequence[Application], criteria: Sequence[Criterion]
) -> list[AggregationRow]:
    """One row per application: individual scores per criterion, the aggregate (mean, or
    median with 4 reviews or more), the flags, the consensus. One query (re-openings)."""
    since_by_application = reopenings(applications)
    rows = []
    for application in applications:
        since = since_by_application.get(application.pk)
        assignments = list(application.assignments.all())
        # After an upheld redress only the new round's reviews count; the earlier ones
        # stay on record (the consensus page lists them).
        submitted = [
            (assignment, review)
            for assignment in assignments
            if assignment.status == Assignment.Status.SUBMITTED
            and (since is None or assignment.created_at > since)
            and (review := _review_of(assignment)) is not None
            and review.submitted_at is not None
        ]
        reviews = [
            {key: Decimal(value) for key, value in review.scores.items()}
            for _a, review in submitted
        ]
        aggregated = scoring.aggregate(reviews)
        found = divergence(reviews, criteria)
        consensus = _consensus_or_none(application)
        state = consensus_state(consensus)
        approved = consensus.scores if consensus is not None and consensus.approved_at else None
        cells = []
        for criterion in criteria:
            key = str(criterion.pk)
            cells.append(
                CriterionCell(
                    criterion=criterion,
                    individual=[score_text(review.get(key)) for review in reviews],
                    aggregate=aggregated.get(key),
                    consensus=Decimal(approved[key]) if approved and key in approved else None,
                    is_flagged=key in found.criteria,
                )
            )
        scored = [cell.authoritative for cell in cells]
        unweighted = weighted = None
        if reviews or approved:
            unweighted = sum((score or Decimal("0") for score in scored), Decimal("0"))
            weighted = sum(
                ((cell.authoritative or Decimal("0")) * cell.criterion.weight for cell in cells),
                Decimal("0"),
            )
        method = (
            _("median of %(count)s reviews") % {"count": len(reviews)}
            if len(reviews) >= 4
            else _("mean of %(count)s reviews") % {"count": len(reviews)}
        )
        rows.append(
            AggregationRow(
                application=application,
                cells=cells,
                reviewers=[str(assignment.evaluator.user) for assignment, _r in submitted],
                completeness=completeness(assignments, since),
                method=method,
                divergence=found,
                consensus=consensus,
                consensus_state=state,
                is_reevaluation=since is not None,
                unweighted_total=unweighted,
                weighted_total=weighted,
            )
        )
    return rows


def aggregation_summary(call: Call) -> dict[str, int]:
    """How many of the call's applications are in each state of the evaluation (one query)."""
    counts = dict(
        Application.objects.filter(call=call, status__in=AGGREGATION_STATUSES)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {str(status): int(count) for status, count in counts.items()}


def applications_ready_to_mark(call: Call) -> list[Application]:
    """Applications in evaluation whose current round is complete: every active assignment
    submitted, at least one."""
    applications = list(
        Application.objects.filter(call=call, status=S.IN_EVALUATION).prefetch_related(
            "assignments"
        )
    )
    since = reopenings(applications)
    return [
        application
        for application in applications
        if completeness(application.assignments.all(), since.get(application.pk)).is_complete
    ]


def applications_awaiting_reevaluation(call: Call) -> list[Application]:
    """Applications an upheld redress sent back to evaluation that have no assignment of the
    new round yet: the assignment step must give them new evaluators."""
    applications = list(
        Application.objects.filter(call=call, status=S.IN_EVALUATION)
        .select_related("organisation")
        .prefetch_related("assignments")
    )
    since = reopenings(applications)
    return [
        application
        for application in applications
        if application.pk in since
        and not current_round(application.assignments.all(), since[application.pk])
    ]


def reevaluation_excluded_evaluators(application: Application) -> set[int]:
    """Evaluator profiles that already evaluated ``application``: a re-evaluation after an
    upheld redress is done by others."""
    return set(
        Assignment.objects.filter(application=application).values_list("evaluator_id", flat=True)
    )


def consensus_blockers(call: Call) -> list[tuple[Application, str]]:
    """Evaluated applications that cannot be ranked yet, each with the reason in words:
    divergent reviews or a re-evaluation with no approved consensus, or a consensus that
    is named or drafted and not approved."""
    applications = list(aggregation_queryset(call, status=S.EVALUATED))
    rows = aggregation_rows(applications, call_criteria(call))
    blockers = []
    for row in rows:
        if row.consensus_state in (ConsensusState.NAMED, ConsensusState.DRAFTED):
            blockers.append((row.application, _("its consensus report is not approved yet")))
        elif row.needs_consensus:
            blockers.append(
                (
                    row.application,
                    _("it is re-evaluated after redress and needs an approved consensus")
                    if row.is_reevaluation
                    else _("its reviews diverge and it needs an approved consensus"),
                )
            )
    return blockers
