"""Redress: a member asks for a review of the evaluation; staff uphold (the application
goes back to evaluation) or reject it, and the members get the answer by e-mail, once.
"""

from __future__ import annotations

from datetime import datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.selectors import zoned
from applications.visibility import applicant_status
from calls.models import Call
from evaluations.models import Consensus, RedressRequest
from evaluations.results import selectors
from evaluations.results.services.common import (
    REDRESS_ANSWER_MIN_CHARS,
    REDRESS_EVIDENCE_MAX_BYTES,
    REDRESS_MIN_CHARS,
    S,
    locked_application,
    move_status,
)
from evaluations.results.tasks import send_redress_answer
from organisations.permissions import member_role
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import check_upload, random_storage_name
from socialtech.tasks import enqueue_on_commit


def _window_closed_message(call: Call, deadline: datetime) -> str:
    when = zoned(deadline, call=call, viewer_zone=None)
    return _("The redress window closed on %(date)s.") % {"date": when.call_label}


@transaction.atomic
def redress_request_submit(
    *,
    application: Application,
    by: Any,
    grounds: str,
    evidence: IO[bytes] | Any | None = None,
    now: datetime | None = None,
) -> RedressRequest:
    """A member of the organisation asks for a review of how the application was evaluated.

    Refuses a user who is not a member, an application whose results are not published,
    a request after the redress window closed (the closing date in the call's time zone),
    a second request in the same evaluation round, grounds shorter than
    ``REDRESS_MIN_CHARS`` characters, and evidence that is not a PDF of at most 10 MB.
    """
    application = locked_application(application)
    if member_role(by, application.organisation) is None:
        raise PermissionDenied(_("Only members of the organisation may request a redress."))
    call = application.call
    window = selectors.redress_window(call)
    if (
        window is None
        or call.status not in selectors.PUBLISHED_CALL_STATUSES
        or applicant_status(application) not in selectors.OUTCOME_STATUSES
    ):
        raise ValidationError(
            _("A redress can be requested once the result of this application is published."),
            code="not_published",
        )
    if not window.is_open(now):
        raise ValidationError(_window_closed_message(call, window.deadline), code="window_closed")
    earlier = selectors.redress_request_of_round(application)
    if earlier is not None:
        raise ValidationError(
            _("A redress request for this application was already submitted on %(date)s.")
            % {"date": zoned(earlier.submitted_at, call=call, viewer_zone=None).call_label},
            code="already_requested",
        )
    errors: dict[str, list[str]] = {}
    grounds = (grounds or "").strip()
    if len(grounds) < REDRESS_MIN_CHARS:
        errors["grounds"] = [
            _(
                "Grounds: write at least %(min)s characters (you wrote %(count)s). Say which "
                "step of the procedure went wrong, or which fact or score is mistaken, and why."
            )
            % {"min": REDRESS_MIN_CHARS, "count": len(grounds)}
        ]
    checked = check_upload(
        errors,
        "evidence",
        evidence,
        field_label=_("Evidence"),
        allowed_types=["pdf"],
        max_bytes=REDRESS_EVIDENCE_MAX_BYTES,
    )
    if errors:
        raise ValidationError(errors)
    redress_request = RedressRequest(application=application, submitted_by=by, grounds=grounds)
    redress_request.full_clean(exclude=["evidence"])
    if evidence and checked is not None:
        redress_request.evidence.save(
            random_storage_name(application.tenant.slug, "pdf"),
            File(evidence, name=checked.original_name),
            save=False,
        )
    redress_request.save()
    audit_log(
        actor=by,
        verb="redress.requested",
        target=application,
        data={
            "redress_request": redress_request.pk,
            "evidence": {
                "name": checked.original_name,
                "sha256": checked.sha256,
                "size": checked.size,
            }
            if checked is not None
            else None,
        },
    )
    return redress_request


def _reopen_for_evaluation(
    application: Application, *, by: Any, redress_request: RedressRequest
) -> None:
    """Send an application back to evaluation after an upheld redress.

    Its assignments and reviews stay on record; the audit event marks the new round, so
    the assignment step gives it new evaluators and only their reviews complete it. An
    approved consensus is reopened (its content kept in the audit trail): the new round
    ends with a new approved consensus.
    """
    application = locked_application(application)
    previous = application.status
    try:
        move_status(application, S.IN_EVALUATION)
    except ValidationError as error:
        raise ValidationError(
            _(
                "%(reason)s An upheld redress sends the application back to evaluation; answer "
                "“rejected” or ask the coordinator."
            )
            % {"reason": " ".join(error.messages)},
            code="transition_not_allowed",
        ) from error
    # The published outcome no longer stands: the applicant sees "Under evaluation" until
    # the new result is published.
    application.published_outcome = ""
    application.save(update_fields=["status", "published_outcome", "updated_at"])
    consensus = Consensus.objects.select_for_update().filter(application=application).first()
    if consensus is not None and consensus.approved_at is not None:
        audit_log(
            actor=by,
            verb="consensus.reopened",
            target=application,
            data={
                "scores": consensus.scores,
                "comments": consensus.comments,
                "rapporteur": consensus.rapporteur_id,
                "approved_by": consensus.approved_by_id,
                "approved_at": consensus.approved_at.isoformat(),
                "redress_request": redress_request.pk,
            },
        )
        consensus.approved_at = None
        consensus.approved_by = None
        consensus.drafted_at = None
        consensus.save(update_fields=["approved_at", "approved_by", "drafted_at"])
    audit_log(
        actor=by,
        verb=selectors.REEVALUATION_OPENED,
        target=application,
        data={"redress_request": redress_request.pk, "from": previous},
    )


@transaction.atomic
def redress_request_answer(
    *, redress_request: RedressRequest, by: Any, is_upheld: bool, answer: str
) -> RedressRequest:
    """Staff answer a redress request: upheld or rejected, with a written answer.

    An upheld request sends the application back to evaluation (see
    ``_reopen_for_evaluation``). The members get the answer by e-mail after commit.
    Refuses anyone but staff and coordinators, a request already answered, an answer
    shorter than ``REDRESS_ANSWER_MIN_CHARS`` characters, and an upheld request for an
    application the status rules do not let go back to evaluation.
    """
    require_programme_staff(by)
    redress_request = (
        RedressRequest.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=redress_request.pk)
    )
    if redress_request.status != RedressRequest.Status.OPEN:
        raise ValidationError(
            _("This request is already answered: %(decision)s.")
            % {"decision": redress_request.get_status_display()},
            code="already_answered",
        )
    answer = (answer or "").strip()
    if len(answer) < REDRESS_ANSWER_MIN_CHARS:
        raise ValidationError(
            {
                "answer": _(
                    "Answer: write at least %(min)s characters (you wrote %(count)s); the "
                    "applicant reads it as the reasons for the decision."
                )
                % {"min": REDRESS_ANSWER_MIN_CHARS, "count": len(answer)}
            }
        )
    redress_request.status = (
        RedressRequest.Status.UPHELD if is_upheld else RedressRequest.Status.REJECTED
    )
    redress_request.answer = answer
    redress_request.answered_by = by
    redress_request.answered_at = timezone.now()
    redress_request.full_clean()
    redress_request.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit_log(
        actor=by,
        verb="redress.answered",
        target=redress_request.application,
        data={"redress_request": redress_request.pk, "decision": redress_request.status},
    )
    if is_upheld:
        _reopen_for_evaluation(redress_request.application, by=by, redress_request=redress_request)
    enqueue_on_commit(
        send_redress_answer,
        tenant_id=redress_request.tenant_id,
        redress_request_id=redress_request.pk,
    )
    return redress_request
