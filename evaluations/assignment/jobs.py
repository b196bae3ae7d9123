"""Jobs of the assignment: the solver's run and its proposal, and the notice to evaluators
of the applications confirmed for them.

:func:`assignment_propose` is the write both staff's pages and the solver's run make, so
it lives here, below the services and the tasks. The run keeps its state, progress and
result in the cache under the programme's key as it goes, beside Celery's own
``update_state``: tasks run in place (the test suite, eager mode) have no result-backend
record, and ``GET /api/v1/tasks/{id}/`` reads both.

A notice already sent for a confirmation is not sent again: each is claimed in the audit
trail before the e-mail leaves, and given back when sending fails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.selectors import valid_timezone, zoned
from calls.models import Call
from evaluations.assignment import InfeasibleAssignment, solve
from evaluations.assignment.run_state import task_cache_key
from evaluations.assignment.selectors import (
    CallProblem,
    assignment_problem_for_call,
    reason_text,
)
from evaluations.models import Assignment, AssignmentAlternate, CallEvaluator
from evaluations.selectors import (
    ASSIGNMENT_CONFIRMED,
    TASK_STATE_TIMEOUT,
    assignment_counts,
    check_back_office,
    evaluator_label,
    lock_call,
    user_language,
)
from socialtech.accounts.models import User
from socialtech.audit.claims import claimed_once
from socialtech.audit.models import AuditEvent
from socialtech.audit.services import audit_log
from socialtech.emails import programme_email
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.links import tenant_absolute_url

NOTICE_SENT = "assignment.evaluator_notified"
NOTICE_FAILED = "assignment.evaluator_notice_failed"

# --- The proposal ---------------------------------------------------------------------------


class AssignmentInfeasible(ValidationError):
    """No assignment meets every rule; ``reasons`` says why, in the reader's language."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__([ValidationError(reason, code="infeasible") for reason in reasons])
        self.reasons = reasons


@dataclass(frozen=True)
class ProposalOutcome:
    assignments: int
    alternates: int
    applications: int
    evaluators: int
    total_affinity: float
    replaced: int


def refuse_if_started(call: Call) -> None:
    counts = assignment_counts([call])[call.pk]
    if not counts.may_run:
        raise ValidationError(
            ngettext(
                "The assignment of this call is confirmed (%(count)s assignment) and evaluators "
                "are at work; a declined assignment is covered from the alternates.",
                "The assignment of this call is confirmed (%(count)s assignments) and evaluators "
                "are at work; a declined assignment is covered from the alternates.",
                counts.confirmed,
            )
            % {"count": counts.confirmed},
            code="already_confirmed",
        )


