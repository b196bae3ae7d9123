"""The certificate's page: its PDF, to its learner (and the programme's staff) only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mooc.certificates import selectors
from socialtech.documents.responses import serve_protected_file


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The certificate's PDF, to its learner and the programme's staff; a 404 to anyone
    else, as for a certificate that does not exist."""
    certificate = selectors.certificate_for_viewer(user=request.user, pk=pk)
    if certificate is None:
        raise Http404(_("No such certificate."))
    document = certificate.document
    if document is None:
        raise Http404(_("The certificate's PDF is being prepared."))
    return serve_protected_file(
        document.file, filename=document.filename, content_type="application/pdf"
    )
