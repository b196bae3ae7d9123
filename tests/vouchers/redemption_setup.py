"""The people and rows of a voucher's redemption, for the redemption, claims and expiry tests.

``parties(tenant)``: an issued voucher (scheme value EUR 5,000.00, co-funding 20 %) whose
enterprise has an owner, an accredited provider (digital audit) with its owner, and a
stranger with an organisation of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import OrganisationMember
from tests.factories import UserFactory
from tests.vouchers.factories import (
    AccreditationFactory,
    OwnVatOrganisationFactory,
    ProviderFactory,
    VoucherFactory,
)
from vouchers.models import ServiceCategory, Voucher
from vouchers.redemption.services import delivery_confirm, provider_answer, provider_select

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "invoice.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name: str = "receipt.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@dataclass
class Parties:
    voucher: Voucher
    enterprise_owner: Any
    provider: Any
    provider_owner: Any
    stranger: Any


def member(organisation: Any, role: str = "owner", **user: Any) -> Any:
    person = UserFactory(**user)
    OrganisationMember.objects.create(organisation=organisation, user=person, role=role)
    return person


def parties(tenant: Any, **voucher: Any) -> Parties:
    made = VoucherFactory(tenant=tenant, **voucher)
    provider = ProviderFactory(tenant=tenant)
    AccreditationFactory(tenant=tenant, provider=provider, category=ServiceCategory.DIGITAL_AUDIT)
    stranger_organisation = OwnVatOrganisationFactory()
    return Parties(
        voucher=made,
        enterprise_owner=member(made.organisation, full_name="Elena Enterprise"),
        provider=provider,
        provider_owner=member(provider.organisation, full_name="Paul Provider"),
        stranger=member(stranger_organisation, full_name="Stan Stranger"),
    )


def selected(people: Parties, price: str = "4800.00") -> Voucher:
    return provider_select(
        voucher=people.voucher,
        provider=people.provider,
        category=ServiceCategory.DIGITAL_AUDIT,
        scope="Digital audit of the enterprise's processes, two days on site, written report.",
        agreed_price=Decimal(price),
        by=people.enterprise_owner,
    )


def delivering(people: Parties, price: str = "4800.00") -> Voucher:
    selected(people, price)
    return provider_answer(
        voucher=people.voucher, accept=True, by=people.provider_owner, message="Gladly."
    )


def delivered(people: Parties, price: str = "4800.00") -> Voucher:
    delivering(people, price)
    delivery_confirm(voucher=people.voucher, by=people.enterprise_owner)
    return delivery_confirm(voucher=people.voucher, by=people.provider_owner)
