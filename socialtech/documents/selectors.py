"""Reads on stored documents."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlencode

from django.urls import reverse

from socialtech.documents.models import StoredDocument, is_document_code, normalise_document_code
from socialtech.documents.uploads import sha256_of
from socialtech.tenancy.context import get_active_tenant
from socialtech.tenancy.links import tenant_absolute_url


@dataclass(frozen=True)
class DocumentVerification:
    """The answer to "is this document genuine?"."""

    code: str
    document: StoredDocument | None
    file_checked: bool = False
    file_matches: bool | None = None

    @property
    def is_found(self) -> bool:
        return self.document is not None


def document_verify_link(*, code: str) -> str:
    """The public page that checks the document ``code``, on the active programme's own
    address (with ``PUBLIC_PORT``): printed in the document as a link."""
    path = f"{reverse('document_verify')}?{urlencode({'code': code})}"
    return tenant_absolute_url(get_active_tenant(), path)


def document_for_code(*, code: str) -> StoredDocument | None:
    """The active tenant's document with ``code`` (typed in any case, with or without dashes)."""
    normalised = normalise_document_code(code)
    if not is_document_code(normalised):
        return None
    return StoredDocument.objects.select_related("tenant").filter(code=normalised).first()


def document_verify(
    *,
    code: str,
    sha256: str | None = None,
    content: bytes | IO[bytes] | Any | None = None,
) -> DocumentVerification:
    """Whether ``code`` names a document of the active tenant, and whether a file matches it.

    Give the file as ``content`` (bytes or a file object, hashed in chunks) or its
    ``sha256`` in hex. A code of another tenant is not found: each programme vouches only
    for its own documents. This is a read: nothing is written, so a public page may call it.
    """
    normalised = normalise_document_code(code)
    document = document_for_code(code=normalised)
    if content is not None and sha256 is None:
        sha256 = sha256_of(content)
    if document is None or sha256 is None:
        return DocumentVerification(code=normalised, document=document)
    matches = hmac.compare_digest(sha256.strip().lower().encode(), document.sha256.encode())
    return DocumentVerification(
        code=normalised, document=document, file_checked=True, file_matches=matches
    )
