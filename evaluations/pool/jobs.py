"""Jobs of the expert pool: telling an expert of an invitation, once.

Each e-mail is claimed in the audit trail before it leaves and given back when sending
fails, so a job run twice sends once. The tasks in :mod:`evaluations.pool.tasks` call
these; they import no service.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from applications.selectors import valid_timezone, zoned
from evaluations.models import CallEvaluator
from evaluations.selectors import evaluator_label, user_language
from socialtech.audit.claims import audit_claim, audit_claim_released_on_failure
from socialtech.emails import programme_email
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.links import tenant_absolute_url

INVITATION_SENT = "call_evaluator.invitation_sent"
INVITATION_FAILED = "call_evaluator.invitation_failed"


def invitation_send(*, call_evaluator_id: int) -> bool:
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
        translation.override(user_language(user)),
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
