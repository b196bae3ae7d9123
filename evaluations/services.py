"""Writes of the evaluation: conflicts, reviews, consensus, ranking.

Evaluators see an application only after declaring no conflict on it; a declared
conflict releases the assignment and the first free alternate takes it over.
"""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from calls.models import Call, Criterion
from evaluations import scoring
from evaluations.assignment.services import announce_assignments
from evaluations.models import (
    ASSIGNMENT_TRANSITIONS,
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    ConflictDeclaration,
    Consensus,
    EvaluatorProfile,
    RankingRun,
    Review,
)
from evaluations.results.selectors import application_scores
from evaluations.scoring import MIN_COMMENT_CHARS
from evaluations.selectors import (
    AVAILABLE_EVALUATOR_STATUSES,
    DECLINED_STATUSES,
    call_conflicts,
    evaluator_loads,
)
from evaluations.workspace_selectors import may_read_application
from socialtech.audit.services import audit_log

ACTIVE_ASSIGNMENT = [
    Assignment.Status.PROPOSED,
    Assignment.Status.ACCEPTED,
    Assignment.Status.IN_PROGRESS,
    Assignment.Status.SUBMITTED,
]


def _move(assignment: Assignment, to: str) -> None:
    if to not in ASSIGNMENT_TRANSITIONS[assignment.status]:
        raise ValidationError(
            _("An assignment in the status “%(current)s” cannot move to “%(target)s”.")
            % {"current": assignment.get_status_display(), "target": Assignment.Status(to).label},
            code="transition_not_allowed",
        )
    assignment.status = to


def _own_assignment(assignment: Assignment, user: Any) -> None:
    if assignment.evaluator.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("This assignment belongs to another evaluator."))


@transaction.atomic
def assignment_declare(
    *, assignment: Assignment, user: Any, has_conflict: bool, reason: str = ""
) -> Assignment:
    """The evaluator's declaration on one application.

    No conflict: the assignment is accepted and the application opens to the evaluator.
    A conflict (a reason is required): the assignment is released and the first free
    alternate is proposed in its place. Refuses a second declaration.
    """
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("evaluator", "application")
        .get(pk=assignment.pk)
    )
    _own_assignment(assignment, user)
    if has_conflict and not reason.strip():
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    if ConflictDeclaration.objects.filter(
        application=assignment.application, evaluator=assignment.evaluator
    ).exists():
        raise ValidationError(
            _("You have already declared on this application."), code="already_declared"
        )
    ConflictDeclaration.objects.create(
        application=assignment.application,
        evaluator=assignment.evaluator,
        has_conflict=has_conflict,
        reason=reason.strip(),
    )
    if has_conflict:
        _move(assignment, Assignment.Status.DECLINED_CONFLICT)
        assignment.save(update_fields=["status"])
        audit_log(
            actor=user,
            verb="assignment.conflict_declared",
            target=assignment.application,
            data={"evaluator": assignment.evaluator_id},
        )
        assignment_replace_from_alternates(application=assignment.application, by=user)
    else:
        _move(assignment, Assignment.Status.ACCEPTED)
        assignment.save(update_fields=["status"])
        audit_log(
            actor=user,
            verb="assignment.no_conflict_declared",
            target=assignment.application,
            data={"evaluator": assignment.evaluator_id},
        )
    return assignment


@transaction.atomic
def assignment_replace_from_alternates(*, application: Application, by: Any) -> Assignment | None:
    """Give the released place to the first alternate who may still take it, and tell them.

    The rules are checked as they stand now, not as they stood when the alternates were
    drawn: the alternate is still invited and has not declined, does not review this
    application already, has no conflict with it (automatic or declared, in any programme,
    under the call's rules), is below their maximum load, and, when the call takes one
    evaluator per country, is not from the country of another of its evaluators.
    """
    call = application.call
    active = list(
        Assignment.objects.filter(application=application)
        .exclude(status__in=DECLINED_STATUSES)
        .select_related("evaluator")
    )
    taken = set(
        Assignment.objects.filter(application=application).values_list("evaluator_id", flat=True)
    )
    panel_countries = {row.evaluator.country for row in active if row.evaluator.country}
    invited = {
        row.evaluator_id: row
        for row in CallEvaluator.objects.filter(
            call=call, status__in=AVAILABLE_EVALUATOR_STATUSES
        ).select_related("evaluator__user", "evaluator__employer")
    }
    alternates = [
        alternate
        for alternate in AssignmentAlternate.objects.filter(application=application).order_by(
            "position"
        )
        if alternate.evaluator_id in invited and alternate.evaluator_id not in taken
    ]
    conflicts = call_conflicts(
        call, [invited[alternate.evaluator_id] for alternate in alternates], [application]
    )
    loads = evaluator_loads(call, [alternate.evaluator_id for alternate in alternates])
    for alternate in alternates:
        row = invited[alternate.evaluator_id]
        country = row.evaluator.country
        if (
            (alternate.evaluator_id, application.pk) in conflicts
            or loads[alternate.evaluator_id] >= row.max_load
            or (call.one_evaluator_per_country and country and country in panel_countries)
        ):
            continue
        # The stand-in inherits the due date of the place it takes (the latest one set).
        due_at = (
            Assignment.objects.filter(application=application)
            .exclude(due_at=None)
            .order_by("-created_at", "-pk")
            .values_list("due_at", flat=True)
            .first()
        )
        replacement = Assignment.objects.create(
            application=application,
            evaluator_id=alternate.evaluator_id,
            affinity=alternate.affinity,
            confirmed_at=timezone.now(),
            due_at=due_at,
        )
        audit_log(
            actor=by,
            verb="assignment.alternate_proposed",
            target=application,
            data={"evaluator": alternate.evaluator_id},
        )
        announce_assignments(
            call=call,
            by=by,
            assignments=1,
            evaluator_ids=[alternate.evaluator_id],
            due_at=due_at,
            application_ids=[application.pk],
        )
        return replacement
    audit_log(actor=by, verb="assignment.no_alternate_left", target=application)
    return None


