"""The receipt PDF download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from applications import selectors
from applications.receipts.tasks import send_receipt
from applications.views import (
    application_or_404,
)
from socialtech.documents.responses import serve_protected_file
from socialtech.tasks import enqueue_on_commit


@login_required
@require_GET
def application_receipt(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The receipt PDF, for members of the organisation.

    The receipt task makes it after submission; no PDF is rendered in this request. Until
    the task has run, the confirmation page says so and the task is queued again (it makes
    the PDF once and sends the e-mail once, however often it runs).
    """
    application = application_or_404(request, pk)
    if not application.receipt_number:
        raise Http404(_("This application has no receipt: it was not submitted."))
    document = selectors.receipt_document(application)
    if document is None:
        enqueue_on_commit(
            send_receipt, tenant_id=application.tenant_id, application_id=application.pk
        )
        messages.info(
            request,
            _(
                "The receipt PDF cannot be made right now. Your submission is recorded: the details are below."
            ),
        )
        return redirect("application_confirmation", pk=application.pk)
    return serve_protected_file(
        document.file, filename=document.filename, content_type="application/pdf"
    )
