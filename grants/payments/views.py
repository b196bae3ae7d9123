"""The beneficiary's payments page: the award's tranches, what was paid and what is owed.

Only members of the organisation find the page (anyone else gets 404).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from grants.models import Award
from grants.offers import selectors as offer_selectors
from grants.payments import selectors


@login_required
@require_GET
def award_payments(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        award = offer_selectors.award_for_member(user=request.user, pk=pk)
    except Award.DoesNotExist:
        raise Http404(_("None of your organisations has this award.")) from None
    tranches = selectors.tranches_of(award)
    return render(
        request,
        "grants/payments/payments.html",
        {
            "award": award,
            "call": award.call,
            "tranches": tranches,
            "planned": [] if tranches else selectors.planned_tranches(award.amount, award.call),
            "money": selectors.award_money(award),
            "recovery_orders": selectors.recovery_orders_of(award),
            "reports": selectors.reports_of(award),
        },
    )
