"""The download of a generated agreement version by the beneficiary (the agreement page,
with its versions and their signature, is the signature's: ``grants.signature.views``).

Only members of the organisation find it (anyone else gets 404).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from grants.agreements import selectors
from grants.models import Award
from grants.offers import selectors as offer_selectors
from socialtech.documents.responses import serve_protected_file


def _award_or_404(request: HttpRequest, pk: int) -> Award:
    try:
        return offer_selectors.award_for_member(user=request.user, pk=pk)
    except Award.DoesNotExist:
        raise Http404(_("None of your organisations has this award.")) from None


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
