"""The vouchers' pages for the enterprise's and the provider's members: the list of their
vouchers with a box to find one by its code, the page of one voucher, and its PDF.

A code with a wrong check character is answered "mistyped" before any lookup; a code of a
voucher the person may not see is a plain 404, as for one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from applications.selectors import format_money, valid_timezone, zoned
from socialtech.documents.responses import serve_protected_file
from vouchers.access import (
    is_programme_staff,
    may_act_for_enterprise,
    may_act_for_provider,
    voucher_for_viewer,
)
from vouchers.codes import is_valid_voucher_code, normalise_voucher_code
from vouchers.issuance import selectors
from vouchers.issuance.forms import VoucherCodeForm
from vouchers.models import Voucher
from vouchers.money import voucher_cost_split

TIMEZONE_COOKIE = "tz"


def _zone(request: HttpRequest) -> str | None:
    return valid_timezone(getattr(request.user, "timezone", "")) or valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


def _voucher_or_404(request: HttpRequest, code: str) -> Voucher:
    try:
        return voucher_for_viewer(user=request.user, code=code)
    except Voucher.DoesNotExist:
        raise Http404(_("None of your organisations has this voucher.")) from None


def _mistyped(request: HttpRequest, code: str) -> HttpResponse:
    form = VoucherCodeForm({"code": code})
    form.is_valid()
    return render(request, "vouchers/mistyped.html", {"typed": code, "form": form}, status=404)


@login_required
@require_GET
def voucher_list(request: HttpRequest) -> HttpResponse:
    """The vouchers of the person's organisations and those their providers hold."""
    form = VoucherCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("vouchers_detail", code=form.cleaned_data["code"])
    zone = _zone(request)
    page = Paginator(selectors.vouchers_for_member_list(request.user), selectors.LIST_PAGE_SIZE)
    page_object = page.get_page(request.GET.get("page"))
    rows = [
        {
            "voucher": voucher,
            "value": format_money(voucher.value),
            "valid_until": zoned(voucher.expires_at, call=voucher.scheme.call, viewer_zone=zone),
        }
        for voucher in page_object
    ]
    return render(
        request,
        "vouchers/list.html",
        {"rows": rows, "page": page_object, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def voucher_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One voucher: its state, money, validity, provider and scope, PDF, and the steps of
    its redemption and claim."""
    normalised = normalise_voucher_code(code)
    if not is_valid_voucher_code(normalised):
        return _mistyped(request, code)
    if normalised != code:
        return redirect("vouchers_detail", code=normalised)
    voucher = _voucher_or_404(request, normalised)
    call = voucher.scheme.call
    zone = _zone(request)
    split = voucher_cost_split(voucher)
    context: dict[str, Any] = {
        "voucher": voucher,
        "acts_for_enterprise": may_act_for_enterprise(request.user, voucher),
        "acts_for_provider": may_act_for_provider(request.user, voucher),
        "is_staff": is_programme_staff(request.user),
        "claim": selectors.claim_of(voucher),
        "call": call,
        "value": format_money(voucher.value),
        "co_funding": f"{voucher.co_funding_percent.normalize():f}",
        "categories": selectors.category_labels(voucher.scheme.service_categories),
        "issued": zoned(voucher.issued_at, call=call, viewer_zone=zone),
        "valid_until": zoned(voucher.expires_at, call=call, viewer_zone=zone),
        "ended": zoned(voucher.ended_at, call=call, viewer_zone=zone) if voucher.ended_at else None,
        "split": {
            "price": format_money(split.price),
            "enterprise": format_money(split.enterprise_pays),
            "voucher": format_money(split.voucher_pays),
        }
        if split
        else None,
    }
    return render(request, "vouchers/detail.html", context)


@login_required
@require_GET
def voucher_pdf(request: HttpRequest, code: str) -> HttpResponseBase:
    """The voucher's PDF, to the people who see the voucher; a 404 to anyone else."""
    normalised = normalise_voucher_code(code)
    if not is_valid_voucher_code(normalised):
        raise Http404(_("This voucher code is mistyped."))
    voucher = _voucher_or_404(request, normalised)
    document = voucher.document
    if document is None:
        raise Http404(_("The voucher's PDF is being prepared."))
    return serve_protected_file(
        document.file, filename=document.filename, content_type="application/pdf"
    )
