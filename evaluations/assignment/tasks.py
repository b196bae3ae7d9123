"""Background work of the assignment: telling evaluators of the applications confirmed for them.

A notice already sent for a confirmation is not sent again: each is claimed in the audit
trail before the e-mail leaves, and given back when sending fails. The services enqueue
this task; it imports no service, so the services may import it.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation

from applications.selectors import valid_timezone, zoned
from calls.models import Call
from evaluations.models import Assignment, CallEvaluator
from evaluations.selectors import (
    ASSIGNMENT_CONFIRMED,
    TRANSIENT_MAIL_ERRORS,
    evaluator_label,
    user_language,
)
from socialtech.audit.claims import audit_claim, audit_claim_released_on_failure
from socialtech.audit.models import AuditEvent
from socialtech.celery import TenantTask, app
from socialtech.emails import programme_email
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.links import tenant_absolute_url

NOTICE_SENT = "assignment.evaluator_notified"
NOTICE_FAILED = "assignment.evaluator_notice_failed"


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
            translation.override(user_language(row.evaluator.user)),
        ):
            _notice(row, own).send()
        sent += 1
    return sent
