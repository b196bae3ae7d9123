"""The claim's page (multipart, typing kept on a refusal, files to choose again), its files
for the two sides, staff and finance only, and the back office's claim pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from tests.vouchers.redemption_setup import PDF, delivered, parties, pdf, png
from vouchers.claims.services import claim_request_changes, claim_submit
from vouchers.models import Claim, ClaimStatus, Voucher, VoucherStatus

C = ClaimStatus


@pytest.fixture
def finance(tenant_a: Any) -> Any:
    user = UserFactory(email="fiona@example.org", full_name="Fiona Finance")
    MembershipFactory(tenant=tenant_a, user=user, role="finance")
    return user


@pytest.fixture
def people(in_tenant_a: Any) -> Any:
    made = parties(in_tenant_a)
    delivered(made)
    return made


def form(**changes: Any) -> dict[str, Any]:
    return {
        "amount": "3840.00",
        "invoice_number": "2026-041",
        "invoice_date": timezone.localdate().isoformat(),
        "invoice": pdf(),
        "delivery_proof": pdf("report.pdf"),
        "co_payment_proof": png(),
        "note": "Thank you.",
        **changes,
    }


def submitted(people: Any) -> Claim:
    return claim_submit(
        voucher=people.voucher,
        by=people.provider_owner,
        amount="3840.00",
        invoice_number="2026-041",
        invoice_date=timezone.localdate(),
        invoice=pdf(),
        delivery_proof=pdf("report.pdf"),
        co_payment_proof=png(),
        note="",
    )


def test_the_provider_submits_the_claim_on_its_page(people: Any) -> None:
    client = login(Client(), people.provider_owner)
    url = reverse("vouchers_claim", args=[people.voucher.code])
    page = client.get(url)
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_invoice">' in html
    assert "EUR 3,840.00" in html  # the most the claim may ask
    answer = client.post(url, form())
    assert answer.status_code == 302
    claim = Claim.objects.get(voucher=people.voucher)
    assert (str(claim.amount), claim.invoice_number, claim.note) == (
        "3840.00",
        "2026-041",
        "Thank you.",
    )
    shown = client.get(url).content.decode()
    assert "Your claim is submitted" in shown
    assert 'data-claim-status="submitted"' in shown


def test_a_refused_claim_keeps_the_typing_and_asks_for_the_files_again(people: Any) -> None:
    client = login(Client(), people.provider_owner)
    page = client.post(
        reverse("vouchers_claim", args=[people.voucher.code]),
        form(amount="6000.00", invoice_number="INV-77"),
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert (
        "The amount claimed, EUR 6,000.00, is more than the voucher&#x27;s value, EUR 5,000.00."
        in html
    )
    assert 'value="INV-77"' in html
    assert 'value="6000.00"' in html
    assert "choose the files again" in html
    assert not Claim.objects.exists()


def test_the_enterprise_cannot_submit_a_providers_claim_on_the_page(people: Any) -> None:
    client = login(Client(), people.enterprise_owner)
    url = reverse("vouchers_claim", args=[people.voucher.code])
    assert 'name="invoice"' not in client.get(url).content.decode()
    refused = client.post(url, form())
    assert refused.status_code == 400
    assert "submitted by the provider" in refused.content.decode()
    assert not Claim.objects.exists()


def test_the_claims_files_are_served_to_its_two_sides_staff_and_finance_only(
    people: Any, alice: Any, finance: Any
) -> None:
    submitted(people)
    url = reverse("vouchers_claim_file", args=[people.voucher.code, "invoice"])
    for reader in (people.provider_owner, people.enterprise_owner, alice, finance):
        answer = login(Client(), reader).get(url)
        assert answer.status_code == 200, reader
        assert b"".join(answer.streaming_content) == PDF
        assert answer["Content-Type"] == "application/pdf"
    assert login(Client(), people.stranger).get(url).status_code == 404
    client = login(Client(), people.provider_owner)
    assert (
        client.get(
            reverse("vouchers_claim_file", args=[people.voucher.code, "passport"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("vouchers_claim_file", args=[people.voucher.code, "co_payment"])
        ).status_code
        == 200
    )


def test_a_claim_sent_back_shows_the_staff_note_and_is_submitted_again_on_the_page(
    people: Any, alice: Any
) -> None:
    claim_request_changes(
        claim=submitted(people), by=alice, note="Add the VAT number to the invoice."
    )
    client = login(Client(), people.provider_owner)
    url = reverse("vouchers_claim", args=[people.voucher.code])
    html = client.get(url).content.decode()
    assert "Add the VAT number to the invoice." in html
    assert 'value="2026-041"' in html
    assert "Leave empty to keep the file sent before" in html
    answer = client.post(
        url,
        {
            "amount": "3800.00",
            "invoice_number": "2026-041",
            "invoice_date": timezone.localdate().isoformat(),
            "invoice": pdf("fixed.pdf"),
        },
    )
    assert answer.status_code == 302
    claim = Claim.objects.get(voucher=people.voucher)
    assert (claim.status, str(claim.amount)) == (C.SUBMITTED, "3800.00")


# --- The back office ----------------------------------------------------------------------------


def test_staff_find_claims_by_status_and_code_and_see_the_voucher_and_files(
    people: Any, alice: Any
) -> None:
    claim = submitted(people)
    client = login(Client(), alice, mfa=True)
    listing = client.get(reverse("admin:vouchers_claim_changelist") + "?status__exact=submitted")
    assert listing.status_code == 200
    assert people.voucher.code in listing.content.decode()
    other = client.get(reverse("admin:vouchers_claim_changelist") + "?status__exact=verified")
    assert people.voucher.code not in other.content.decode()
    searched = client.get(reverse("admin:vouchers_claim_changelist") + f"?q={people.voucher.code}")
    assert people.voucher.code in searched.content.decode()
    page = client.get(reverse("admin:vouchers_claim_change", args=[claim.pk])).content.decode()
    assert reverse("vouchers_claim_file", args=[people.voucher.code, "invoice"]) in page
    assert reverse("admin:vouchers_claim_verify", args=[claim.pk]) in page
    assert reverse("admin:vouchers_claim_changes", args=[claim.pk]) in page
    assert reverse("admin:vouchers_claim_reimburse", args=[claim.pk]) not in page


def test_staff_ask_for_changes_only_with_a_note_in_the_back_office(people: Any, alice: Any) -> None:
    claim = submitted(people)
    client = login(Client(), alice, mfa=True)
    url = reverse("admin:vouchers_claim_changes", args=[claim.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"note": ""})
    assert refused.status_code == 400
    assert Claim.objects.get(pk=claim.pk).status == C.SUBMITTED
    done = client.post(url, {"note": "The proof of delivery is unsigned."})
    assert done.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == C.CHANGES_REQUESTED


def test_staff_verify_and_finance_reimburse_in_the_back_office(
    people: Any, alice: Any, finance: Any
) -> None:
    claim = submitted(people)
    staff = login(Client(), alice, mfa=True)
    assert (
        staff.post(
            reverse("admin:vouchers_claim_verify", args=[claim.pk]), {"note": ""}
        ).status_code
        == 302
    )
    assert Claim.objects.get(pk=claim.pk).status == C.VERIFIED
    reimburse = reverse("admin:vouchers_claim_reimburse", args=[claim.pk])
    assert staff.get(reimburse).status_code == 403
    money = login(Client(), finance, mfa=True)
    assert (
        reimburse
        in money.get(reverse("admin:vouchers_claim_change", args=[claim.pk])).content.decode()
    )
    assert money.get(reverse("admin:vouchers_claim_verify", args=[claim.pk])).status_code == 403
    future = money.post(reimburse, {"paid_on": "2999-01-01", "reference": "TRX-5"})
    assert future.status_code == 400
    assert "cannot be in the future" in future.content.decode()
    done = money.post(
        reimburse, {"paid_on": timezone.localdate().isoformat(), "reference": "TRX-5"}
    )
    assert done.status_code == 302
    assert Claim.objects.get(pk=claim.pk).reimbursement_reference == "TRX-5"
    assert Voucher.objects.get(pk=people.voucher.pk).status == VoucherStatus.REIMBURSED


def test_the_claim_list_reads_a_fixed_number_of_queries(
    in_tenant_a: Any, alice: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(Client(), alice, mfa=True)
    url = reverse("admin:vouchers_claim_changelist")

    def claims(count: int) -> None:
        for _ in range(count):
            made = parties(in_tenant_a)
            delivered(made)
            submitted(made)

    claims(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    claims(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('class="field-voucher_code"') == 14
