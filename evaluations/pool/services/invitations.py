"""Writes of an evaluator's invitation to a call: the answer, and the bids.

The evaluator accepts by signing the call's standing declaration (code of conduct,
confidentiality, the duty to declare conflicts), or declines. Between the call's deadline
and the confirmation of its assignment, an evaluator who accepted may say of every
eligible application "I would like to", "I can" or "I would rather not" evaluate it,
seeing only what the conflict declaration shows (the organisation and its country). A
conflict of interest may be declared there too, with a reason; it is final and counts in
every programme, as one declared on an assignment does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.models import Call
from evaluations.models import Assignment, Bid, CallEvaluator, ConflictDeclaration
from evaluations.selectors import (
    ANSWERABLE_CALL_STATUSES,
    DECLINED_STATUSES,
    assignable_applications,
    bidding_is_open,
)
from socialtech.audit.services import audit_log

# The fourth answer of the bidding form: not a bid, a declared conflict of interest.
CONFLICT = "conflict"
BID_CHOICES = frozenset(Bid.Choice.values)
MAX_REASON_CHARS = 2000


@dataclass(frozen=True)
class BidsOutcome:
    saved: int
    conflicts: int


def _own_invitation(call_evaluator: CallEvaluator, user: Any) -> CallEvaluator:
    row = (
        CallEvaluator.objects.select_for_update(of=("self",))
        .select_related("call", "evaluator")
        .get(pk=call_evaluator.pk)
    )
    if row.evaluator.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("This invitation belongs to another evaluator."))
    return row


@transaction.atomic
def invitation_answer(
    *, call_evaluator: CallEvaluator, user: Any, accept: bool, reason: str = ""
) -> CallEvaluator:
    """Accept (signing the standing declaration) or decline an invitation to evaluate.

    Refuses: a call whose results are out, an invitation already declined, and declining
    while assignments of the call are confirmed to the evaluator (each is released by
    declaring a conflict on it, or by programme staff).
    """
    row = _own_invitation(call_evaluator, user)
    if row.call.status not in ANSWERABLE_CALL_STATUSES:
        raise ValidationError(
            _("The evaluation of this call is over; the invitation can no longer be answered."),
            code="call_over",
        )
    if row.status == CallEvaluator.Status.DECLINED:
        raise ValidationError(
            _("You declined this invitation; ask programme staff to invite you again."),
            code="declined",
        )
    if accept:
        if row.standing_declaration_at is None:
            row.standing_declaration_at = timezone.now()
        row.status = CallEvaluator.Status.ACCEPTED
        row.save(update_fields=["status", "standing_declaration_at"])
        audit_log(actor=user, verb="call_evaluator.accepted", target=row)
        return row
    active = (
        Assignment.objects.filter(
            application__call=row.call, evaluator=row.evaluator, confirmed_at__isnull=False
        )
        .exclude(status__in=DECLINED_STATUSES)
        .count()
    )
    if active:
        raise ValidationError(
            ngettext(
                "You have %(count)s confirmed assignment in this call. Declare a conflict of "
                "interest on it, or ask programme staff to release you.",
                "You have %(count)s confirmed assignments in this call. Declare a conflict of "
                "interest on an application, or ask programme staff to release you.",
                active,
            )
            % {"count": active},
            code="assignments_confirmed",
        )
    row.status = CallEvaluator.Status.DECLINED
    row.save(update_fields=["status"])
    # Proposals not confirmed yet go back to the solver's next run.
    Assignment.objects.filter(
        application__call=row.call,
        evaluator=row.evaluator,
        confirmed_at__isnull=True,
        status=Assignment.Status.PROPOSED,
    ).delete()
    audit_log(
        actor=user,
        verb="call_evaluator.declined",
        target=row,
        data={"reason": reason.strip()[:2000]},
    )
    return row


def _locked_invitation(call_evaluator: CallEvaluator, user: Any) -> CallEvaluator:
    row = _own_invitation(call_evaluator, user)
    if not row.has_accepted:
        raise ValidationError(
            _("Accept the invitation and sign the standing declaration before you bid."),
            code="not_accepted",
        )
    # Lock the call too: the assignment is confirmed under the same lock.
    list(Call.objects.select_for_update().filter(pk=row.call_id).values("pk"))
    if not bidding_is_open(row.call):
        raise ValidationError(
            _("Bidding on this call is closed: its assignment is confirmed."),
            code="bidding_closed",
        )
    return row


@transaction.atomic
def bids_save(
    *,
    call_evaluator: CallEvaluator,
    user: Any,
    choices: Mapping[int, str],
    reasons: Mapping[int, str] | None = None,
) -> BidsOutcome:
    """Record ``user``'s bids on applications of the call (``{application id: choice}``).

    A choice is ``want``, ``ok``, ``rather_not`` or ``conflict``; a conflict needs a reason
    in ``reasons``. Refuses as a whole, with one message per application (keyed
    ``bid-<id>``), an unknown application, an unknown choice and a conflict without a
    reason. Applications the evaluator already declared a conflict on are left as they are.
    """
    row = _locked_invitation(call_evaluator, user)
    reasons = reasons or {}
    applications = {
        application.pk: application
        for application in assignable_applications(row.call).filter(pk__in=list(choices))
    }
    declared = set(
        ConflictDeclaration.objects.filter(
            evaluator=row.evaluator, application_id__in=list(applications)
        ).values_list("application_id", flat=True)
    )
    errors: dict[str, list[str]] = {}
    for application_id, choice in choices.items():
        key = f"bid-{application_id}"
        application = applications.get(application_id)
        if application is None:
            errors[key] = [_("This application is not open to bids on this call.")]
        elif choice not in BID_CHOICES and choice != CONFLICT:
            errors[key] = [
                _("%(application)s: choose one of the offered answers.")
                % {"application": application.receipt_number}
            ]
        elif choice == CONFLICT and application_id not in declared:
            reason = (reasons.get(application_id) or "").strip()
            if not reason:
                errors[f"reason-{application_id}"] = [
                    _("%(application)s: say what the conflict of interest is.")
                    % {"application": application.receipt_number}
                ]
            elif len(reason) > MAX_REASON_CHARS:
                errors[f"reason-{application_id}"] = [
                    _("%(application)s: keep the reason under %(limit)s characters.")
                    % {"application": application.receipt_number, "limit": MAX_REASON_CHARS}
                ]
    if errors:
        raise ValidationError(errors)

    saved = conflicts = 0
    for application_id, choice in choices.items():
        if application_id in declared:
            continue
        if choice == CONFLICT:
            ConflictDeclaration.objects.create(
                application_id=application_id,
                evaluator=row.evaluator,
                has_conflict=True,
                reason=(reasons.get(application_id) or "").strip(),
            )
            Bid.objects.filter(call_evaluator=row, application_id=application_id).delete()
            audit_log(
                actor=user,
                verb="assignment.conflict_declared",
                target=applications[application_id],
                data={"evaluator": row.evaluator_id, "when": "bidding"},
            )
            conflicts += 1
            continue
        Bid.objects.update_or_create(
            call_evaluator=row, application_id=application_id, defaults={"choice": choice}
        )
        saved += 1
    if saved or conflicts:
        audit_log(
            actor=user,
            verb="bids.saved",
            target=row,
            data={"bids": saved, "conflicts": conflicts},
        )
    return BidsOutcome(saved=saved, conflicts=conflicts)
