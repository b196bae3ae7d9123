"""What every read of the results stage shares: the audit verbs that carry its state,
the groups of statuses, scores as pages show them, and the evaluation rounds (an upheld
redress opens a new one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from applications.models import Application, ApplicationStatus
from calls.models import Call, CallStatus, Criterion
from evaluations import scoring
from evaluations.models import Assignment, Consensus, Review
from socialtech.audit.models import AuditEvent
from socialtech.formatting import format_average, format_score

S = ApplicationStatus

# Audit verbs that carry the state of this stage (no model holds it).
RESULTS_PUBLISHED = "call.results_published"
REEVALUATION_OPENED = "application.reevaluation_opened"
ESR_ISSUED = "results.esr_issued"
ESR_EMAILED = "results.esr_emailed"
ESR_EMAIL_FAILED = "results.esr_email_failed"
REDRESS_ANSWER_EMAILED = "redress.answer_emailed"
REDRESS_ANSWER_EMAIL_FAILED = "redress.answer_email_failed"

OUTCOME_STATUSES = (S.MAIN_LIST, S.RESERVE_LIST, S.REJECTED_THRESHOLD, S.REJECTED_BUDGET)
# Applications the aggregation table shows: in evaluation and every later state.
AGGREGATION_STATUSES = (
    S.IN_EVALUATION,
    S.EVALUATED,
    *OUTCOME_STATUSES,
    S.OFFERED,
    S.ACCEPTED,
    S.DECLINED,
)
# The call states in which the results stage is worked on and shown to applicants.
RESULTS_STAGE_CALL_STATUSES = (CallStatus.CLOSED, CallStatus.EVALUATION, CallStatus.RESULTS)
PUBLISHED_CALL_STATUSES = (CallStatus.RESULTS, CallStatus.ARCHIVED)
# What an applicant sees on the results pages: an outcome, or a re-evaluation after redress.
APPLICANT_RESULT_STATUSES = (
    *OUTCOME_STATUSES,
    S.OFFERED,
    S.ACCEPTED,
    S.DECLINED,
    S.IN_EVALUATION,
    S.EVALUATED,
)
ACTIVE_ASSIGNMENT_STATUSES = (
    Assignment.Status.PROPOSED,
    Assignment.Status.ACCEPTED,
    Assignment.Status.IN_PROGRESS,
    Assignment.Status.SUBMITTED,
)
HUNDREDTH = Decimal("0.01")


# --- Small helpers ------------------------------------------------------------------------


def score_text(value: Decimal | None) -> str:
    """A score as pages show it: ``4``, ``3.5`` in half points; ``3.83`` off them."""
    return format_score(value)


def average_text(value: Decimal | None) -> str:
    """An average or a total ranked on: always two decimals, ``13.67``, ``13.00``."""
    return format_average(value)


def nearest_half_point(value: Decimal) -> Decimal:
    """The valid score (0–5 in half points) nearest to ``value``, halves rounded up."""
    doubled = (Decimal(value) * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return min(max(doubled / 2, Decimal("0")), scoring.MAX_SCORE)


def call_criteria(call: Call) -> list[Criterion]:
    return list(call.criteria.order_by("order", "pk"))


def audit_events_of(model: type, object_ids: Iterable[Any], verbs: Sequence[str]) -> QuerySet:
    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in object_ids],
        verb__in=list(verbs),
    )


def reopened_at(application: Application) -> datetime | None:
    """When an upheld redress last sent ``application`` back to evaluation, if ever."""
    event = (
        audit_events_of(Application, [application.pk], [REEVALUATION_OPENED])
        .filter(tenant_id=application.tenant_id)
        .order_by("-at", "-pk")
        .first()
    )
    return event.at if event is not None else None


def reopenings(applications: Sequence[Application]) -> dict[int, datetime]:
    """The latest re-opening of each of ``applications`` (one query)."""
    latest: dict[int, datetime] = {}
    if not applications:
        return latest
    for object_id, at in (
        audit_events_of(Application, [a.pk for a in applications], [REEVALUATION_OPENED])
        .filter(tenant_id=applications[0].tenant_id)
        .values_list("object_id", "at")
    ):
        pk = int(object_id)
        if pk not in latest or at > latest[pk]:
            latest[pk] = at
    return latest


def current_round(assignments: Iterable[Assignment], since: datetime | None) -> list[Assignment]:
    """The active assignments of the current evaluation round.

    After an upheld redress only assignments made since the re-opening count; the earlier
    ones stay on record.
    """
    return [
        assignment
        for assignment in assignments
        if assignment.status in ACTIVE_ASSIGNMENT_STATUSES
        and (since is None or assignment.created_at > since)
    ]


@dataclass(frozen=True)
class Completeness:
    submitted: int
    outstanding: int

    @property
    def is_complete(self) -> bool:
        return self.submitted > 0 and self.outstanding == 0


def completeness(assignments: Iterable[Assignment], since: datetime | None) -> Completeness:
    active = current_round(assignments, since)
    submitted = sum(a.status == Assignment.Status.SUBMITTED for a in active)
    return Completeness(submitted=submitted, outstanding=len(active) - submitted)


def application_scores(application: Application) -> tuple[dict[str, Decimal], list[str], str]:
    """The authoritative scores (approved consensus, else aggregated reviews), divergence, source.

    After an upheld redress only the reviews of the new round count.
    """
    consensus = Consensus.objects.filter(application=application, approved_at__isnull=False).first()
    submitted = Review.objects.filter(
        assignment__application=application, submitted_at__isnull=False
    )
    since = reopened_at(application)
    if since is not None:
        submitted = submitted.filter(assignment__created_at__gt=since)
    reviews = [
        {key: Decimal(value) for key, value in review.scores.items()} for review in submitted
    ]
    names = {
        str(criterion.pk): criterion.name_text for criterion in call_criteria(application.call)
    }
    flags = scoring.divergence_reasons(reviews, names)
    if consensus is not None:
        return {key: Decimal(value) for key, value in consensus.scores.items()}, flags, "consensus"
    return scoring.aggregate(reviews), flags, "reviews"
