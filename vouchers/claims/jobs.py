"""The claims' e-mails: staff are told of a claim to verify; the submitting side of a
review and of the reimbursement. Each recipient once per event."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from socialtech.accounts.roles import programme_staff
from socialtech.tenancy.links import tenant_absolute_url
from vouchers.claims import selectors
from vouchers.notices import notify_once_each

NOTICES = ("submitted", "verified", "changes_requested", "reimbursed")


def claim_notice_send(*, claim_id: int, notice: str, key: str) -> int:
    """E-mail the people a claim event ``notice`` concerns, each once for the event ``key``:
    programme staff for a claim (re)submitted, the submitting side otherwise. Returns how
    many e-mails left now."""
    if notice not in NOTICES:
        raise ValueError(f"unknown claim notice {notice!r}")
    claim = selectors.claim_for_notice(claim_id)
    voucher = claim.voucher
    users: list[Any]
    if notice == "submitted":
        users = programme_staff(voucher.tenant)
        path = reverse("admin:vouchers_claim_change", args=[claim.pk])
    else:
        users = selectors.submitter_members(voucher)
        path = reverse("vouchers_claim", args=[voucher.code])
    context = {
        "url": tenant_absolute_url(voucher.tenant, path),
        "amount": selectors.euros(claim.amount),
        "invoice_number": claim.invoice_number,
        "review_note": claim.review_note,
        "paid_on": claim.reimbursed_on.isoformat() if claim.reimbursed_on else "",
        "reference": claim.reimbursement_reference,
    }
    return notify_once_each(
        voucher=voucher,
        users=users,
        template=f"vouchers/emails/claim_{notice}",
        verb=f"voucher_claim_{notice}_notice_sent",
        context=lambda user: context,
        key={"event": key},
    )
