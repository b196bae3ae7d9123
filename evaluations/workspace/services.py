"""Writes of the evaluator's workspace: the conflict declaration and the review.

Evaluators see an application only after declaring no conflict on it; a declared
conflict releases the assignment and the first free alternate takes it over.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from evaluations.assignment.services import announce_assignments
from evaluations.models import (
    ASSIGNMENT_TRANSITIONS,
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    ConflictDeclaration,
    EvaluatorProfile,
    Review,
)
from evaluations.scoring import MIN_COMMENT_CHARS
from evaluations.selectors import (
    AVAILABLE_EVALUATOR_STATUSES,
    DECLINED_STATUSES,
    call_conflicts,
    criteria_of,
    evaluator_loads,
    scores_clean,
)
from evaluations.workspace.selectors import may_read_application
from socialtech.audit.services import audit_log


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
    review.scores = scores_clean(criteria_of(assignment.application.call), scores, complete=False)
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
    criteria = criteria_of(assignment.application.call)
    scores_clean(criteria, review.scores, complete=True)
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


def evaluator_profile_for(user: Any) -> EvaluatorProfile:
    profile, _created = EvaluatorProfile.objects.get_or_create(user=user)
    return profile
