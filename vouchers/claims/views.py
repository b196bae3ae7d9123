"""The claim's page (submit, see its review, submit again after changes) and the download
of its files, for the voucher's two sides, programme staff and finance.

Anyone else, and a mistyped code, gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socialtech.accounts.roles import is_finance
from socialtech.documents.responses import serve_protected_file
from socialtech.documents.uploads import KINDS, sanitize_original_name
from socialtech.storage_errors import STORAGE_ERRORS, file_not_stored_message, log_storage_error
from vouchers.access import voucher_for_viewer
from vouchers.claims import selectors, services
from vouchers.claims.forms import ClaimForm
from vouchers.codes import is_valid_voucher_code, normalise_voucher_code
from vouchers.errors import VoucherError
from vouchers.models import Claim, ClaimStatus, Voucher, VoucherStatus
from vouchers.money import voucher_cost_split
from vouchers.redemption.selectors import voucher_path

V = VoucherStatus


def _voucher_or_404(request: HttpRequest, code: str) -> Voucher:
    normalised = normalise_voucher_code(code)
    if not is_valid_voucher_code(normalised):
        raise Http404(_("This is not a voucher code."))
    try:
        return voucher_for_viewer(user=request.user, code=normalised)
    except Voucher.DoesNotExist:
        pass
    if is_finance(request.user):
        found = (
            Voucher.objects.select_related("scheme__call", "organisation", "provider__organisation")
            .filter(code=normalised)
            .first()
        )
        if found is not None:
            return found
    raise Http404(_("None of your organisations has this voucher."))


def _show_error(form: ClaimForm, error: VoucherError) -> None:
    fields = error.extra.get("fields") or {}
    if fields:
        for field, problems in fields.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(error.field if error.field in form.fields else None, error.message)


def _initial(claim: Claim | None) -> dict[str, Any]:
    if claim is None:
        return {}
    return {
        "amount": claim.amount,
        "invoice_number": claim.invoice_number,
        "invoice_date": claim.invoice_date,
        "note": claim.note,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def claim_page(request: HttpRequest, code: str) -> HttpResponse:
    voucher = _voucher_or_404(request, code)
    claim = selectors.claim_of(voucher)
    may_submit = selectors.may_submit(request.user, voucher)
    may_send = may_submit and (
        (claim is None and voucher.status == V.IN_DELIVERY and voucher.is_delivery_confirmed)
        or (claim is not None and claim.status == ClaimStatus.CHANGES_REQUESTED)
    )
    replacing = claim is not None
    co_payment = voucher.co_funding_percent > 0
    posted = request.method == "POST"
    form = ClaimForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=_initial(claim),
        co_payment=co_payment,
        replacing=replacing,
    )
    status = 200
    if posted:
        if form.is_valid():
            data = form.cleaned_data
            try:
                if claim is None:
                    services.claim_submit(
                        voucher=voucher,
                        by=request.user,
                        amount=data["amount"],
                        invoice_number=data["invoice_number"],
                        invoice_date=data["invoice_date"],
                        invoice=data.get("invoice"),
                        delivery_proof=data.get("delivery_proof"),
                        co_payment_proof=data.get("co_payment_proof"),
                        note=data["note"],
                    )
                else:
                    services.claim_resubmit(
                        claim=claim,
                        by=request.user,
                        amount=data["amount"],
                        invoice_number=data["invoice_number"],
                        invoice_date=data["invoice_date"],
                        invoice=data.get("invoice"),
                        delivery_proof=data.get("delivery_proof"),
                        co_payment_proof=data.get("co_payment_proof"),
                        note=data["note"],
                    )
            except VoucherError as error:
                _show_error(form, error)
            except STORAGE_ERRORS as error:
                # The storage is full or unwritable: nothing is saved, the typing is shown
                # again and each file chosen is named.
                log_storage_error(error, where=f"voucher {voucher.code} claim")
                for name in ("invoice", "delivery_proof", "co_payment_proof"):
                    if data.get(name):
                        form.add_error(name, file_not_stored_message(form.fields[name].label))
            else:
                messages.success(
                    request, _("Your claim is submitted; the programme's staff will verify it.")
                )
                return redirect("vouchers_claim", code=voucher.code)
        status = 400
    split = voucher_cost_split(voucher)
    ceiling, ceiling_reason = selectors.claim_ceiling(voucher)
    context = {
        "voucher": voucher,
        "claim": claim,
        "form": form,
        "may_send": may_send,
        "may_submit": may_submit,
        "files_again": posted and status == 400 and bool(request.FILES),
        "split": split,
        "ceiling": ceiling,
        "ceiling_reason": ceiling_reason,
        "submitter_side": selectors.submitter_side(voucher),
        "voucher_url": voucher_path(voucher),
        "files": [
            {"which": which, "label": label}
            for which, label in (
                ("invoice", _("Invoice")),
                ("delivery", _("Proof of delivery")),
                ("co_payment", _("Proof of the enterprise's co-payment")),
            )
            if claim is not None and getattr(claim, selectors.CLAIM_FILES[which])
        ],
    }
    return render(request, "vouchers/claims/claim.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def claim_file(request: HttpRequest, code: str, which: str) -> HttpResponseBase:
    """One file of a voucher's claim, for its two sides, programme staff and finance."""
    voucher = _voucher_or_404(request, code)
    field = selectors.CLAIM_FILES.get(which)
    claim = selectors.claim_of(voucher)
    if field is None or claim is None:
        raise Http404
    fieldfile = getattr(claim, field)
    extension = fieldfile.name.rsplit(".", 1)[-1].lower() if fieldfile.name else ""
    content_type = next(
        (
            kind.content_type
            for kind in (KINDS[name] for name in services.CLAIM_FILE_TYPES)
            if extension in kind.extensions
        ),
        "application/octet-stream",
    )
    name = sanitize_original_name(f"{voucher.code}-{which}.{extension or 'pdf'}")
    return serve_protected_file(fieldfile, filename=name, content_type=content_type)
