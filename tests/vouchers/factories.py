"""Vouchers rows for tests: schemes on voucher calls, providers, vouchers in any state.

Organisations here get their own VAT numbers: the shared factory gives every organisation
the same one, which the self-dealing rule would read as one undertaking.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, TenantOwnedFactory, UserFactory
from vouchers.codes import generate_voucher_code
from vouchers.models import (
    Accreditation,
    ServiceCategory,
    ServiceProvider,
    Voucher,
    VoucherScheme,
)


class OwnVatOrganisationFactory(OrganisationFactory):
    vat_number = factory.Sequence(lambda n: f"IT{10000000000 + n:011d}")


class SchemeFactory(TenantOwnedFactory):
    class Meta:
        model = VoucherScheme

    call = factory.SubFactory(
        CallFactory,
        tenant=factory.SelfAttribute("..tenant"),
        kind="voucher",
        status="results",
        budget=Decimal("50000.00"),
    )
    value = Decimal("5000.00")
    co_funding_percent = Decimal("20.00")
    validity_months = 12
    service_categories = factory.LazyFunction(
        lambda: [category.value for category in ServiceCategory]
    )
    max_vouchers_per_organisation = 1
    budget = Decimal("50000.00")


class ProviderFactory(TenantOwnedFactory):
    class Meta:
        model = ServiceProvider

    organisation = factory.SubFactory(
        OwnVatOrganisationFactory,
        legal_name=factory.Sequence(lambda n: f"Digitale Beratung {n} GmbH"),
        country="DE",
    )
    profile = "Digital audits and training for social enterprises."
    languages = factory.LazyFunction(lambda: ["de", "en"])
    countries_served = factory.LazyFunction(lambda: ["DE", "AT"])
    contact_email = "hello@provider.example.org"
    references = "Werkstatt Nord eG: digital audit 2025"
    declarations_accepted_at = factory.LazyFunction(timezone.now)
    declarations_accepted_by = factory.SubFactory(UserFactory)


class AccreditationFactory(TenantOwnedFactory):
    class Meta:
        model = Accreditation

    provider = factory.SubFactory(ProviderFactory, tenant=factory.SelfAttribute("..tenant"))
    category = ServiceCategory.DIGITAL_AUDIT
    services = factory.LazyFunction(
        lambda: [{"service": "Digital audit, two days", "price": "4800.00"}]
    )
    status = "accredited"


class VoucherFactory(TenantOwnedFactory):
    class Meta:
        model = Voucher

    code = factory.LazyFunction(generate_voucher_code)
    scheme = factory.SubFactory(SchemeFactory, tenant=factory.SelfAttribute("..tenant"))
    application = factory.SubFactory(
        ApplicationFactory,
        tenant=factory.SelfAttribute("..tenant"),
        call=factory.SelfAttribute("..scheme.call"),
        organisation=factory.SubFactory(OwnVatOrganisationFactory),
        status="main_list",
        published_outcome="main_list",
    )
    organisation = factory.SelfAttribute("application.organisation")
    value = factory.SelfAttribute("scheme.value")
    co_funding_percent = factory.SelfAttribute("scheme.co_funding_percent")
    issued_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=365))
