"""The beneficiary's agreement page: the generated versions and their download.

Only members of the organisation find the page (anyone else gets 404). The IBAN is shown
masked: the full number is for finance staff.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from applications.selectors import format_money
from grants.agreements import selectors
from grants.banking import iban_for
from grants.models import Award, BankAccount
from grants.offers import selectors as offer_selectors
from socialtech.documents.responses import serve_protected_file


def _award_or_404(request: HttpRequest, pk: int) -> Award:
    try:
        return offer_selectors.award_for_member(user=request.user, pk=pk)
    except Award.DoesNotExist:
        raise Http404(_("None of your organisations has this award.")) from None


@login_required
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award_or_404(request, pk)
    account = BankAccount.objects.filter(award=award).first()
    return render(
        request,
        "grants/agreement.html",
        {
            "award": award,
            "call": award.call,
            "amount": format_money(award.amount),
            "iban": iban_for(request.user, account.iban) if account else "",
            "agreements": list(selectors.agreements_of_award(award)),
        },
    )


@login_required
@require_GET
def agreement_download(request: HttpRequest, pk: int, version: int) -> HttpResponseBase:
    award = _award_or_404(request, pk)
    agreement = selectors.agreement_of(award, version)
    if agreement is None:
        raise Http404(_("This agreement has not been generated."))
    document = agreement.document
    return serve_protected_file(
        document.file, filename=document.filename, content_type="application/pdf"
    )
