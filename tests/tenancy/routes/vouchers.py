"""Isolation entries for the vouchers pages and API (see tests/tenancy/test_isolation.py).

Programme A gets a voucher (with its PDF) its enterprise and an accredited provider have
delivered and claimed; Charlie, staff of programme B, must get 404 for every page of that voucher (by
its code), of the provider, and for each back-office row, and must not find the voucher
or the provider in B's lists and directory.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from socialtech.tenancy.context import tenant_context
from tests.tenancy.kinds import ObjectPage, OwnList
from tests.vouchers.redemption_setup import delivered, parties, pdf, png
from vouchers.claims.services import claim_submit
from vouchers.issuance.jobs import voucher_document_make
from vouchers.models import Accreditation, Claim, ServiceProvider, Voucher, VoucherScheme


def _code(objects: dict[str, Any]) -> dict[str, Any]:
    return {"code": objects["vouchers_voucher"].code}


def _claim_file(objects: dict[str, Any]) -> dict[str, Any]:
    return {**_code(objects), "which": "invoice"}


def _voucher_code(objects: dict[str, Any]) -> str:
    return str(objects["vouchers_voucher"].code)


def _provider_name(objects: dict[str, Any]) -> str:
    return str(objects["vouchers_provider"].organisation.legal_name)


ROUTES: dict[str, Any] = {
    "vouchers_list": OwnList(_voucher_code),
    "vouchers_detail": ObjectPage(_code),
    "vouchers_pdf": ObjectPage(_code),
    "vouchers_choose_provider": ObjectPage(_code),
    "vouchers_withdraw_provider": ObjectPage(_code, method="post"),
    "vouchers_provider_answer": ObjectPage(_code),
    "vouchers_confirm_delivery": ObjectPage(_code, method="post"),
    "vouchers_claim": ObjectPage(_code),
    "vouchers_claim_file": ObjectPage(_claim_file),
    "vouchers_work": OwnList(_voucher_code),
    "vouchers_directory": OwnList(_provider_name),
    "vouchers_provider": ObjectPage(lambda objects: {"pk": objects["vouchers_provider"].pk}),
    "vouchers_provider_apply": OwnList(_provider_name),
    "voucher-list": OwnList(_voucher_code),
    "voucher-detail": ObjectPage(_code),
    "api_voucher_claims": ObjectPage(_code, method="post"),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        people = parties(tenant_a)
        voucher = delivered(people)
        claim = claim_submit(
            voucher=voucher,
            by=people.provider_owner,
            amount=Decimal("3840.00"),
            invoice_number="ISO-2026-001",
            invoice_date=date(2026, 3, 2),
            invoice=pdf(),
            delivery_proof=pdf("report.pdf"),
            co_payment_proof=png(),
            note="",
        )
        # The PDF is made after issuing; with it the PDF page has a file to refuse.
        voucher_document_make(voucher_id=voucher.pk)
        voucher.refresh_from_db()
        objects["vouchers_voucher"] = voucher
        objects["vouchers_scheme"] = voucher.scheme
        objects["vouchers_provider"] = people.provider
        objects["vouchers_accreditation"] = Accreditation.objects.get(provider=people.provider)
        objects["vouchers_claim"] = claim


ADMIN_OBJECTS = {
    Accreditation: lambda objects: objects["vouchers_accreditation"],
    Claim: lambda objects: objects["vouchers_claim"],
    ServiceProvider: lambda objects: objects["vouchers_provider"],
    Voucher: lambda objects: objects["vouchers_voucher"],
    VoucherScheme: lambda objects: objects["vouchers_scheme"],
}
