"""Evaluated applications and their consensus: marking an application evaluated once its
reviews are in, naming the rapporteur, drafting and approving the consensus report.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application
from applications.staff_selectors import staff_label
from calls.models import Call
from evaluations.models import Consensus
from evaluations.results import selectors
from evaluations.results.services.common import S, locked_application, move_status
from evaluations.scoring import MIN_COMMENT_CHARS
from evaluations.selectors import criteria_of, scores_clean
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log


@transaction.atomic
def application_mark_evaluated(*, application: Application, by: Any) -> Application:
    """Mark an application evaluated once every review of its current round is submitted.

    An evaluated application is returned as it is. Refuses an application that is not in
    evaluation (its status named), one with no submitted review, and one with reviews
    still outstanding (counted). After an upheld redress only the new round counts.
    """
    require_programme_staff(by)
    application = locked_application(application)
    if application.status == S.EVALUATED:
        return application
    if application.status != S.IN_EVALUATION:
        raise ValidationError(
            _("Only an application in evaluation can be marked evaluated; %(label)s is %(status)s.")
            % {"label": staff_label(application), "status": application.get_status_display()},
            code="not_in_evaluation",
        )
    state = selectors.completeness(
        application.assignments.all(), selectors.reopened_at(application)
    )
    if state.submitted == 0:
        raise ValidationError(
            _("%(label)s has no submitted review yet.") % {"label": staff_label(application)},
            code="no_review",
        )
    if state.outstanding:
        raise ValidationError(
            ngettext(
                "%(label)s still waits for %(count)s review.",
                "%(label)s still waits for %(count)s reviews.",
                state.outstanding,
            )
            % {"label": staff_label(application), "count": state.outstanding},
            code="reviews_outstanding",
        )
    move_status(application, S.EVALUATED)
    application.full_clean(validate_constraints=False)
    application.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=by,
        verb="application.evaluated",
        target=application,
        data={"reviews": state.submitted},
    )
    return application


@transaction.atomic
def call_mark_evaluated(*, call: Call, by: Any) -> list[Application]:
    """Mark evaluated every application of ``call`` whose reviews are all submitted."""
    require_programme_staff(by)
    return [
        application_mark_evaluated(application=application, by=by)
        for application in selectors.applications_ready_to_mark(call)
    ]


# --- Consensus ----------------------------------------------------------------------------


@transaction.atomic
def consensus_rapporteur_name(*, application: Application, rapporteur: Any, by: Any) -> Consensus:
    """Name the rapporteur who drafts the consensus report of ``application``.

    The rapporteur is an evaluator who submitted a review of it, or a staff member or
    coordinator. Naming another rapporteur keeps what was drafted. Refuses an application
    that is not in evaluation or evaluated, anyone else as rapporteur, and an approved
    consensus (it is locked).
    """
    require_programme_staff(by)
    application = locked_application(application)
    if application.status not in (S.IN_EVALUATION, S.EVALUATED):
        raise ValidationError(
            _(
                "A consensus is prepared while the application is in evaluation; %(label)s is %(status)s."
            )
            % {"label": staff_label(application), "status": application.get_status_display()},
            code="not_in_evaluation",
        )
    if rapporteur is None or not selectors.is_rapporteur_candidate(application, rapporteur):
        raise ValidationError(
            {
                "rapporteur": _(
                    "Rapporteur: choose an evaluator who submitted a review of this application, "
                    "or a staff member of the programme."
                )
            }
        )
    consensus = Consensus.objects.select_for_update().filter(application=application).first()
    if consensus is not None and consensus.approved_at:
        raise ValidationError(_("The consensus is approved and locked."), code="locked")
    previous = consensus.rapporteur_id if consensus is not None else None
    if consensus is None:
        consensus = Consensus(application=application, rapporteur=rapporteur)
    consensus.rapporteur = rapporteur
    consensus.full_clean(validate_unique=False, validate_constraints=False)
    consensus.save()
    audit_log(
        actor=by,
        verb="consensus.rapporteur_named",
        target=application,
        data={"rapporteur": rapporteur.pk, "previous": previous},
    )
    return consensus


@transaction.atomic
def consensus_report_draft(
    *, consensus: Consensus, by: Any, scores: dict[str, Any], comments: dict[str, str]
) -> Consensus:
    """The rapporteur's draft: a score and a comment for every criterion.

    The draft may change until staff approve it. Refuses anyone but the named rapporteur,
    an approved report, a missing or invalid score, and a comment shorter than
    ``MIN_COMMENT_CHARS``; the errors are keyed ``scores.<criterion id>`` and
    ``comments.<criterion id>`` and name the criterion.
    """
    consensus = (
        Consensus.objects.select_for_update(of=("self",))
        .select_related("application__call")
        .get(pk=consensus.pk)
    )
    if consensus.rapporteur_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Only the named rapporteur drafts this consensus report."))
    if consensus.approved_at:
        raise ValidationError(_("The consensus is approved and locked."), code="locked")
    criteria = selectors.call_criteria(consensus.application.call)
    cleaned = {str(key): str(text or "").strip() for key, text in comments.items()}
    errors: dict[str, Any] = {
        f"comments.{criterion.pk}": _("%(name)s: write at least %(n)s characters of comment.")
        % {"name": criterion.name_text, "n": MIN_COMMENT_CHARS}
        for criterion in criteria
        if len(cleaned.get(str(criterion.pk), "")) < MIN_COMMENT_CHARS
    }
    drafted = None
    try:
        drafted = consensus_draft(
            application=consensus.application,
            rapporteur=by,
            scores=scores,
            comments={
                str(criterion.pk): cleaned.get(str(criterion.pk), "") for criterion in criteria
            },
            by=by,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        errors.update({f"scores.{key}": messages for key, messages in error.message_dict.items()})
    if errors or drafted is None:
        # Scores and comments are reported together; the draft written above rolls back.
        raise ValidationError(errors)
    return drafted


@transaction.atomic
def consensus_report_approve(*, consensus: Consensus, by: Any) -> Consensus:
    """Staff approve the drafted consensus; from then on its scores are authoritative.

    An approved report is returned as it is. Refuses anyone but staff and coordinators, a
    report not drafted yet, and the rapporteur approving their own report.
    """
    require_programme_staff(by)
    consensus = (
        Consensus.objects.select_for_update().select_related("application").get(pk=consensus.pk)
    )
    if consensus.approved_at:
        return consensus
    return consensus_approve(consensus=consensus, by=by)


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
    consensus.scores = scores_clean(criteria_of(application.call), scores, complete=True)
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
