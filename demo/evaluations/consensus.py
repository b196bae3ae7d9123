"""Step 5: applications with three submitted reviews are evaluated; the divergent one gets
a consensus report."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from applications.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
)
from calls.models import Call, Criterion
from demo.evaluations.reviews import placeholders
from demo.evaluations.words import CONSENSUS_COMMENTS, HALF
from evaluations import scoring
from evaluations.models import (
    Assignment,
    Consensus,
    Review,
)
from evaluations.results.selectors import application_scores
from evaluations.results.services.consensus import consensus_approve, consensus_draft
from evaluations.selectors import ACTIVE_ASSIGNMENT
from socialtech.audit.services import audit_log

# --- Step 5: evaluated applications and the consensus -------------------------------------------


def mark_evaluated(*, call: Call, staff: Any) -> int:
    """Applications whose every active assignment is submitted become evaluated; returns how many."""
    ready = (
        Application.objects.filter(call=call, status=ApplicationStatus.IN_EVALUATION)
        .annotate(
            active=Count("assignments", filter=Q(assignments__status__in=ACTIVE_ASSIGNMENT)),
            done=Count("assignments", filter=Q(assignments__status=Assignment.Status.SUBMITTED)),
        )
        .filter(active=call.evaluators_per_application, done=call.evaluators_per_application)
        .order_by("receipt_number")
    )
    moved = 0
    for application in ready:
        target = ApplicationStatus.EVALUATED
        # The applications' status table rules here too (in_evaluation → evaluated).
        if target not in APPLICATION_TRANSITIONS[application.status]:
            raise RuntimeError(f"{application}: {application.status} cannot become {target}")
        application.status = target
        application.full_clean(validate_constraints=False)
        application.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=staff,
            verb="application.evaluated",
            target=application,
            data={"reviews": call.evaluators_per_application},
        )
        moved += 1
    return moved


def agree_consensus(
    *, call: Call, criteria: list[Criterion], rapporteur: Any, coordinator: Any
) -> int:
    """The divergent application the rapporteur reviewed gets an approved consensus; returns 1 or 0."""
    keys = [str(criterion.pk) for criterion in criteria]
    for application in Application.objects.filter(
        call=call,
        status=ApplicationStatus.EVALUATED,
        assignments__evaluator__user=rapporteur,
        assignments__status=Assignment.Status.SUBMITTED,
    ).order_by("receipt_number"):
        _scores, flags, source = application_scores(application)
        if not flags or source == "consensus":
            continue
        reviews = [
            {key: Decimal(value) for key, value in review.scores.items()}
            for review in Review.objects.filter(
                assignment__application=application, submitted_at__isnull=False
            )
        ]
        agreed: dict[str, str] = {}
        for key in keys:
            values = sorted(review[key] for review in reviews)
            middle = values[len(values) // 2]
            # Where the experts diverged the panel settles half a point below the majority.
            if values[-1] - values[0] >= scoring.CRITERION_SPREAD_FLAG:
                middle = max(Decimal("3"), middle - HALF)
            agreed[key] = scoring.plain(middle)
        words = placeholders(application)
        consensus = consensus_draft(
            application=application,
            rapporteur=rapporteur,
            scores=agreed,
            comments={
                key: text.format(**words)
                for key, text in zip(keys, CONSENSUS_COMMENTS, strict=False)
            },
            by=rapporteur,
        )
        consensus_approve(consensus=consensus, by=coordinator)
        now = timezone.now()
        Consensus.objects.filter(pk=consensus.pk).update(
            drafted_at=now - timedelta(days=1, hours=6), approved_at=now - timedelta(hours=20)
        )
        return 1
    return 0
