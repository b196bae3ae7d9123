"""Background work of the applications app: receipts, amendment notices, deadline reminders.

Every task is safe to run twice. E-mails cannot be rolled back, so each task first claims
its work in a short transaction (a conditional UPDATE, or a locked check of the audit
trail), then sends, and gives the claim back if sending fails so a retry sends again.
"""

from __future__ import annotations

import smtplib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from applications.models import Application, SubmissionAttempt
from applications.selectors import (
    answer_rows,
    application_attachments,
    draft_holders,
    form_fields,
    format_size,
    receipt_document,
    receipt_idempotency_key,
    valid_timezone,
    zoned,
)
from calls.models import REMINDER_OFFSETS, Call, CallAmendment, CallStatus
from socialtech.audit.claims import audit_claim, audit_claim_released_on_failure
from socialtech.audit.services import audit_log
from socialtech.celery import TenantTask, app
from socialtech.documents.models import DocumentKind, StoredDocument
from socialtech.documents.tasks import render_and_store_document
from socialtech.emails import programme_reply_to, render_email
from socialtech.i18n import localise
from socialtech.registry import Schedule
from socialtech.tenancy.links import tenant_absolute_url

SCHEDULES: list[Schedule] = [
    Schedule(
        name="applications-deadline-reminders",
        task="applications.send_deadline_reminders",
        every=900,
        description="Remind draft holders 7 days, 48 hours and 24 hours before a call's deadline.",
    )
]

RECEIPT_EMAILED = "application.receipt_emailed"
RECEIPT_EMAIL_FAILED = "application.receipt_email_failed"
# Failures worth a retry: the mail server is down or refused for now.
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


def _language_for(user: Any, application: Application | None = None) -> str:
    for language in (
        getattr(user, "language", ""),
        application.language if application is not None else "",
    ):
        if language and language in dict(settings.LANGUAGES):
            return language
    return settings.LANGUAGE_CODE


# --- Receipts ---------------------------------------------------------------------------------


def receipt_submitter(application: Application) -> Any:
    """Who pressed submit (the attempt that succeeded), else who started the draft."""
    attempt = (
        SubmissionAttempt.objects.filter(application=application, outcome="submitted")
        .select_related("user")
        .order_by("at")
        .first()
    )
    return (
        attempt.user if attempt is not None and attempt.user is not None else application.created_by
    )


def _moment_texts(moment: datetime | None, application: Application) -> dict[str, str]:
    if moment is None:
        return {"utc": "", "local": "", "iso": ""}
    when = zoned(moment, call=application.call, viewer_zone=None)
    return {"utc": when.utc_text, "local": when.call_text, "iso": when.iso}


def receipt_context(application: Application, submitter: Any) -> dict[str, Any]:
    """What the receipt PDF shows, as JSON (the rendering task takes JSON only)."""
    call = application.call
    organisation = application.organisation
    attachments = application_attachments(application)
    rows = answer_rows(
        fields=form_fields(call),
        answers=application.submitted_answers or application.answers,
        attachments=attachments,
    )
    submitted = _moment_texts(application.submitted_at, application)
    return {
        "title": _("Submission receipt %(number)s") % {"number": application.receipt_number},
        "programme": application.tenant.name,
        "call_title": call.title_text,
        "call_reference": call.reference,
        "call_timezone": call.timezone,
        "organisation": organisation.legal_name,
        "organisation_country": str(countries.name(str(organisation.country)) or ""),
        "submitter": f"{submitter.get_full_name()} <{submitter.email}>" if submitter else "",
        "receipt_number": application.receipt_number,
        "submitted_at_utc": submitted["utc"],
        "submitted_at_local": submitted["local"],
        "submitted_at_iso": submitted["iso"],
        "content_sha256": application.content_sha256,
        "answers": [
            {
                "section": row.section,
                "label": row.label,
                "type": row.type,
                "is_answered": row.is_answered,
                "text": row.text,
                "items": row.items,
                "budget_rows": row.budget_rows,
                "budget_total": row.budget_total,
            }
            for row in rows
            if row.type != "file"
        ],
        "attachments": [
            {
                "label": row.label,
                "name": row.attachment.original_name,
                "size": format_size(row.attachment.size),
                "sha256": row.attachment.sha256,
            }
            for row in rows
            if row.type == "file" and row.attachment is not None
        ],
        "verify_url": tenant_absolute_url(application.tenant, reverse("document_verify")),
    }