def _criteria(call: Call) -> list[Criterion]:
    return list(call.criteria.order_by("order", "pk"))


def _clean_scores(
    criteria: list[Criterion], scores: dict[str, Any], *, complete: bool
) -> dict[str, str]:
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    known = {str(criterion.pk): criterion for criterion in criteria}
    for key, value in scores.items():
        criterion = known.get(str(key))
        if criterion is None:
            errors[str(key)] = _("This call has no criterion %(key)s.") % {"key": key}
            continue
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            errors[str(key)] = _("%(name)s: give a score from 0 to 5 in half points.") % {
                "name": criterion.name_text
            }
            continue
        if not number.is_finite() or not scoring.is_valid_score(number):
            errors[str(key)] = _("%(name)s: give a score from 0 to 5 in half points.") % {
                "name": criterion.name_text
            }
            continue
        cleaned[str(key)] = scoring.plain(number)
    if complete:
        for key, criterion in known.items():
            if key not in cleaned and key not in errors:
                errors[key] = _("%(name)s: a score is required.") % {"name": criterion.name_text}
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def review_save(
    *,
    assignment: Assignment,
    user: Any,
    scores: dict[str, Any],
    comments: dict[str, str],
    overall_comment: str,
    version: int,
) -> Review:
    """Save a review draft (autosave). Refuses a submitted review, a stale version, bad scores."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("evaluator", "application__call")
        .get(pk=assignment.pk)
    )
    _own_assignment(assignment, user)
    if not may_read_application(assignment=assignment):
        raise PermissionDenied(_("Declare that you have no conflict of interest before reviewing."))
    review, _created = Review.objects.get_or_create(assignment=assignment)
    if review.submitted_at:
        raise ValidationError(_("This review is submitted and locked."), code="locked")
    if int(version) != review.version:
        raise ValidationError(
            _("This review was changed in another tab; reload it."), code="stale_version"
        )
    previous_scores = dict(review.scores)
    review.scores = _clean_scores(_criteria(assignment.application.call), scores, complete=False)
    review.comments = {str(key): str(text) for key, text in comments.items()}
    review.overall_comment = overall_comment
    review.version += 1
    review.save()
    if review.scores != previous_scores:
        # Every change of a score is on record; comments autosave without an audit row.
        audit_log(
            actor=user,
            verb="review.scores_changed",
            target=assignment.application,
            data={
                "evaluator": assignment.evaluator_id,
                "from": previous_scores,
                "to": review.scores,
            },
        )
    if assignment.status == Assignment.Status.ACCEPTED:
        _move(assignment, Assignment.Status.IN_PROGRESS)
        assignment.save(update_fields=["status"])
    return review


@transaction.atomic
def review_submit(*, assignment: Assignment, user: Any) -> Review:
    """Lock the review once every criterion has a score and a comment of at least 100 characters."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("evaluator", "application__call")
        .get(pk=assignment.pk)
    )
    _own_assignment(assignment, user)
    review = Review.objects.filter(assignment=assignment).first()
    if review is None:
        raise ValidationError(
            _("Score the application before submitting the review."), code="empty"
        )
    if review.submitted_at:
        return review
    criteria = _criteria(assignment.application.call)
    _clean_scores(criteria, review.scores, complete=True)
    short = {
        str(criterion.pk): _("%(name)s: write at least %(n)s characters of comment.")
        % {"name": criterion.name_text, "n": MIN_COMMENT_CHARS}
        for criterion in criteria
        if len((review.comments.get(str(criterion.pk)) or "").strip()) < MIN_COMMENT_CHARS
    }
    if short:
        raise ValidationError(short)
    review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_at", "updated_at"])
    if assignment.status == Assignment.Status.ACCEPTED:
        _move(assignment, Assignment.Status.IN_PROGRESS)
    _move(assignment, Assignment.Status.SUBMITTED)
    assignment.save(update_fields=["status"])
    audit_log(
        actor=user,
        verb="review.submitted",
        target=assignment.application,
        data={"evaluator": assignment.evaluator_id, "scores": review.scores},
    )
    return review


