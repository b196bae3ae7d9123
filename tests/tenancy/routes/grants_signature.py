"""Isolation entries for the signature pages (see tests/tenancy/test_isolation.py).

Programme A's agreement (built by ``grants_agreements``) gets a signature made as a row
with an uploaded copy; Charlie, staff of programme B, must get 404 for the agreement page,
the signing posts, the signed copy and the back-office signature.
"""

from __future__ import annotations

from typing import Any

from grants.models import Signature
from socialtech.tenancy.context import tenant_context
from tests.tenancy.kinds import ObjectPage


def _award(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["grants_award"].pk}


def _version(objects: dict[str, Any]) -> dict[str, Any]:
    return {**_award(objects), "version": 1}


ROUTES: dict[str, Any] = {
    "grants_agreement_sign": ObjectPage(_award, method="post"),
    "grants_agreement_upload": ObjectPage(_award, method="post"),
    "grants_agreement_signed_copy": ObjectPage(_version),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    agreement = objects["grants_agreement"]
    with tenant_context(tenant_a):
        objects["grants_signature"] = Signature.objects.create(
            agreement=agreement,
            method="upload",
            signed_by=alice,
            agreement_sha256=agreement.document.sha256,
            signed_file="signatures/alpha/isolation.pdf",
            signed_file_name="signed.pdf",
            signed_file_sha256="1" * 64,
        )


ADMIN_OBJECTS = {Signature: lambda objects: objects["grants_signature"]}
