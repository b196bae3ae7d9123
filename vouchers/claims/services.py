"""Writes of the claims: the side the scheme names submits the invoice and the proofs,
staff verify the claim or send it back for changes, finance record the reimbursement.

Each locks the voucher (then the claim), checks who acts and the rules, writes the audit
rows (the voucher's moves through ``voucher_move``) and queues the e-mails after commit.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialtech.accounts.roles import require_finance, require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import CheckedUpload, check_upload
from socialtech.tasks import enqueue_on_commit
from vouchers.claims import selectors
from vouchers.claims.tasks import send_claim_notice
from vouchers.errors import VoucherError
from vouchers.models import Claim, ClaimStatus, ClaimSubmitter, Voucher, VoucherStatus
from vouchers.money import CENT, euros, voucher_cost_split
from vouchers.transitions import lock_voucher, require_status, voucher_move

V = VoucherStatus
C = ClaimStatus
CLAIM_FILE_TYPES = ("pdf", "png", "jpeg")
CLAIM_FILE_MAX_BYTES = 10 * 1024 * 1024
MAX_INVOICE_NUMBER = 60
MAX_NOTE = 4000
MAX_REFERENCE = 100
MAX_AMOUNT = Decimal("99999999.99")
# The one table of a claim's moves; a claim sent back keeps its voucher in claim_submitted.
CLAIM_TRANSITIONS: dict[str, set[str]] = {
    C.SUBMITTED: {C.VERIFIED, C.CHANGES_REQUESTED},
    C.CHANGES_REQUESTED: {C.SUBMITTED},
    C.VERIFIED: {C.REIMBURSED},
    C.REIMBURSED: set(),
}


def _notify(claim: Claim, notice: str) -> None:
    enqueue_on_commit(
        send_claim_notice,
        tenant_id=claim.tenant_id,
        claim_id=claim.pk,
        notice=notice,
        key=timezone.now().isoformat(),
    )


def _claim_move(claim: Claim, to: str) -> None:
    if to not in CLAIM_TRANSITIONS[claim.status]:
        raise VoucherError(
            _("The claim of voucher %(code)s is %(status)s: this cannot be done now.")
            % {"code": claim.voucher.code, "status": claim.get_status_display()},
            "wrong_claim_state",
            status=claim.status,
        )
    claim.status = to


def _require_submitter(voucher: Voucher, by: Any) -> None:
    if selectors.may_submit(by, voucher):
        return
    if selectors.submitter_side(voucher) == ClaimSubmitter.ENTERPRISE:
        message = _("Claims of this scheme are submitted by the enterprise's owners and editors.")
    else:
        message = _("Claims of this scheme are submitted by the provider's owners and editors.")
    raise VoucherError(message, "wrong_side")


def _amount(raw: Any, voucher: Voucher) -> Decimal:
    try:
        amount = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite() or amount != amount.quantize(CENT) or amount > MAX_AMOUNT:
        raise VoucherError(
            _("Amount claimed: give an amount in euros, with at most two decimals."),
            "amount_invalid",
            field="amount",
        )
    if amount <= 0:
        raise VoucherError(
            _("Amount claimed: it must be more than EUR 0.00."),
            "amount_not_positive",
            field="amount",
        )
    amount = amount.quantize(CENT)
    if amount > voucher.value:
        raise VoucherError(
            _("The amount claimed, %(amount)s, is more than the voucher's value, %(value)s.")
            % {"amount": euros(amount), "value": euros(voucher.value)},
            "amount_above_value",
            field="amount",
            amount=str(amount),
            value=str(voucher.value),
        )
    split = voucher_cost_split(voucher)
    if split is not None and amount > split.price - split.co_payment:
        raise VoucherError(
            _(
                "The amount claimed, %(amount)s, is more than the agreed price less the "
                "enterprise's co-payment of %(percent)s %%: %(price)s − %(co_payment)s = "
                "%(ceiling)s. The enterprise pays its co-payment to the provider itself."
            )
            % {
                "amount": euros(amount),
                "percent": voucher.co_funding_percent,
                "price": euros(split.price),
                "co_payment": euros(split.co_payment),
                "ceiling": euros(split.price - split.co_payment),
            },
            "amount_above_agreed_price",
            field="amount",
            amount=str(amount),
            ceiling=str(split.price - split.co_payment),
        )
    return amount


def _invoice(number: str, day: date | None) -> tuple[str, date]:
    number = (number or "").strip()
    if not number:
        raise VoucherError(
            _("Invoice number: give the number printed on the invoice."),
            "invoice_number_missing",
            field="invoice_number",
        )
    if len(number) > MAX_INVOICE_NUMBER:
        raise VoucherError(
            _("Invoice number: at most %(limit)s characters.") % {"limit": MAX_INVOICE_NUMBER},
            "invoice_number_too_long",
            field="invoice_number",
        )
    if day is None:
        raise VoucherError(
            _("Invoice date: give the date printed on the invoice."),
            "invoice_date_missing",
            field="invoice_date",
        )
    if day > timezone.localdate():
        raise VoucherError(
            _("Invoice date: it cannot be in the future."),
            "invoice_date_future",
            field="invoice_date",
        )
    return number, day


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise VoucherError(
            _("Note: at most %(limit)s characters.") % {"limit": MAX_NOTE},
            "note_too_long",
            field="note",
        )
    return note


def _files(
    voucher: Voucher, uploads: dict[str, IO[bytes] | Any | None], *, required: set[str]
) -> dict[str, CheckedUpload]:
    """Check each file given by its content (PDF, PNG or JPEG, at most 10 MB); refuse the
    missing required ones. All problems at once, each under its field."""
    labels = {
        "invoice": _("Invoice"),
        "delivery_proof": _("Proof of delivery"),
        "co_payment_proof": _("Proof of the enterprise's co-payment"),
    }
    errors: dict[str, Any] = {}
    checked: dict[str, CheckedUpload] = {}
    for field, label in labels.items():
        upload = uploads.get(field)
        if not upload:
            if field in required:
                errors[field] = [
                    _("%(field)s: choose the file (PDF, PNG or JPEG).") % {"field": label}
                ]
            continue
        result = check_upload(
            errors,
            field,
            upload,
            field_label=str(label),
            allowed_types=CLAIM_FILE_TYPES,
            max_bytes=CLAIM_FILE_MAX_BYTES,
        )
        if result is not None:
            checked[field] = result
    if errors:
        first = next(iter(errors))
        raise VoucherError(
            str(errors[first][0]),
            "files_invalid",
            field=first,
            fields={key: [str(message) for message in value] for key, value in errors.items()},
        )
    return checked


def _store(claim: Claim, uploads: dict[str, Any], checked: dict[str, CheckedUpload]) -> None:
    for field, result in checked.items():
        upload = uploads[field]
        upload.seek(0)
        fieldfile = getattr(claim, field)
        old = fieldfile.name
        fieldfile.save(result.original_name, upload, save=False)
        if old:
            transaction.on_commit(functools.partial(fieldfile.storage.delete, old))


def _co_payment_required(voucher: Voucher) -> bool:
    return voucher.co_funding_percent > 0


@transaction.atomic
def claim_submit(
    *,
    voucher: Voucher,
    by: Any,
    amount: Decimal,
    invoice_number: str,
    invoice_date: date | None,
    invoice: IO[bytes] | Any | None,
    delivery_proof: IO[bytes] | Any | None,
    co_payment_proof: IO[bytes] | Any | None,
    note: str = "",
) -> Claim:
    """Submit the claim of a delivered voucher: the amount, the invoice (number, date, file),
    the proof of delivery and, when the scheme has co-funding, the proof of the enterprise's
    co-payment; the voucher becomes "claim submitted" and programme staff are e-mailed.

    Refuses: anyone but the owners and editors of the side the scheme names; a voucher not
    in delivery or whose delivery both sides have not confirmed; an amount not more than
    zero, above the voucher's value, or above the agreed price less the co-payment (the
    figures named); an invoice without number or dated in the future; a missing file, or
    one that is not a PDF, PNG or JPEG by its content, or is over 10 MB."""
    locked = lock_voucher(voucher)
    _require_submitter(locked, by)
    require_status(locked, V.IN_DELIVERY)
    if not locked.is_delivery_confirmed:
        if locked.delivery_confirmed_by_enterprise_at is None and (
            locked.delivery_confirmed_by_provider_at is None
        ):
            message = _(
                "The claim can be submitted once both sides confirmed the delivery; neither "
                "has yet."
            )
        elif locked.delivery_confirmed_by_enterprise_at is None:
            message = _(
                "The claim can be submitted once both sides confirmed the delivery; the "
                "enterprise has not yet."
            )
        else:
            message = _(
                "The claim can be submitted once both sides confirmed the delivery; the "
                "provider has not yet."
            )
        raise VoucherError(message, "delivery_not_confirmed")
    cleaned_amount = _amount(amount, locked)
    number, day = _invoice(invoice_number, invoice_date)
    uploads = {
        "invoice": invoice,
        "delivery_proof": delivery_proof,
        "co_payment_proof": co_payment_proof,
    }
    required = {"invoice", "delivery_proof"} | (
        {"co_payment_proof"} if _co_payment_required(locked) else set()
    )
    checked = _files(locked, uploads, required=required)
    claim = Claim(
        tenant=locked.tenant,
        voucher=locked,
        status=C.SUBMITTED,
        submitted_by=by,
        submitted_at=timezone.now(),
        amount=cleaned_amount,
        invoice_number=number,
        invoice_date=day,
        note=_note(note),
    )
    _store(claim, uploads, checked)
    claim.full_clean()
    claim.save()
    voucher_move(
        voucher=locked,
        to=V.CLAIM_SUBMITTED,
        by=by,
        verb="voucher_claim_submitted",
        data={"claim": claim.pk, "amount": str(cleaned_amount)},
    )
    audit_log(
        actor=by,
        verb="claim_submitted",
        target=claim,
        data={
            "amount": str(cleaned_amount),
            "invoice_number": number,
            "files": {field: result.sha256 for field, result in checked.items()},
        },
    )
    _notify(claim, "submitted")
    return claim


def _lock_claim(claim: Claim) -> tuple[Voucher, Claim]:
    voucher = lock_voucher(claim.voucher)
    locked = (
        Claim.objects.select_for_update(of=("self",)).select_related("voucher").get(pk=claim.pk)
    )
    locked.voucher = voucher
    return voucher, locked


@transaction.atomic
def claim_resubmit(
    *,
    claim: Claim,
    by: Any,
    amount: Decimal | None = None,
    invoice_number: str | None = None,
    invoice_date: date | None = None,
    invoice: IO[bytes] | Any | None = None,
    delivery_proof: IO[bytes] | Any | None = None,
    co_payment_proof: IO[bytes] | Any | None = None,
    note: str | None = None,
) -> Claim:
    """Submit again a claim staff sent back for changes: the fields and files given replace
    the earlier ones, the others stay; the claim is submitted again (the voucher stays
    "claim submitted") and programme staff are e-mailed. Refuses what :func:`claim_submit`
    refuses, and a claim not sent back for changes."""
    voucher, locked = _lock_claim(claim)
    _require_submitter(voucher, by)
    require_status(voucher, V.CLAIM_SUBMITTED)
    _claim_move(locked, C.SUBMITTED)
    locked.amount = _amount(locked.amount if amount is None else amount, voucher)
    locked.invoice_number, locked.invoice_date = _invoice(
        locked.invoice_number if invoice_number is None else invoice_number,
        locked.invoice_date if invoice_date is None else invoice_date,
    )
    if note is not None:
        locked.note = _note(note)
    uploads = {
        "invoice": invoice,
        "delivery_proof": delivery_proof,
        "co_payment_proof": co_payment_proof,
    }
    required = {field for field in ("invoice", "delivery_proof") if not getattr(locked, field)}
    if _co_payment_required(voucher) and not locked.co_payment_proof:
        required.add("co_payment_proof")
    checked = _files(voucher, uploads, required=required)
    _store(locked, uploads, checked)
    locked.submitted_by = by
    locked.submitted_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit_log(
        actor=by,
        verb="claim_resubmitted",
        target=locked,
        data={
            "amount": str(locked.amount),
            "invoice_number": locked.invoice_number,
            "files": {field: result.sha256 for field, result in checked.items()},
        },
    )
    _notify(locked, "submitted")
    return locked


@transaction.atomic
def claim_verify(*, claim: Claim, by: Any, note: str = "") -> Claim:
    """Programme staff verify a submitted claim: the claim and the voucher become "verified",
    ready for finance to reimburse; the submitting side is e-mailed. Refuses anyone but
    programme staff and a claim not submitted (or sent back for changes)."""
    require_programme_staff(by)
    voucher, locked = _lock_claim(claim)
    _claim_move(locked, C.VERIFIED)
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.review_note = _note(note)
    locked.full_clean()
    locked.save()
    voucher_move(
        voucher=voucher,
        to=V.VERIFIED,
        by=by,
        verb="voucher_claim_verified",
        data={"claim": locked.pk},
    )
    audit_log(actor=by, verb="claim_verified", target=locked, data={"note": locked.review_note})
    _notify(locked, "verified")
    return locked


@transaction.atomic
def claim_request_changes(*, claim: Claim, by: Any, note: str) -> Claim:
    """Programme staff send a submitted claim back with ``note`` saying what must change;
    the submitting side is e-mailed, changes it and submits again (the voucher stays "claim
    submitted"). Refuses anyone but programme staff, an empty note and a claim not
    submitted."""
    require_programme_staff(by)
    note = _note(note)
    if not note:
        raise VoucherError(
            _("Note: say what must change in the claim."), "note_missing", field="note"
        )
    voucher, locked = _lock_claim(claim)
    require_status(voucher, V.CLAIM_SUBMITTED)
    _claim_move(locked, C.CHANGES_REQUESTED)
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.review_note = note
    locked.full_clean()
    locked.save()
    audit_log(actor=by, verb="claim_changes_requested", target=locked, data={"note": note})
    _notify(locked, "changes_requested")
    return locked


@transaction.atomic
def claim_reimburse(*, claim: Claim, by: Any, paid_on: date | None, reference: str) -> Claim:
    """Finance record that a verified claim was reimbursed on ``paid_on`` (not in the
    future) with the bank's ``reference``: the claim and the voucher become "reimbursed" and
    the submitting side is e-mailed. Refuses anyone but finance officers (and the
    operator), a claim not verified, a missing date or reference."""
    require_finance(by)
    reference = (reference or "").strip()
    if paid_on is None:
        raise VoucherError(
            _("Payment date: give the day the money left."), "date_missing", field="paid_on"
        )
    if paid_on > timezone.localdate():
        raise VoucherError(
            _("Payment date: it cannot be in the future."), "date_future", field="paid_on"
        )
    if not reference:
        raise VoucherError(
            _("Payment reference: give the bank's reference of the transfer."),
            "reference_missing",
            field="reference",
        )
    if len(reference) > MAX_REFERENCE:
        raise VoucherError(
            _("Payment reference: at most %(count)s characters.") % {"count": MAX_REFERENCE},
            "reference_too_long",
            field="reference",
        )
    voucher, locked = _lock_claim(claim)
    _claim_move(locked, C.REIMBURSED)
    locked.reimbursed_on = paid_on
    locked.reimbursement_reference = reference
    locked.reimbursed_by = by
    locked.full_clean()
    locked.save()
    voucher_move(
        voucher=voucher,
        to=V.REIMBURSED,
        by=by,
        verb="voucher_reimbursed",
        data={"claim": locked.pk, "amount": str(locked.amount)},
    )
    audit_log(
        actor=by,
        verb="claim_reimbursed",
        target=locked,
        data={"amount": str(locked.amount), "paid_on": paid_on.isoformat(), "reference": reference},
    )
    _notify(locked, "reimbursed")
    return locked