@transaction.atomic
def consensus_draft(
    *,
    application: Application,
    rapporteur: Any,
    scores: dict[str, Any],
    comments: dict[str, str],
    by: Any,
) -> Consensus:
    """The rapporteur's consensus report, drafted from the individual comments."""
    consensus, _created = Consensus.objects.get_or_create(
        application=application, defaults={"rapporteur": rapporteur}
    )
    if consensus.approved_at:
        raise ValidationError(_("The consensus is approved and locked."), code="locked")
    consensus.rapporteur = rapporteur
    consensus.scores = _clean_scores(_criteria(application.call), scores, complete=True)
    consensus.comments = {str(key): str(text) for key, text in comments.items()}
    consensus.drafted_at = timezone.now()
    consensus.save()
    audit_log(
        actor=by, verb="consensus.drafted", target=application, data={"scores": consensus.scores}
    )
    return consensus


@transaction.atomic
def consensus_approve(*, consensus: Consensus, by: Any) -> Consensus:
    """Staff approve the consensus; from then on it is the authoritative score."""
    if consensus.drafted_at is None:
        raise ValidationError(
            _("The rapporteur has not drafted the consensus yet."), code="not_drafted"
        )
    if consensus.rapporteur_id == getattr(by, "pk", None):
        raise ValidationError(
            _("The rapporteur cannot approve their own consensus report."), code="own_report"
        )
    consensus.approved_by = by
    consensus.approved_at = timezone.now()
    consensus.save(update_fields=["approved_by", "approved_at"])
    audit_log(
        actor=by,
        verb="consensus.approved",
        target=consensus.application,
        data={"scores": consensus.scores},
    )
    return consensus


@transaction.atomic
def call_rank(*, call: Call, by: Any, seed: int | None = None) -> RankingRun:
    """Rank the evaluated applications of ``call`` and record each one's outcome.

    Uses the thresholds, weights and tie-break chain of the call; the seed of the final
    draw is recorded so the ranking can be replayed.
    """
    seed = seed if seed is not None else secrets.randbelow(2**31)
    criteria = [
        scoring.CriterionRule(
            key=str(criterion.pk),
            name=criterion.name_text,
            threshold=criterion.threshold,
            weight=criterion.weight,
            order=index,
        )
        for index, criterion in enumerate(_criteria(call), start=1)
    ]
    applications = list(
        Application.objects.filter(
            call=call,
            status__in=[
                ApplicationStatus.EVALUATED,
                ApplicationStatus.MAIN_LIST,
                ApplicationStatus.RESERVE_LIST,
                ApplicationStatus.REJECTED_THRESHOLD,
                ApplicationStatus.REJECTED_BUDGET,
            ],
        ).select_related("organisation")
    )
    candidates = []
    for application in applications:
        scores, _flags, _source = application_scores(application)
        candidates.append(
            scoring.Candidate(
                application_id=application.pk,
                scores=scores,
                requested_amount=application.requested_amount or Decimal("0"),
                country=str(application.organisation.country),
                submitted_at=application.submitted_at,
            )
        )
    chain = call.tie_break_chain or [
        "criterion:1",
        "criterion:2",
        "country_not_yet_funded",
        "earlier_submission",
        "seeded_draw",
    ]
    ranked = scoring.rank(
        candidates, criteria, total_threshold=call.total_threshold, chain=chain, seed=seed
    )
    selection = scoring.select(ranked, budget=call.budget, reserve_length=call.reserve_list_length)
    by_id = {application.pk: application for application in applications}
    results = []
    for item in selection.ranked:
        application = by_id[item.candidate.application_id]
        application.status = item.outcome
        application.save(update_fields=["status", "updated_at"])
        results.append(
            {
                "application": application.pk,
                "rank": item.rank,
                "outcome": item.outcome,
                "decided_by": item.decided_by,
                "weighted_total": str(item.weighted_total),
                "unweighted_total": str(item.unweighted_total),
                "threshold_failures": item.threshold_failures,
                "draw": item.draw,
            }
        )
    run = RankingRun.objects.create(
        call=call, seed=seed, budget=call.budget, results=results, created_by=by
    )
    audit_log(
        actor=by,
        verb="call.ranked",
        target=call,
        data={"seed": seed, "committed": str(selection.committed)},
    )
    return run


def evaluator_profile_for(user: Any) -> EvaluatorProfile:
    profile, _created = EvaluatorProfile.objects.get_or_create(user=user)
    return profile
