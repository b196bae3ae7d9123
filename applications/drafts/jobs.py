"""Notices to the holders of drafts: a call's amendment, and its deadline coming near.

The work the draft tasks run. E-mails cannot be rolled back, so each job first claims its
work in a short transaction (a conditional UPDATE), then sends, and gives the claim back if
sending fails so a retry sends again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import Application
from applications.selectors import draft_holders, mail_language, valid_timezone, zoned
from calls.models import REMINDER_OFFSETS, Call, CallAmendment, CallStatus
from socialtech.audit.services import audit_log
from socialtech.emails import programme_reply_to, render_email
from socialtech.i18n import localise
from socialtech.tenancy.links import tenant_absolute_url


def _draft_links(application_list: list[Application]) -> list[dict[str, str]]:
    return [
        {
            "organisation": draft.organisation.legal_name,
            "url": tenant_absolute_url(draft.tenant, reverse("application_edit", args=[draft.pk])),
        }
        for draft in application_list
    ]


def _send_all(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(messages) or 0)


def _amendment_email(
    amendment: CallAmendment, user: Any, drafts: list[Application]
) -> EmailMessage:
    call = amendment.call
    with translation.override(mail_language(user=user, application=drafts[0] if drafts else None)):
        context = {
            "user": user,
            "call_title": call.title_text,
            "programme": call.tenant,
            "version": amendment.version,
            "summary": localise(amendment.summary),
            "drafts": _draft_links(drafts),
            "deadline": zoned(
                call.deadline, call=call, viewer_zone=valid_timezone(getattr(user, "timezone", ""))
            ),
        }
        subject, body = render_email("applications/emails/amendment", context)
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        reply_to=programme_reply_to(call.tenant),
    )


def amendment_notice_send(*, amendment_id: int) -> int:
    """Tell every holder of a draft of the amended call, once; returns the e-mails sent.

    The amendment is claimed by a conditional UPDATE of ``notified_at``: a second run finds
    it claimed and sends nothing. If sending fails the claim is given back for the retry.
    """
    claimed_at = timezone.now()
    claimed = CallAmendment.objects.filter(pk=amendment_id, notified_at__isnull=True).update(
        notified_at=claimed_at
    )
    if not claimed:
        return 0
    amendment = CallAmendment.objects.select_related("call", "call__tenant").get(pk=amendment_id)
    try:
        messages = [
            _amendment_email(amendment, user, drafts)
            for user, drafts in draft_holders(call=amendment.call).items()
        ]
        sent = _send_all(messages)
    except Exception:
        CallAmendment.objects.filter(pk=amendment_id, notified_at=claimed_at).update(
            notified_at=None
        )
        raise
    with transaction.atomic():
        audit_log(
            actor=None,
            verb="call.amendment_notified",
            target=amendment.call,
            data={"version": amendment.version, "recipients": len(messages)},
        )
    return sent


def _reminder_email(call: Call, offset: str, user: Any, drafts: list[Application]) -> EmailMessage:
    with translation.override(mail_language(user=user, application=drafts[0] if drafts else None)):
        context = {
            "user": user,
            "call_title": call.title_text,
            "programme": call.tenant,
            "offset": offset,
            "drafts": _draft_links(drafts),
            "deadline": zoned(
                call.deadline, call=call, viewer_zone=valid_timezone(getattr(user, "timezone", ""))
            ),
        }
        subject, body = render_email("applications/emails/reminder", context)
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        reply_to=programme_reply_to(call.tenant),
    )


def _claim_reminder(call_id: int, now: datetime) -> tuple[str, list[str], list[str]] | None:
    """Mark the offsets now due as sent; returns (offset to send, before, after) or None.

    When several offsets are due at once (the scheduler was down, or the call opened late)
    only the nearest is sent, and the earlier ones are marked so they never follow it.
    """
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        if not call.is_open(now):
            return None
        before = list(call.reminders_sent or [])
        due = [
            offset
            for offset, ahead in REMINDER_OFFSETS.items()
            if now >= call.deadline - ahead and offset not in before
        ]
        if not due:
            return None
        after = before + due
        # Conditional on what was read: a runner that read an older list changes nothing.
        if not Call.objects.filter(pk=call.pk, reminders_sent=before).update(reminders_sent=after):
            return None
    nearest = min(due, key=lambda offset: REMINDER_OFFSETS[offset])
    return nearest, before, after


def deadline_reminders_send() -> int:
    """Remind draft holders 7 days, 48 hours and 24 hours before each open call's deadline.

    Each call and offset is sent once, however often and however many runners run: the
    offset joins ``Call.reminders_sent`` by a conditional UPDATE before any e-mail leaves.
    The e-mail links to the draft and never contains its content.
    """
    now = timezone.now()
    horizon = now + max(REMINDER_OFFSETS.values())
    call_ids = list(
        Call.objects.filter(
            status__in=[CallStatus.PUBLISHED, CallStatus.OPEN],
            opens_at__lte=now,
            deadline__gt=now,
            deadline__lte=horizon,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for call_id in call_ids:
        claim = _claim_reminder(call_id, now)
        if claim is None:
            continue
        offset, before, after = claim
        call = Call.objects.select_related("tenant").get(pk=call_id)
        try:
            holders = draft_holders(call=call)
            messages = [
                _reminder_email(call, offset, user, drafts) for user, drafts in holders.items()
            ]
            sent += _send_all(messages)
        except Exception:
            Call.objects.filter(pk=call_id, reminders_sent=after).update(reminders_sent=before)
            raise
        with transaction.atomic():
            audit_log(
                actor=None,
                verb="call.deadline_reminder_sent",
                target=call,
                data={"offset": offset, "recipients": len(messages)},
            )
    return sent


__all__ = ["amendment_notice_send", "deadline_reminders_send"]