@transaction.atomic
def assignment_propose(
    *, call: Call, by: Any, progress: Callable[[int], None] | None = None
) -> ProposalOutcome:
    """Run the solver on the call and store its proposal: assignments in status *proposed*
    and up to three ranked alternates per application.

    Replaces an earlier proposal that is not confirmed yet, so running twice is safe.
    ``progress`` receives percentages from 0 to 100. Refuses: a call whose assignment is
    confirmed, a call with no eligible applications, and a call no assignment can serve
    (:class:`AssignmentInfeasible`, with the reasons in words and numbers).
    """
    check_back_office(by)
    report = progress or (lambda _percent: None)
    report(0)
    call = lock_call(call)
    refuse_if_started(call)
    built = assignment_problem_for_call(call)
    if not built.applications:
        raise ValidationError(
            _("The call has no eligible applications to assign."), code="nothing_to_assign"
        )
    report(20)
    try:
        result = solve(built.problem, progress=lambda percent: report(20 + percent * 70 // 100))
    except InfeasibleAssignment as error:
        raise AssignmentInfeasible([reason_text(reason) for reason in error.reasons]) from error
    replaced = _replace_proposal(call, built, result)
    audit_log(
        actor=by,
        verb="assignment.proposed",
        target=call,
        data={
            "assignments": len(result.pairs),
            "total_affinity": round(result.total_affinity, 4),
            "replaced": replaced,
        },
    )
    report(100)
    return ProposalOutcome(
        assignments=len(result.pairs),
        alternates=sum(len(evaluators) for evaluators in result.alternates.values()),
        applications=len(built.applications),
        evaluators=len(built.call_evaluators),
        total_affinity=result.total_affinity,
        replaced=replaced,
    )


def _replace_proposal(call: Call, built: CallProblem, result: Any) -> int:
    tenant = call.tenant
    replaced, _deleted = Assignment.objects.filter(
        application__call=call, status=Assignment.Status.PROPOSED, confirmed_at__isnull=True
    ).delete()
    AssignmentAlternate.objects.filter(application__call=call).delete()
    a_index = built.application_index()
    e_index = built.evaluator_index()
    affinity = built.problem.affinity
    Assignment.objects.bulk_create(
        [
            Assignment(
                tenant=tenant,
                application_id=application.pk,
                evaluator_id=evaluator.pk,
                status=Assignment.Status.PROPOSED,
                affinity=float(affinity[a_index[application.pk], e_index[evaluator.pk]]),
            )
            for application, evaluator in result.pairs
        ]
    )
    AssignmentAlternate.objects.bulk_create(
        [
            AssignmentAlternate(
                tenant=tenant,
                application_id=application.pk,
                evaluator_id=evaluator.pk,
                position=position,
                affinity=float(affinity[a_index[application.pk], e_index[evaluator.pk]]),
            )
            for application, evaluators in result.alternates.items()
            for position, evaluator in enumerate(evaluators, start=1)
        ]
    )
    return int(replaced)


# --- The solver's run -----------------------------------------------------------------------


def task_state_record(
    *, tenant_id: int, task_id: str, state: str, progress: int, result: Any = None
) -> None:
    """Keep a task's state where ``GET /api/v1/tasks/{id}/`` finds it, whatever the mode."""
    cache.set(
        task_cache_key(tenant_id, task_id),
        {"state": state, "progress": int(progress), "result": result},
        TASK_STATE_TIMEOUT,
    )


def assignment_run(*, task: Any, call_id: int, user_id: int) -> dict[str, Any]:
    """Run the solver on a call and store the proposal; report progress from 0 to 100 in
    the cache and, outside eager mode, through ``task`` (the Celery task running this).

    The result is ``{"status": "proposed", ...counts}``, or ``{"status": "infeasible" |
    "refused", "reasons": [...]}`` in the language of the person who started it. A second
    run replaces the proposal that is not confirmed yet.
    """
    tenant = require_active_tenant()
    task_id = task.request.id or ""
    is_eager = bool(getattr(task.request, "is_eager", False))

    def record(state: str, progress: int, result: Any = None) -> None:
        if task_id:
            task_state_record(
                tenant_id=tenant.pk, task_id=task_id, state=state, progress=progress, result=result
            )

    def progress(percent: int) -> None:
        record("PROGRESS", percent)
        if task_id and not is_eager:
            task.update_state(state="PROGRESS", meta={"progress": percent})

    record("STARTED", 0)
    call = Call.objects.filter(pk=call_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    with translation.override(user_language(user)):
        try:
            if call is None or user is None:
                raise ValidationError(
                    _("The call or the person who started the assignment no longer exists."),
                    code="gone",
                )
            outcome = assignment_propose(call=call, by=user, progress=progress)
        except AssignmentInfeasible as error:
            result: dict[str, Any] = {"status": "infeasible", "reasons": list(error.reasons)}
        except ValidationError as error:
            result = {"status": "refused", "reasons": list(error.messages)}
        except Exception:
            record("FAILURE", 0, {"detail": _("The assignment stopped with an error.")})
            raise
        else:
            result = {
                "status": "proposed",
                "assignments": outcome.assignments,
                "alternates": outcome.alternates,
                "applications": outcome.applications,
                "evaluators": outcome.evaluators,
                "total_affinity": round(outcome.total_affinity, 4),
                "replaced": outcome.replaced,
            }
    record("SUCCESS", 100, result)
    return result


# --- Telling evaluators of their assignments ------------------------------------------------


def _notice(row: CallEvaluator, assignments: list[Assignment]) -> EmailMessage:
    user = row.evaluator.user
    call = row.call
    due = assignments[0].due_at or call.evaluation_deadline
    context = {
        "name": evaluator_label(row.evaluator),
        "call_title": call.title_text,
        "programme": call.tenant,
        "count": len(assignments),
        "references": [str(assignment.application) for assignment in assignments],
        "due": zoned(due, call=call, viewer_zone=valid_timezone(getattr(user, "timezone", "")))
        if due
        else None,
        "url": tenant_absolute_url(call.tenant, reverse("evaluation_workspace")),
    }
    return programme_email(
        tenant=call.tenant,
        template="evaluations/emails/assignment_confirmed",
        context=context,
        to=[user.email],
    )


def assignments_notify(*, call_id: int, confirmation_id: int) -> int:
    """E-mail each evaluator of a confirmation once, listing their applications and the
    due date, in their language; returns the number of e-mails sent by this run."""
    tenant = require_active_tenant()
    confirmation = AuditEvent.objects.filter(
        pk=confirmation_id, tenant=tenant, verb=ASSIGNMENT_CONFIRMED
    ).first()
    call = Call.objects.select_related("tenant").filter(pk=call_id).first()
    if confirmation is None or call is None:
        return 0
    evaluator_ids = [int(pk) for pk in confirmation.data.get("evaluators", [])]
    confirmed = Assignment.objects.filter(
        application__call=call, evaluator_id__in=evaluator_ids, confirmed_at__isnull=False
    )
    # A re-evaluation confirms the assignments of one application only.
    if "applications" in confirmation.data:
        confirmed = confirmed.filter(
            application_id__in=[int(pk) for pk in confirmation.data["applications"]]
        )
    assignments: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in confirmed.select_related("application").order_by(
        "application__receipt_number", "application_id"
    ):
        assignments[assignment.evaluator_id].append(assignment)
    sent = 0
    for row in (
        CallEvaluator.objects.filter(call=call, evaluator_id__in=evaluator_ids)
        .select_related("evaluator__user", "call__tenant")
        .order_by("pk")
    ):
        own = assignments.get(row.evaluator_id, [])
        if not own or not row.evaluator.user.email:
            continue
        sent += claimed_once(
            target=row,
            verb=NOTICE_SENT,
            failed_verb=NOTICE_FAILED,
            key={"confirmation": confirmation_id},
            data={"to": row.evaluator.user.email, "applications": len(own)},
            do=partial(_notice_send, row, own),
        )
    return sent


def _notice_send(row: CallEvaluator, own: list[Assignment]) -> None:
    with translation.override(user_language(row.evaluator.user)):
        _notice(row, own).send()
