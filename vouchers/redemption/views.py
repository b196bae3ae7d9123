"""The redemption's pages: the enterprise chooses a provider, the provider answers, both
confirm the delivery, and the provider's list of work.

A voucher's pages are found by its code (as typed: case and dashes aside); anyone who may
not see the voucher, and a mistyped code, get 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.selectors import valid_timezone, zoned
from vouchers.access import may_act_for_enterprise, may_act_for_provider, voucher_for_viewer
from vouchers.codes import is_valid_voucher_code, normalise_voucher_code
from vouchers.errors import VoucherError
from vouchers.models import ServiceProvider, Voucher, VoucherStatus
from vouchers.money import euros, voucher_cost_split
from vouchers.redemption import selectors, services
from vouchers.redemption.forms import AnswerForm, ChooseProviderForm

V = VoucherStatus
WORK_PAGE_SIZE = 25
TIMEZONE_COOKIE = "tz"


def _zone(request: HttpRequest) -> str | None:
    return valid_timezone(getattr(request.user, "timezone", "")) or valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


def voucher_or_404(request: HttpRequest, code: str) -> Voucher:
    """The voucher of ``code`` when the user may see it; 404 otherwise, and for a code
    whose check character does not match."""
    normalised = normalise_voucher_code(code)
    if not is_valid_voucher_code(normalised):
        raise Http404(_("This is not a voucher code."))
    try:
        return voucher_for_viewer(user=request.user, code=normalised)
    except Voucher.DoesNotExist:
        raise Http404(_("None of your organisations has this voucher.")) from None


def _facts(request: HttpRequest, voucher: Voucher) -> dict[str, Any]:
    return {
        "voucher": voucher,
        "expires": zoned(voucher.expires_at, call=voucher.scheme.call, viewer_zone=_zone(request)),
        "value": euros(voucher.value),
        "split": voucher_cost_split(voucher),
        "voucher_url": selectors.voucher_path(voucher),
    }


def _show_error(form: Any, error: VoucherError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- The enterprise chooses ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def choose_provider(request: HttpRequest, code: str) -> HttpResponse:
    voucher = voucher_or_404(request, code)
    may_choose = (
        may_act_for_enterprise(request.user, voucher)
        and voucher.status == V.ISSUED
        and voucher.expires_at > timezone.now()
    )
    form = ChooseProviderForm(request.POST if request.method == "POST" else None, voucher=voucher)
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            price = form.cleaned_data["agreed_price"]
            preview = voucher_cost_split(voucher, price)
            if "preview" not in request.POST:
                provider = ServiceProvider.objects.filter(pk=form.cleaned_data["provider"]).first()
                if provider is None:
                    form.add_error("provider", _("Choose a provider from the list."))
                else:
                    try:
                        services.provider_select(
                            voucher=voucher,
                            provider=provider,
                            category=form.cleaned_data["category"],
                            scope=form.cleaned_data["scope"],
                            agreed_price=price,
                            by=request.user,
                        )
                    except VoucherError as error:
                        _show_error(form, error)
                    else:
                        messages.success(
                            request,
                            _(
                                "%(provider)s is asked to accept the work; you will be e-mailed its answer."
                            )
                            % {"provider": provider.organisation.legal_name},
                        )
                        return redirect(selectors.voucher_path(voucher))
        if form.errors:
            status = 400
    context = {
        **_facts(request, voucher),
        "form": form,
        "preview": preview,
        "may_choose": may_choose,
        "may_withdraw": may_act_for_enterprise(request.user, voucher)
        and voucher.status == V.PROVIDER_SELECTED,
        "directory_url": selectors.directory_path(),
        "is_expired": voucher.expires_at <= timezone.now(),
        "co_funding_percent": voucher.co_funding_percent,
    }
    return render(request, "vouchers/redemption/choose.html", context, status=status)


@login_required
@require_POST
def withdraw_provider(request: HttpRequest, code: str) -> HttpResponse:
    voucher = voucher_or_404(request, code)
    try:
        services.provider_selection_withdraw(voucher=voucher, by=request.user)
    except VoucherError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your choice of provider is withdrawn; you may choose again."))
    return redirect("vouchers_choose_provider", code=voucher.code)


# --- The provider answers ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def provider_answer(request: HttpRequest, code: str) -> HttpResponse:
    voucher = voucher_or_404(request, code)
    may_answer = (
        may_act_for_provider(request.user, voucher) and voucher.status == V.PROVIDER_SELECTED
    )
    form = AnswerForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            try:
                services.provider_answer(
                    voucher=voucher,
                    accept=accept,
                    by=request.user,
                    message=form.cleaned_data["message"],
                )
            except VoucherError as error:
                _show_error(form, error)
            else:
                messages.success(
                    request,
                    _("You accepted the work; the enterprise is e-mailed.")
                    if accept
                    else _("You declined the work; the enterprise is e-mailed."),
                )
                return redirect("vouchers_work")
        status = 400
    context = {**_facts(request, voucher), "form": form, "may_answer": may_answer}
    return render(request, "vouchers/redemption/answer.html", context, status=status)


# --- Both confirm the delivery -------------------------------------------------------------


@login_required
@require_POST
def confirm_delivery(request: HttpRequest, code: str) -> HttpResponse:
    voucher = voucher_or_404(request, code)
    try:
        services.delivery_confirm(voucher=voucher, by=request.user)
    except VoucherError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your confirmation of the delivery is recorded."))
    return redirect(selectors.voucher_path(voucher))


# --- The provider's work -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def work(request: HttpRequest) -> HttpResponse:
    vouchers = selectors.provider_work(request.user)
    counts = selectors.work_counts(vouchers)
    group = request.GET.get("group", "")
    if group not in selectors.WORK_GROUPS:
        group = next((name for name, count in counts.items() if count), "to_answer")
    page = Paginator(selectors.work_group(vouchers, group), WORK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = {
        "to_answer": _("To answer"),
        "in_delivery": _("In delivery"),
        "to_claim": _("To claim"),
        "claimed": _("Claimed"),
    }
    context = {
        "groups": [
            {"name": name, "label": labels[name], "count": counts[name], "current": name == group}
            for name in selectors.WORK_GROUPS
        ],
        "group": group,
        "group_label": labels[group],
        "page": page,
        "filter_query": f"group={group}",
    }
    return render(request, "vouchers/redemption/work.html", context)
