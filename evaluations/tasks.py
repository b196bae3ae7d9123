"""Background work of the evaluation: the assignment solver with progress, reminders.

Every task is safe to run twice: a second solver run replaces the unconfirmed proposal;
a notice already sent for a confirmation is not sent again (each is claimed in the audit
trail before the e-mail leaves, and given back when sending fails).

The solver task keeps its state, progress and result in the cache under the programme's
key as it runs, beside Celery's own ``update_state``: tasks run in place (the test suite,
eager mode) have no result-backend record, and ``GET /api/v1/tasks/{id}/`` reads both.
"""

from __future__ import annotations

import smtplib
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from applications.selectors import valid_timezone, zoned
from calls.models import Call
from evaluations.assignment_services import (
    ASSIGNMENT_CONFIRMED,
    AssignmentInfeasible,
    assignment_propose,
)
from evaluations.models import Assignment, CallEvaluator
from evaluations.selectors import TASK_STATE_TIMEOUT, evaluator_label, task_cache_key
from socialtech.accounts.models import User
from socialtech.audit.claims import audit_claim, audit_claim_released_on_failure
from socialtech.audit.models import AuditEvent
from socialtech.celery import TenantTask, app
from socialtech.emails import programme_email
from socialtech.registry import Schedule
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.links import tenant_absolute_url

SCHEDULES: list[Schedule] = []

NOTICE_SENT = "assignment.evaluator_notified"
NOTICE_FAILED = "assignment.evaluator_notice_failed"
INVITATION_SENT = "call_evaluator.invitation_sent"
INVITATION_FAILED = "call_evaluator.invitation_failed"
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def task_state_record(
    *, tenant_id: int, task_id: str, state: str, progress: int, result: Any = None
) -> None:
    """Keep a task's state where ``GET /api/v1/tasks/{id}/`` finds it, whatever the mode."""
    cache.set(
        task_cache_key(tenant_id, task_id),
        {"state": state, "progress": int(progress), "result": result},
        TASK_STATE_TIMEOUT,
    )


def _language_of(user: Any) -> str:
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@app.task(bind=True, base=TenantTask, name="evaluations.assign_evaluators", acks_late=True)
def assign_evaluators(
    self: Any, *, call_id: int, user_id: int, tenant_id: int | None = None
) -> dict[str, Any]:
    """Run the solver on a call and store the proposal; report progress from 0 to 100.

    The result is ``{"status": "proposed", ...counts}``, or ``{"status": "infeasible" |
    "refused", "reasons": [...]}`` in the language of the person who started it. A second
    run replaces the proposal that is not confirmed yet.

    ``tenant_id`` is in the signature only so Celery's argument check accepts it; the task
    base consumes it (activating that programme) before this body runs.
    """
    tenant = require_active_tenant()
    task_id = self.request.id or ""
    is_eager = bool(getattr(self.request, "is_eager", False))

    def record(state: str, progress: int, result: Any = None) -> None:
        if task_id:
            task_state_record(
                tenant_id=tenant.pk, task_id=task_id, state=state, progress=progress, result=result
            )

    def progress(percent: int) -> None:
        record("PROGRESS", percent)
        if task_id and not is_eager:
            self.update_state(state="PROGRESS", meta={"progress": percent})

    record("STARTED", 0)
    call = Call.objects.filter(pk=call_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    with translation.override(_language_of(user)):
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


@app.task(
    base=TenantTask,
    name="evaluations.notify_assignments",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def notify_assignments(*, call_id: int, confirmation_id: int, tenant_id: int | None = None) -> int:
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
        key = {"confirmation": confirmation_id}
        if not audit_claim(
            target=row,
            verb=NOTICE_SENT,
            failed_verb=NOTICE_FAILED,
            key=key,
            data={
                "confirmation": confirmation_id,
                "to": row.evaluator.user.email,
                "applications": len(own),
            },
        ):
            continue
        with (
            audit_claim_released_on_failure(target=row, failed_verb=NOTICE_FAILED, data=key),
            translation.override(_language_of(row.evaluator.user)),
        ):
            _notice(row, own).send()
        sent += 1
    return sent


# --- Telling an expert of an invitation -----------------------------------------------------


@app.task(
    base=TenantTask,
    name="evaluations.send_invitation",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_invitation(*, call_evaluator_id: int, tenant_id: int | None = None) -> bool:
    """E-mail an expert once that they are invited to evaluate a call, in their language,
    with the link to answer; ``False`` when there was nothing to send."""
    require_active_tenant()
    row = (
        CallEvaluator.objects.select_related("evaluator__user", "call__tenant")
        .filter(pk=call_evaluator_id, status=CallEvaluator.Status.INVITED)
        .first()
    )
    if row is None or not row.evaluator.user.email:
        return False
    user, call = row.evaluator.user, row.call
    if not audit_claim(
        target=row, verb=INVITATION_SENT, failed_verb=INVITATION_FAILED, data={"to": user.email}
    ):
        return False
    with (
        audit_claim_released_on_failure(target=row, failed_verb=INVITATION_FAILED, data={}),
        translation.override(_language_of(user)),
    ):
        zone = valid_timezone(getattr(user, "timezone", ""))
        context = {
            "name": evaluator_label(row.evaluator),
            "call_title": call.title_text,
            "programme": call.tenant,
            "min_load": row.min_load,
            "max_load": row.max_load,
            "deadline": zoned(call.deadline, call=call, viewer_zone=zone),
            "evaluation_deadline": zoned(call.evaluation_deadline, call=call, viewer_zone=zone)
            if call.evaluation_deadline
            else None,
            "url": tenant_absolute_url(
                call.tenant, reverse("evaluation_invitation", args=[call.pk])
            ),
        }
        programme_email(
            tenant=call.tenant,
            template="evaluations/emails/invitation",
            context=context,
            to=[user.email],
        ).send()
    return True


# --- Review reminders (the evaluator's workspace) -----------------------------------------
SCHEDULES.append(
    Schedule(
        name="evaluations-review-reminders",
        task="evaluations.send_review_reminders",
        every=3600,
        description="Remind evaluators of unsubmitted reviews 7 days and 2 days before they are due.",
    )
)


@app.task(base=TenantTask, name="evaluations.send_review_reminders", acks_late=True)
def send_review_reminders(*, tenant_id: int | None = None) -> int:
    """Remind the programme's evaluators of reviews due in 7 and 2 days, once per offset.

    ``tenant_id`` is consumed by the task base, which activates the programme.
    """
    from evaluations.reminders import review_reminders_send

    return review_reminders_send()


# The results and redress tasks live beside their services; importing them here registers
# them with the worker, which discovers tasks through this module.
from evaluations import results_services  # noqa: E402, F401
