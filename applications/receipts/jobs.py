"""Issuing a submitted application's receipt: the PDF, made once, and one e-mail with it.

E-mails cannot be rolled back, so the e-mail is first claimed in the audit trail, then
sent, and the claim is given back if sending fails so a retry sends again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from applications.models import Application
from applications.selectors import (
    answer_rows,
    application_attachments,
    form_fields,
    format_size,
    mail_language,
    receipt_idempotency_key,
    receipt_submitter,
    valid_timezone,
    zoned,
)
from socialtech.audit.claims import audit_claim, audit_claim_released_on_failure
from socialtech.documents.jobs import document_render
from socialtech.documents.models import DocumentKind, StoredDocument
from socialtech.emails import programme_reply_to, render_email
from socialtech.tenancy.links import tenant_absolute_url

RECEIPT_EMAILED = "application.receipt_emailed"
RECEIPT_EMAIL_FAILED = "application.receipt_email_failed"
# Failures worth a retry: the mail server is down or refused for now.


def _moment_texts(moment: datetime | None, application: Application) -> dict[str, str]:
    if moment is None:
        return {"utc": "", "local": "", "iso": ""}
    when = zoned(moment, call=application.call, viewer_zone=None)
    return {"utc": when.utc_text, "local": when.call_text, "iso": when.iso}


def receipt_context(*, application: Application, submitter: Any) -> dict[str, Any]:
    """What the receipt PDF shows."""
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


def _submitted_application(application_id: int) -> Application | None:
    return (
        Application.objects.select_related("call", "organisation", "created_by", "tenant")
        .filter(pk=application_id)
        .exclude(receipt_number="")
        .first()
    )


def _submitter(application: Application, submitted_by_id: int | None) -> Any:
    """The person the submit service named; older queued work names nobody, so the
    submission trail is read instead."""
    if submitted_by_id is not None:
        user = get_user_model().objects.filter(pk=submitted_by_id).first()
        if user is not None:
            return user
    return receipt_submitter(application)


def _render_receipt(application: Application, submitter: Any, language: str) -> StoredDocument:
    with translation.override(language):
        context = receipt_context(application=application, submitter=submitter)
        return document_render(
            template_name="documents/receipt.html",
            context=context,
            kind=DocumentKind.RECEIPT,
            title=context["title"],
            owner=submitter,
            filename=f"receipt-{application.receipt_number}.pdf",
            idempotency_key=receipt_idempotency_key(application),
        )


def receipt_document_issue(
    *, application_id: int, submitted_by_id: int | None = None
) -> StoredDocument | None:
    """The receipt PDF of a submitted application, made once (idempotency key
    ``receipt:application:<id>``) in the submitter's language; None if not submitted."""
    application = _submitted_application(application_id)
    if application is None:
        return None
    submitter = _submitter(application, submitted_by_id)
    return _render_receipt(
        application, submitter, mail_language(user=submitter, application=application)
    )


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


def receipt_issue(*, application_id: int, submitted_by_id: int | None = None) -> dict[str, Any]:
    """Make the receipt PDF once and e-mail it once to the person who submitted.

    Safe to run twice: the PDF has an idempotency key, the e-mail a claim in the audit trail.
    """
    application = _submitted_application(application_id)
    if application is None:
        return {"document": None, "emailed": False}
    submitter = _submitter(application, submitted_by_id)
    language = mail_language(user=submitter, application=application)
    document = _render_receipt(application, submitter, language)
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