def ensure_receipt_document(
    application: Application, *, submitter: Any | None = None, language: str | None = None
) -> StoredDocument:
    """The receipt PDF of a submitted application, made once (idempotency key
    ``receipt:application:<id>``) in the submitter's language."""
    existing = receipt_document(application)
    if existing is not None:
        return existing
    submitter = submitter or receipt_submitter(application)
    with translation.override(language or _language_for(submitter, application)):
        context = receipt_context(application, submitter)
        result = render_and_store_document(
            template_name="documents/receipt.html",
            context=context,
            kind=DocumentKind.RECEIPT,
            title=context["title"],
            owner_id=submitter.pk if submitter else None,
            filename=f"receipt-{application.receipt_number}.pdf",
            idempotency_key=receipt_idempotency_key(application),
            tenant_id=application.tenant_id,
        )
    return StoredDocument.objects.get(pk=result["id"])


def _receipt_email(
    application: Application, submitter: Any, document: StoredDocument
) -> EmailMessage:
    context = {
        "application": application,
        "call_title": application.call.title_text,
        "programme": application.tenant,
        "organisation": application.organisation,
        "submitted": zoned(
            application.submitted_at or timezone.now(),
            call=application.call,
            viewer_zone=valid_timezone(getattr(submitter, "timezone", "")),
        ),
        "url": tenant_absolute_url(
            application.tenant, reverse("application_confirmation", args=[application.pk])
        ),
        "document_code": document.code,
    }
    subject, body = render_email("applications/emails/receipt", context)
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [submitter.email],
        reply_to=programme_reply_to(application.tenant),
    )
    with document.file.open("rb") as handle:
        message.attach(document.filename, handle.read(), "application/pdf")
    return message


@app.task(
    base=TenantTask,
    name="applications.send_receipt",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_receipt(*, application_id: int, tenant_id: int | None = None) -> dict[str, Any]:
    """Make the receipt PDF once and e-mail it once to the person who submitted.

    ``tenant_id`` is in the signature only so Celery's argument check accepts it; the
    task base consumes it (activating that programme) before this body runs.
    """
    application = (
        Application.objects.select_related("call", "organisation", "created_by", "tenant")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not application.receipt_number:
        return {"document": None, "emailed": False}
    submitter = receipt_submitter(application)
    language = _language_for(submitter, application)
    document = ensure_receipt_document(application, submitter=submitter, language=language)
    if submitter is None or not submitter.email:
        return {"document": document.code, "emailed": False}
    if not audit_claim(
        target=application,
        verb=RECEIPT_EMAILED,
        failed_verb=RECEIPT_EMAIL_FAILED,
        data={"to": submitter.email, "document": document.code},
    ):
        return {"document": document.code, "emailed": False}
    with (
        audit_claim_released_on_failure(
            target=application, failed_verb=RECEIPT_EMAIL_FAILED, data={"to": submitter.email}
        ),
        translation.override(language),
    ):
        _receipt_email(application, submitter, document).send()
    return {"document": document.code, "emailed": True}


# --- Notices to draft holders -------------------------------------------------------------


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
    with translation.override(_language_for(user, drafts[0] if drafts else None)):
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


@app.task(
    base=TenantTask,
    name="applications.notify_amendment",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def notify_amendment(*, amendment_id: int, tenant_id: int | None = None) -> int:
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
    with translation.override(_language_for(user, drafts[0] if drafts else None)):
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


@app.task(base=TenantTask, name="applications.send_deadline_reminders", acks_late=True)
def send_deadline_reminders(*, tenant_id: int | None = None) -> int:
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


@app.task(
    base=TenantTask, name="applications.send_eligibility_result", acks_late=True, typing=False
)
def send_eligibility_result(*, application_id: int) -> int:
    """E-mail the eligibility result letter; the service claims it once in the audit trail."""
    from applications.staff import eligibility_result_send
    from socialtech.tenancy.context import require_active_tenant

    return eligibility_result_send(
        application_id=application_id, tenant_id=require_active_tenant().pk
    )
