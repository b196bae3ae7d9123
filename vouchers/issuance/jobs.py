"""The work after a voucher is issued, callable directly too: its PDF, made once and kept
with its SHA-256 and verification code, then the e-mail to the enterprise's members, each
sent once.

The PDF's stored row and the voucher's link to it commit together; a rerun finds the
document by its idempotency key and renders nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from applications.selectors import format_money
from socialtech.audit.services import audit_log
from socialtech.documents.jobs import document_render
from socialtech.documents.models import DocumentKind, StoredDocument
from socialtech.formatting import format_datetime
from socialtech.tenancy.links import tenant_absolute_url
from vouchers.issuance import selectors
from vouchers.models import Voucher, VoucherStatus
from vouchers.notices import enterprise_members, notify_once_each, provider_members

TEMPLATE_NAME = "vouchers/voucher_pdf.html"
EMAIL_TEMPLATE = "vouchers/emails/issued"
ISSUED_NOTICE_SENT = "voucher.issued_notice_sent"


def voucher_pdf_context(voucher: Voucher) -> dict[str, object]:
    """What the voucher PDF shows (in the active language)."""
    call = voucher.scheme.call
    tenant = voucher.tenant
    return {
        "title": _("Voucher %(code)s") % {"code": voucher.code},
        "tenant": tenant,
        "voucher": voucher,
        "call_title": call.title_text,
        "beneficiary": voucher.organisation.legal_name,
        "value": format_money(voucher.value),
        "co_funding": f"{voucher.co_funding_percent.normalize():f}",
        "categories": selectors.category_labels(voucher.scheme.service_categories),
        "issued": format_datetime(voucher.issued_at, call.timezone),
        "valid_until": format_datetime(voucher.expires_at, call.timezone),
        "voucher_url": tenant_absolute_url(tenant, reverse("vouchers_detail", args=[voucher.code])),
    }


def voucher_document_make(*, voucher_id: int) -> StoredDocument | None:
    """The voucher's PDF, rendered once in the beneficiary's language, stored as a voucher
    document and linked to the voucher. None for a voucher that no longer exists or was
    cancelled before its PDF was made."""
    voucher = selectors.voucher_for_document(voucher_id)
    if voucher is None:
        return None
    if voucher.document_id is not None:
        return voucher.document
    if voucher.status == VoucherStatus.CANCELLED:
        return None
    language = selectors.beneficiary_language(voucher)
    with transaction.atomic():
        locked = Voucher.objects.select_for_update(of=("self",)).get(pk=voucher.pk)
        if locked.document_id is not None:
            return StoredDocument.objects.get(pk=locked.document_id)
        with translation.override(language):
            context = voucher_pdf_context(voucher)
            document = document_render(
                template_name=TEMPLATE_NAME,
                context=context,
                kind=DocumentKind.VOUCHER,
                title=str(context["title"]),
                owner=voucher.application.created_by,
                filename=f"voucher-{voucher.code}.pdf",
                idempotency_key=selectors.voucher_idempotency_key(voucher.pk),
            )
        locked.document = document
        locked.save(update_fields=["document"])
        audit_log(
            actor=None,
            verb="voucher.document_made",
            target=locked,
            data={"document": document.code, "sha256": document.sha256, "language": language},
        )
    return document


def voucher_issued_notice_send(*, voucher_id: int) -> int:
    """E-mail each member of the beneficiary once that the voucher is issued, in their
    language, with its code, value, validity and page."""
    voucher = selectors.voucher_for_document(voucher_id)
    if voucher is None or voucher.status == VoucherStatus.CANCELLED:
        return 0
    call = voucher.scheme.call
    url = tenant_absolute_url(voucher.tenant, reverse("vouchers_detail", args=[voucher.code]))
    return notify_once_each(
        voucher=voucher,
        users=enterprise_members(voucher),
        template=EMAIL_TEMPLATE,
        verb=ISSUED_NOTICE_SENT,
        context=lambda user: {
            "value": format_money(voucher.value),
            "valid_until": format_datetime(voucher.expires_at, call.timezone),
            "co_funding": f"{voucher.co_funding_percent.normalize():f}",
            "document_code": voucher.document.code if voucher.document is not None else "",
            "url": url,
        },
    )


def voucher_cancelled_notice_send(*, voucher_id: int) -> int:
    """E-mail the members of the beneficiary, and of the provider when one was chosen, each
    once that the voucher is cancelled, with the reason staff gave."""
    voucher = selectors.voucher_for_document(voucher_id)
    if voucher is None or voucher.status != VoucherStatus.CANCELLED:
        return 0
    url = tenant_absolute_url(voucher.tenant, reverse("vouchers_detail", args=[voucher.code]))
    return notify_once_each(
        voucher=voucher,
        users=enterprise_members(voucher) + provider_members(voucher),
        template="vouchers/emails/cancelled",
        verb="voucher_cancelled_notice_sent",
        context=lambda user: {"reason": voucher.end_reason, "url": url},
    )


def voucher_issued_follow_up(*, voucher_id: int) -> int:
    """After a voucher is issued: make its PDF (once), then tell the enterprise (each
    member once). Returns how many e-mails left now. Safe to run twice."""
    voucher_document_make(voucher_id=voucher_id)
    return voucher_issued_notice_send(voucher_id=voucher_id)
