"""Jobs of the evaluator's workspace: reminders to evaluators whose reviews are not submitted,
7 and 2 days before they are due.

Each assignment hears about each offset at most once, however often the schedule runs and
however many workers run it: the e-mail is sent inside a transaction that holds the
assignment rows locked, after checking the audit trail for an earlier
``review.reminder_sent`` of that offset, and the audit rows are written in the same
transaction. A failed e-mail rolls back its audit rows, so the next run sends it again.
When the schedule was down through a whole window (or the assignment came late), only
the nearest offset is sent: an evaluator 1 day before the deadline is not told "7 days".
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation

from applications.selectors import valid_timezone, zoned
from evaluations.models import Assignment
from socialtech.audit.models import AuditEvent
from socialtech.audit.services import audit_log
from socialtech.emails import TRANSIENT_MAIL_ERRORS, programme_email
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.links import tenant_absolute_url

logger = logging.getLogger(__name__)

REMINDER_SENT = "review.reminder_sent"
# Nearest first: the first window the moment falls in is the one to send.
REMINDER_OFFSETS: dict[str, timedelta] = {
    "t-2d": timedelta(days=2),
    "t-7d": timedelta(days=7),
}
UNSUBMITTED = (
    Assignment.Status.PROPOSED,
    Assignment.Status.ACCEPTED,
    Assignment.Status.IN_PROGRESS,
)
# Failures worth another try on the next run: the mail server is down or refused for now.


def reminder_offset(due: datetime, now: datetime) -> str | None:
    """The offset whose window ``now`` falls in, before ``due``; ``None`` outside them."""
    if now >= due:
        return None
    for offset, ahead in REMINDER_OFFSETS.items():
        if now >= due - ahead:
            return offset
    return None


def _unsubmitted(now: datetime) -> Any:
    horizon = now + max(REMINDER_OFFSETS.values())
    return (
        Assignment.objects.filter(
            status__in=UNSUBMITTED,
            confirmed_at__isnull=False,
            evaluator__user__is_active=True,
        )
        .exclude(evaluator__user__email="")
        .annotate(due=Coalesce("due_at", "application__call__evaluation_deadline"))
        .filter(due__gt=now, due__lte=horizon)
    )


def _offsets_sent(assignment_ids: list[int]) -> dict[int, set[str]]:
    events = AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(Assignment),
        object_id__in=[str(pk) for pk in assignment_ids],
        verb=REMINDER_SENT,
    ).values_list("object_id", "data")
    sent: dict[int, set[str]] = defaultdict(set)
    for object_id, data in events:
        sent[int(object_id)].add(str((data or {}).get("offset", "")))
    return sent


def _language(user: Any) -> str:
    language = getattr(user, "language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _reminder_email(user: Any, offset: str, assignments: list[Assignment]) -> EmailMessage:
    tenant = require_active_tenant()
    zone = valid_timezone(getattr(user, "timezone", ""))
    with translation.override(_language(user)):
        context = {
            "user": user,
            "programme": tenant,
            "offset": offset,
            "items": [
                {
                    "call_title": assignment.application.call.title_text,
                    "receipt_number": assignment.application.receipt_number,
                    "needs_declaration": assignment.status == Assignment.Status.PROPOSED,
                    "due": zoned(
                        assignment.due,  # type: ignore[attr-defined]
                        call=assignment.application.call,
                        viewer_zone=zone,
                    ),
                }
                for assignment in assignments
            ],
            "url": tenant_absolute_url(tenant, reverse("evaluation_workspace")),
        }
        return programme_email(
            tenant=tenant,
            template="evaluations/workspace/emails/reminder",
            context=context,
            to=[user.email],
        )


@transaction.atomic
def _remind(*, evaluator_id: int, offset: str, assignment_ids: list[int], now: datetime) -> int:
    """Send one evaluator the reminder of ``offset`` for the assignments still owed it.

    The rows stay locked until the audit rows commit, so a second runner waits and then
    finds the reminder recorded. Returns the number of assignments reminded.
    """
    # Lock the bare rows (no joins, so every database accepts the lock), then read them.
    locked_ids = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(pk__in=assignment_ids, evaluator_id=evaluator_id, status__in=UNSUBMITTED)
        .values_list("pk", flat=True)
    )
    locked = list(
        _unsubmitted(now)
        .filter(pk__in=locked_ids)
        .select_related("application__call", "evaluator__user")
        .order_by(F("due").asc(), "pk")
    )
    sent = _offsets_sent([assignment.pk for assignment in locked])
    owed = [
        assignment
        for assignment in locked
        if reminder_offset(assignment.due, now) == offset  # type: ignore[attr-defined]
        and offset not in sent[assignment.pk]
    ]
    if not owed:
        return 0
    user = owed[0].evaluator.user
    _reminder_email(user, offset, owed).send()
    for assignment in owed:
        audit_log(
            actor=None,
            verb=REMINDER_SENT,
            target=assignment,
            data={
                "offset": offset,
                "evaluator": assignment.evaluator_id,
                "to": user.email,
                "due_at": assignment.due.isoformat(),  # type: ignore[attr-defined]
            },
        )
    return len(owed)


def review_reminders_send(*, now: datetime | None = None) -> int:
    """Remind evaluators of the active programme about reviews due in 7 and in 2 days.

    One e-mail per evaluator and offset lists their unsubmitted assignments (those still
    to declare on say so); the e-mail names the call and the receipt number, never the
    application's content. Each assignment is reminded once per offset. A mail server
    that refuses one e-mail does not stop the others; the next run retries it. Returns the
    number of assignments reminded.
    """
    now = now or timezone.now()
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, evaluator_id, due in _unsubmitted(now).values_list("pk", "evaluator_id", "due"):
        offset = reminder_offset(due, now)
        if offset is not None:
            groups[(evaluator_id, offset)].append(pk)
    reminded = 0
    for (evaluator_id, offset), assignment_ids in sorted(groups.items()):
        try:
            reminded += _remind(
                evaluator_id=evaluator_id, offset=offset, assignment_ids=assignment_ids, now=now
            )
        except TRANSIENT_MAIL_ERRORS:
            logger.warning(
                "Review reminder %s to evaluator %s not sent; the next run retries it.",
                offset,
                evaluator_id,
                exc_info=True,
            )
    return reminded
