from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from socialtech.documents import selectors
from socialtech.documents.forms import DocumentVerifyForm
from socialtech.documents.permissions import can_download
from socialtech.documents.responses import serve_protected_file


@login_required
@require_GET
def document_download(request: HttpRequest, code: str) -> FileResponse:
    """The PDF, to its owner and to staff of its programme; a 404 to everyone else."""
    document = selectors.document_for_code(code=code)
    if document is None or not can_download(request.user, document):
        raise Http404
    return serve_protected_file(
        document.file, filename=document.filename, content_type="application/pdf"
    )


@require_http_methods(["GET", "POST"])
def document_verify(request: HttpRequest) -> HttpResponse:
    """Public: is the document with this code genuine, and is this file the one issued?"""
    verification = None
    if request.method == "POST":
        form = DocumentVerifyForm(request.POST, request.FILES)
    elif "code" in request.GET:
        # Links printed in documents carry the code, so a reader lands on the answer.
        form = DocumentVerifyForm(request.GET)
    else:
        form = DocumentVerifyForm()
    if form.is_bound and form.is_valid():
        checked = form.cleaned_data.get("file")
        verification = selectors.document_verify(
            code=form.cleaned_data["code"], sha256=checked.sha256 if checked else None
        )
    return render(request, "documents/verify.html", {"form": form, "verification": verification})
