"""Rendering and storing the documents the platform issues: the work of the document task.

Each function is keyword-only and idempotent by its key; a service or another job may also
call them in place.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from socialtech.audit.services import audit_log
from socialtech.documents.models import (
    StoredDocument,
    generate_document_code,
    is_document_code,
    sha256_hex,
)
from socialtech.documents.pdf import render_pdf
from socialtech.documents.selectors import document_verify_link
from socialtech.documents.uploads import sanitize_original_name
from socialtech.tenancy.context import require_active_tenant

CODE_ATTEMPTS = 10


def document_code_new() -> str:
    """A verification code no document on the installation has yet.

    Render the PDF with it (the code is printed on every page), then pass it to
    :func:`document_store`.
    """
    for _attempt in range(CODE_ATTEMPTS):
        code = generate_document_code()
        if not StoredDocument.unscoped.filter(code=code).exists():
            return code
    raise RuntimeError("Could not find a free document code; the random source is broken.")


def _pdf_filename(filename: str) -> str:
    name = sanitize_original_name(filename, max_length=190)
    if not name.lower().endswith(".pdf"):
        name = f"{name}.pdf"
    return name


@transaction.atomic
def document_render(
    *,
    template_name: str,
    context: dict[str, Any],
    kind: str,
    title: str,
    owner: Any | None,
    filename: str,
    idempotency_key: str,
) -> StoredDocument:
    """Render ``template_name`` to PDF and store it in the active tenant, once per key.

    ``idempotency_key`` names what the document is about (``receipt:application:42``): a
    second call returns the document the first stored and renders nothing. The template
    receives ``context`` plus ``document_code`` and ``verify_link`` (the programme's page
    checking that code, printed as a link).
    """
    existing = StoredDocument.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    code = document_code_new()
    pdf_bytes = render_pdf(
        template_name,
        {
            **context,
            "document_code": code,
            "verify_link": document_verify_link(code=code),
            "title": context.get("title", title),
        },
    )
    return document_store(
        kind=kind,
        title=title,
        pdf_bytes=pdf_bytes,
        owner=owner,
        filename=filename,
        code=code,
        idempotency_key=idempotency_key,
    )


def document_store(
    *,
    kind: str,
    title: str,
    pdf_bytes: bytes,
    owner: Any | None,
    filename: str,
    code: str | None = None,
    idempotency_key: str | None = None,
    actor: Any | None = None,
) -> StoredDocument:
    """Store a PDF the platform issued in the active tenant, with its SHA-256 and a code.

    ``code`` is the one printed in the PDF (from :func:`document_code_new`); a new one is
    drawn when it is not given. With ``idempotency_key`` a second call with the same key
    returns the document the first stored (even when both race). Refuses an empty file,
    bytes that are not a PDF, an unknown kind, a malformed or already used code.
    """
    tenant = require_active_tenant()
    if idempotency_key:
        try:
            return StoredDocument.objects.get(idempotency_key=idempotency_key)
        except StoredDocument.DoesNotExist:
            pass
    if not pdf_bytes:
        raise ValidationError({"file": _("The document is empty (0 bytes).")}, code="file_empty")
    if not bytes(pdf_bytes[:5]) == b"%PDF-":
        raise ValidationError({"file": _("The document is not a PDF file.")}, code="not_pdf")
    if code is not None:
        if not is_document_code(code):
            raise ValidationError(
                {"code": _("A document code looks like D7K2-9XQ4-MT3P.")}, code="invalid"
            )
        if StoredDocument.unscoped.filter(code=code).exists():
            raise ValidationError({"code": _("This document code is already used.")}, code="unique")
    document = StoredDocument(
        tenant=tenant,
        code=code or document_code_new(),
        kind=kind,
        title=" ".join(str(title).split()),
        filename=_pdf_filename(filename),
        sha256=sha256_hex(bytes(pdf_bytes)),
        size=len(pdf_bytes),
        owner=owner,
        idempotency_key=idempotency_key or None,
    )
    document.full_clean(exclude=["file"])
    # Storage is not transactional: if the caller's transaction rolls back later, the file
    # stays behind with no row pointing to it; it is never served, and cleanup can sweep it.
    document.file.save("document.pdf", ContentFile(bytes(pdf_bytes)), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # A concurrent call with the same key (or, astronomically rarely, the same code)
        # won the insert: drop our copy of the file and answer with theirs.
        document.file.delete(save=False)
        if idempotency_key:
            return StoredDocument.objects.get(idempotency_key=idempotency_key)
        raise
    audit_log(
        actor=actor,
        verb="document.stored",
        target=document,
        data={
            "code": document.code,
            "kind": document.kind,
            "sha256": document.sha256,
            "size": document.size,
        },
    )
    return document


def document_render_and_store(
    *,
    template_name: str,
    context: dict[str, Any],
    kind: str,
    title: str,
    owner_id: int | None,
    filename: str,
    idempotency_key: str,
) -> dict[str, Any]:
    """:func:`document_render` for ids: loads the owner, answers with the stored document's facts.

    A user who deleted their account since the work was queued: the document is kept for
    staff, with no owner.
    """
    owner = get_user_model().objects.filter(pk=owner_id).first() if owner_id else None
    document = document_render(
        template_name=template_name,
        context=context,
        kind=kind,
        title=title,
        owner=owner,
        filename=filename,
        idempotency_key=idempotency_key,
    )
    return {
        "id": document.pk,
        "code": document.code,
        "sha256": document.sha256,
        "size": document.size,
    }


__all__ = [
    "document_code_new",
    "document_render",
    "document_render_and_store",
    "document_store",
]
