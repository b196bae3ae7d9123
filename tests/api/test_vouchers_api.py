"""``/api/v1/vouchers/``: who sees which voucher, by code, with a mistyped code caught."""

from __future__ import annotations

from decimal import Decimal

from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.factories import UserFactory
from tests.vouchers.factories import ProviderFactory, VoucherFactory

URL = "/api/v1/vouchers/"
VOUCHER_KEYS = {
    "code", "call", "organisation", "organisation_name", "status", "value",
    "co_funding_percent", "issued_at", "expires_at", "category", "provider", "scope",
    "agreed_price", "delivery_confirmed_by_enterprise_at", "delivery_confirmed_by_provider_at",
    "verification_code", "role", "claim",
}  # fmt: skip


def _member(organisation, role="owner"):
    from organisations.models import OrganisationMember

    user = UserFactory()
    OrganisationMember.objects.create(organisation=organisation, user=user, role=role)
    return user


def test_beneficiary_and_provider_each_see_the_voucher_and_a_stranger_does_not(tenant_a, client):
    with tenant_context(tenant_a):
        provider = ProviderFactory(tenant=tenant_a)
        voucher = VoucherFactory(
            tenant=tenant_a,
            provider=provider,
            status="in_delivery",
            category="training",
            scope="Two-day training on shared calendars",
            agreed_price=Decimal("4500.00"),
        )
        VoucherFactory(tenant=tenant_a)  # another enterprise's
    beneficiary = _member(voucher.organisation)
    provider_member = _member(provider.organisation, role="editor")

    login(client, beneficiary)
    page = client.get(URL).json()
    assert page["count"] == 1
    (row,) = page["results"]
    assert set(row) == VOUCHER_KEYS
    assert (row["code"], row["status"], row["value"], row["role"]) == (
        voucher.code,
        "in_delivery",
        "5000.00",
        "beneficiary",
    )
    assert row["provider"] == {
        "id": provider.pk,
        "name": provider.organisation.legal_name,
        "country": "DE",
    }
    assert row["agreed_price"] == "4500.00" and row["claim"] is None

    login(client, provider_member)
    assert [item["role"] for item in client.get(URL).json()["results"]] == ["provider"]
    assert client.get(f"{URL}{voucher.code}/").json()["code"] == voucher.code
    assert client.get(URL, {"role": "beneficiary"}).json()["count"] == 0

    login(client, UserFactory())
    assert client.get(URL).json()["count"] == 0
    missing = client.get(f"{URL}{voucher.code}/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_a_mistyped_code_is_named_as_such_and_a_typed_form_of_a_code_is_found(tenant_a, client):
    with tenant_context(tenant_a):
        voucher = VoucherFactory(tenant=tenant_a)
    login(client, _member(voucher.organisation))
    last = voucher.code[-1]
    wrong = "2" if last != "2" else "3"
    mistyped = client.get(f"{URL}{voucher.code[:-1]}{wrong}/")
    assert mistyped.status_code == 404
    assert mistyped.json()["code"] == "voucher_code_mistyped"
    assert "check each character" in mistyped.json()["detail"]
    typed = voucher.code.lower().replace("-", "")
    assert client.get(f"{URL}{typed}/").json()["code"] == voucher.code


def test_staff_see_every_voucher_and_filters_refuse_unknown_values(tenant_a, client, alice):
    with tenant_context(tenant_a):
        for _ in range(3):
            VoucherFactory(tenant=tenant_a)
        VoucherFactory(tenant=tenant_a, status="expired")
    login(client, alice, mfa=True)
    assert client.get(URL).json()["count"] == 4
    assert client.get(URL, {"status": "expired"}).json()["count"] == 1
    refused = client.get(URL, {"status": "lost"})
    assert refused.status_code == 400 and "status" in refused.json()["errors"]


def test_the_list_costs_the_same_queries_for_many_vouchers(
    tenant_a, client, django_assert_max_num_queries
):
    with tenant_context(tenant_a):
        first = VoucherFactory(tenant=tenant_a)
        organisation = first.organisation
        scheme = first.scheme
        scheme.max_vouchers_per_organisation = 50
        scheme.save()
        for _ in range(15):
            VoucherFactory(
                tenant=tenant_a,
                scheme=scheme,
                application__organisation=organisation,
                provider=ProviderFactory(tenant=tenant_a),
            )
    login(client, _member(organisation))
    client.get(URL)
    with django_assert_max_num_queries(12):
        page = client.get(URL).json()
    assert page["count"] == 16


# --- POST /api/v1/vouchers/{code}/claims/ ----------------------------------------------------


def _claim_data(**changes):
    from tests.vouchers.redemption_setup import pdf, png

    data = {
        "amount": "3840.00",
        "invoice_number": "INV-2026-7",
        "invoice_date": "2026-11-30",
        "invoice": pdf(),
        "delivery_proof": pdf("report.pdf"),
        "co_payment_proof": png(),
        "note": "Delivered on 28 November.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_provider_submits_the_claim_over_the_api_and_a_claim_over_value_is_refused(
    tenant_a, client
):
    from tests.vouchers.redemption_setup import delivered, parties

    with tenant_context(tenant_a):
        people = parties(tenant_a)
        delivered(people)
    url = f"{URL}{people.voucher.code}/claims/"

    login(client, people.enterprise_owner)
    wrong_side = client.post(url, _claim_data())
    assert wrong_side.status_code == 403 and wrong_side.json()["code"] == "wrong_side"

    login(client, people.provider_owner)
    over = client.post(url, _claim_data(amount="6000.00"))
    assert over.status_code == 400
    assert over.json()["code"] == "amount_above_value"
    assert over.json()["errors"]["amount"] == [
        "The amount claimed, EUR 6,000.00, is more than the voucher's value, EUR 5,000.00."
    ]
    missing = client.post(url, _claim_data(invoice=None))
    assert missing.status_code == 400 and "invoice" in missing.json()["errors"]

    made = client.post(url, _claim_data())
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "submitted" and made.json()["amount"] == "3840.00"
    assert client.get(f"{URL}{people.voucher.code}/").json()["status"] == "claim_submitted"
    again = client.post(url, _claim_data())
    assert again.status_code == 409 and again.json()["code"] == "wrong_claim_state"


def test_a_claim_sent_back_is_submitted_again_with_only_what_changed(tenant_a, client, alice):
    from tests.vouchers.redemption_setup import delivered, parties
    from vouchers.claims.services import claim_request_changes
    from vouchers.models import Claim

    with tenant_context(tenant_a):
        people = parties(tenant_a)
        delivered(people)
    url = f"{URL}{people.voucher.code}/claims/"
    login(client, people.provider_owner)
    assert client.post(url, _claim_data()).status_code == 201
    with tenant_context(tenant_a):
        claim_request_changes(
            claim=Claim.objects.get(voucher=people.voucher), by=alice, note="Invoice unsigned."
        )

    again = client.post(url, {"invoice_number": "INV-2026-7B"})

    assert again.status_code == 200, again.json()
    assert (again.json()["status"], again.json()["invoice_number"]) == ("submitted", "INV-2026-7B")
    assert again.json()["amount"] == "3840.00"
