from __future__ import annotations

from typing import Any

from socialtech.documents.jobs import document_store
from socialtech.documents.models import StoredDocument
from socialtech.tenancy.context import tenant_context
from tests.tenancy.kinds import ObjectPage, Public

ROUTES = {
    "document_verify": Public("answers only for codes of the host's own programme"),
    "document_verify_short": Public("a redirect to document_verify, keeping the code"),
    "document_download": ObjectPage(lambda objects: {"code": objects["stored_document"].code}),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        objects["stored_document"] = document_store(
            kind="receipt",
            title="Isolation receipt",
            pdf_bytes=b"%PDF-1.4\n%%EOF\n",
            owner=alice,
            filename="receipt.pdf",
        )


ADMIN_OBJECTS = {StoredDocument: lambda objects: objects["stored_document"]}
