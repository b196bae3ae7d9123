"""Isolation entries for the grant agreement pages (see tests/tenancy/test_isolation.py).

Programme A's award (built by ``grants``) gets a bank account, an agreement (its stored
document made as rows, no PDF rendered) and a batch; Charlie, staff of programme B, must
get 404 for the agreement page and its download, and for each back-office row.
"""

from __future__ import annotations

from typing import Any

from grants.models import Agreement, AgreementBatch, AgreementTemplate, BankAccount
from socialtech.documents.models import StoredDocument
from socialtech.tenancy.context import tenant_context
from tests.tenancy.kinds import ObjectPage


def _award(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["grants_award"].pk}


def _version(objects: dict[str, Any]) -> dict[str, Any]:
    return {**_award(objects), "version": 1}


ROUTES: dict[str, Any] = {
    "grants_agreement": ObjectPage(_award),
    "grants_agreement_download": ObjectPage(_version),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    award = objects["grants_award"]
    with tenant_context(tenant_a):
        template = AgreementTemplate.objects.create(
            name="Isolation agreement", language="en", body="<p>{{ organisation_name }}</p>"
        )
        document = StoredDocument.objects.create(
            code="ISAG-2345-6789",
            kind="agreement",
            title="Isolation agreement",
            file="documents/alpha/isolation.pdf",
            filename="agreement.pdf",
            sha256="0" * 64,
            size=10,
        )
        batch = AgreementBatch.objects.create(call=award.call, award_ids=[award.pk], total=1)
        objects["grants_agreement"] = Agreement.objects.create(
            award=award,
            template=template,
            template_version=1,
            language="en",
            document=document,
            batch=batch,
        )
        objects["grants_agreementtemplate"] = template
        objects["grants_agreementbatch"] = batch
        objects["grants_bankaccount"] = BankAccount.objects.create(
            award=award, holder="Isolation Grants Cooperative", iban="DE89370400440532013000"
        )


ADMIN_OBJECTS = {
    Agreement: lambda objects: objects["grants_agreement"],
    AgreementBatch: lambda objects: objects["grants_agreementbatch"],
    AgreementTemplate: lambda objects: objects["grants_agreementtemplate"],
    BankAccount: lambda objects: objects["grants_bankaccount"],
}
