"""The demo's vouchers: accredited providers in the directory, the schemes of both voucher
calls, and the audit voucher call's vouchers in every state, made through the services; a
second run changes nothing."""

from __future__ import annotations

import io
from collections import Counter

from django.core.management import call_command

from calls.models import Call
from demo.applications.specs import VOUCHER_CALL_SLUG
from demo.organisations import APPLICANT_EMAIL
from demo.vouchers.content import AUDIT_CALL_SLUG, PROVIDER_EMAIL
from organisations.models import OrganisationMember
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant
from vouchers.access import vouchers_of_member
from vouchers.codes import is_valid_voucher_code
from vouchers.models import (
    Accreditation,
    Claim,
    ServiceProvider,
    Voucher,
    VoucherScheme,
    VoucherStatus,
)
from vouchers.providers.selectors import accredited_providers

V = VoucherStatus


def test_the_demo_has_providers_schemes_and_vouchers_in_every_state_once(
    seeded_demo: str,
) -> None:
    out = io.StringIO()
    with tenant_context(Tenant.objects.get(slug="socialtech4eu")):
        before = (
            Voucher.objects.count(),
            Claim.objects.count(),
            Accreditation.objects.count(),
            AuditEvent.objects.count(),
        )
        call_command("seed_demo", stdout=out)
        assert (
            Voucher.objects.count(),
            Claim.objects.count(),
            Accreditation.objects.count(),
            AuditEvent.objects.count(),
        ) == before
        assert "vouchers: 4 accredited providers" in seeded_demo

        # Both voucher calls have their scheme; the audit call's results are published.
        open_scheme = VoucherScheme.objects.get(call__slug=VOUCHER_CALL_SLUG)
        audit_scheme = VoucherScheme.objects.get(call__slug=AUDIT_CALL_SLUG)
        assert (open_scheme.validity_months, str(open_scheme.co_funding_percent)) == (6, "20.00")
        assert Call.objects.get(slug=AUDIT_CALL_SLUG).status == "results"

        states = Counter(
            Voucher.objects.filter(scheme=audit_scheme).values_list("status", flat=True)
        )
        assert set(states) == set(V)
        assert all(
            is_valid_voucher_code(code) for code in Voucher.objects.values_list("code", flat=True)
        )
        # The twelfth applicant declared aid that the voucher would take over the ceiling.
        assert Voucher.objects.filter(scheme=audit_scheme).count() == 11
        # Claims: one to verify, one sent back, one verified, one reimbursed.
        assert Counter(Claim.objects.values_list("status", flat=True)) == {
            "submitted": 1,
            "changes_requested": 1,
            "verified": 1,
            "reimbursed": 1,
        }
        expired = Voucher.objects.get(scheme=audit_scheme, status=V.EXPIRED)
        assert (
            AuditEvent.objects.filter(object_id=str(expired.pk), verb="voucher_expired").count()
            == 1
        )

        # The directory lists the accredited providers only (not the applied, not the suspended).
        listed = {provider.organisation.legal_name for provider in accredited_providers()}
        assert "Nordic Impact Advisors AB" in listed and len(listed) == 4
        assert ServiceProvider.objects.count() == 6

        # The provider account has work: a voucher to answer, and vouchers delivered or claimed.
        provider_user = OrganisationMember.objects.get(
            user__email=PROVIDER_EMAIL, organisation__legal_name="Nordic Impact Advisors AB"
        ).user
        provider_states = Counter(
            vouchers_of_member(provider_user).values_list("status", flat=True)
        )
        assert provider_states[V.PROVIDER_SELECTED] == 1
        assert provider_states[V.CLAIM_SUBMITTED] + provider_states[V.VERIFIED] == 2
        # The applicant has a voucher to spend and one waiting for its provider's answer.
        applicant = OrganisationMember.objects.filter(user__email=APPLICANT_EMAIL).first().user
        applicant_states = Counter(vouchers_of_member(applicant).values_list("status", flat=True))
        assert applicant_states[V.ISSUED] == 1 and applicant_states[V.PROVIDER_SELECTED] == 1
