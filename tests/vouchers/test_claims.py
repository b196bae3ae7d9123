"""Claims: the side the scheme names submits the invoice and the proofs once both sides
confirmed the delivery, never more than the voucher's value; staff verify or ask for
changes; finance record the reimbursement with a date and a reference."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from socialtech.audit.models import AuditEvent
from tests.factories import MembershipFactory, UserFactory
from tests.vouchers.redemption_setup import delivered, delivering, parties, pdf, png
from vouchers.claims.services import (
    claim_reimburse,
    claim_request_changes,
    claim_resubmit,
    claim_submit,
    claim_verify,
)
from vouchers.errors import VoucherError
from vouchers.models import Claim, ClaimStatus, Voucher, VoucherStatus
from vouchers.redemption.services import delivery_confirm

V = VoucherStatus
C = ClaimStatus
TODAY = timezone.localdate


@pytest.fixture
def finance(tenant_a: Any) -> Any:
    user = UserFactory(email="fiona@example.org", full_name="Fiona Finance")
    MembershipFactory(tenant=tenant_a, user=user, role="finance")
    return user


@pytest.fixture
def people(in_tenant_a: Any) -> Any:
    return parties(in_tenant_a)


def submit(people: Any, **changes: Any) -> Claim:
    arguments = {
        "voucher": people.voucher,
        "by": people.provider_owner,
        "amount": Decimal("3840.00"),
        "invoice_number": "2026-041",
        "invoice_date": TODAY(),
        "invoice": pdf(),
        "delivery_proof": pdf("report.pdf"),
        "co_payment_proof": png(),
        "note": "",
        **changes,
    }
    return claim_submit(**arguments)


def test_the_provider_submits_the_claim_and_staff_are_emailed(
    people: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivered(people)
    with django_capture_on_commit_callbacks(execute=True):
        claim = submit(people)
    assert Claim.objects.get(voucher=people.voucher) == claim
    assert claim.status == C.SUBMITTED
    assert claim.amount == Decimal("3840.00")
    assert claim.invoice.name.startswith("vouchers/claims/alpha/")
    assert claim.invoice.name.endswith(".pdf")
    assert claim.co_payment_proof.name.endswith(".png")
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.CLAIM_SUBMITTED
    assert AuditEvent.objects.filter(verb="claim_submitted", object_id=str(claim.pk)).count() == 1
    assert AuditEvent.objects.filter(verb="voucher_claim_submitted").count() == 1
    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert people.voucher.code in mail.outbox[0].subject
    assert "EUR 3,840.00" in mail.outbox[0].body


def test_a_claim_above_the_vouchers_value_is_refused_with_both_figures(people: Any) -> None:
    delivered(people, price="8000.00")
    with pytest.raises(VoucherError) as refused:
        submit(people, amount=Decimal("6000.00"))
    assert refused.value.message == (
        "The amount claimed, EUR 6,000.00, is more than the voucher's value, EUR 5,000.00."
    )
    assert refused.value.field == "amount"
    assert not Claim.objects.exists()
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.IN_DELIVERY


def test_a_claim_above_the_agreed_price_less_the_co_payment_is_refused(people: Any) -> None:
    delivered(people, price="4800.00")
    with pytest.raises(VoucherError) as refused:
        submit(people, amount=Decimal("4000.00"))
    assert refused.value.code == "amount_above_agreed_price"
    assert "EUR 4,800.00 − EUR 960.00 = EUR 3,840.00" in refused.value.message
    assert submit(people, amount=Decimal("3840.00")).amount == Decimal("3840.00")


def test_a_claim_before_both_sides_confirmed_the_delivery_is_refused(people: Any) -> None:
    delivering(people)
    delivery_confirm(voucher=people.voucher, by=people.enterprise_owner)
    with pytest.raises(VoucherError) as refused:
        submit(people)
    assert refused.value.code == "delivery_not_confirmed"
    assert "the provider has not yet" in refused.value.message
    assert not Claim.objects.exists()


def test_a_claim_from_the_wrong_side_is_refused(in_tenant_a: Any) -> None:
    by_provider = parties(in_tenant_a)
    delivered(by_provider)
    for outsider in (by_provider.enterprise_owner, by_provider.stranger):
        with pytest.raises(VoucherError) as refused:
            submit(by_provider, by=outsider)
        assert refused.value.code == "wrong_side"
    by_enterprise = parties(in_tenant_a, scheme__claim_submitter="enterprise")
    delivered(by_enterprise)
    with pytest.raises(VoucherError) as refused:
        submit(by_enterprise, by=by_enterprise.provider_owner)
    assert refused.value.code == "wrong_side"
    assert "enterprise's owners and editors" in refused.value.message
    assert submit(by_enterprise, by=by_enterprise.enterprise_owner).status == C.SUBMITTED


def test_the_co_payment_proof_is_required_only_with_co_funding(in_tenant_a: Any) -> None:
    with_share = parties(in_tenant_a)
    delivered(with_share)
    with pytest.raises(VoucherError) as refused:
        submit(with_share, co_payment_proof=None)
    assert refused.value.field == "co_payment_proof"
    without_share = parties(in_tenant_a, scheme__co_funding_percent=Decimal("0"))
    delivered(without_share)
    claim = submit(without_share, co_payment_proof=None, amount=Decimal("4800.00"))
    assert not claim.co_payment_proof


def test_files_are_checked_by_their_content_and_every_problem_named(people: Any) -> None:
    delivered(people)
    fake = SimpleUploadedFile("invoice.pdf", b"just some words", content_type="application/pdf")
    with pytest.raises(VoucherError) as refused:
        submit(people, invoice=fake, delivery_proof=None)
    fields = refused.value.extra["fields"]
    assert set(fields) == {"invoice", "delivery_proof"}
    assert "Invoice" in fields["invoice"][0]
    assert not Claim.objects.exists()


def test_an_invoice_dated_in_the_future_is_refused(people: Any) -> None:
    delivered(people)
    with pytest.raises(VoucherError) as refused:
        submit(people, invoice_date=TODAY() + timedelta(days=1))
    assert (refused.value.code, refused.value.field) == ("invoice_date_future", "invoice_date")


def test_staff_verify_a_claim_and_the_voucher_is_verified(
    people: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivered(people)
    claim = submit(people)
    with django_capture_on_commit_callbacks(execute=True):
        claim_verify(claim=claim, by=alice, note="All in order.")
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by, claim.review_note) == (
        C.VERIFIED,
        alice,
        "All in order.",
    )
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.VERIFIED
    assert AuditEvent.objects.filter(verb="claim_verified").count() == 1
    assert [message.to for message in mail.outbox] == [[people.provider_owner.email]]
    with pytest.raises(PermissionDenied):
        claim_verify(claim=claim, by=people.provider_owner, note="")


def test_staff_ask_for_changes_with_a_note_and_the_claim_is_submitted_again(
    people: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivered(people)
    claim = submit(people)
    with pytest.raises(VoucherError) as refused:
        claim_request_changes(claim=claim, by=alice, note="  ")
    assert refused.value.code == "note_missing"
    with django_capture_on_commit_callbacks(execute=True):
        claim_request_changes(claim=claim, by=alice, note="The invoice lacks the VAT number.")
    claim.refresh_from_db()
    assert claim.status == C.CHANGES_REQUESTED
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.CLAIM_SUBMITTED
    assert [message.to for message in mail.outbox] == [[people.provider_owner.email]]
    assert "lacks the VAT number" in mail.outbox[0].body
    old_invoice, old_proof = claim.invoice.name, claim.delivery_proof.name
    with django_capture_on_commit_callbacks(execute=True):
        again = claim_resubmit(
            claim=claim,
            by=people.provider_owner,
            invoice=pdf("invoice-v2.pdf"),
            invoice_number="2026-041b",
        )
    assert again.status == C.SUBMITTED
    assert again.invoice.name != old_invoice
    assert again.delivery_proof.name == old_proof
    assert again.invoice_number == "2026-041b"
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.CLAIM_SUBMITTED
    assert AuditEvent.objects.filter(verb="claim_resubmitted").count() == 1
    with pytest.raises(VoucherError) as twice:
        claim_resubmit(claim=again, by=people.provider_owner)
    assert twice.value.code == "wrong_claim_state"


def test_a_resubmitted_claim_is_checked_again(people: Any, alice: Any) -> None:
    delivered(people)
    claim = claim_request_changes(claim=submit(people), by=alice, note="Fix the amount.")
    with pytest.raises(VoucherError) as refused:
        claim_resubmit(claim=claim, by=people.provider_owner, amount=Decimal("6000.00"))
    assert refused.value.code == "amount_above_value"
    assert Claim.objects.get(pk=claim.pk).status == C.CHANGES_REQUESTED


def test_finance_record_the_reimbursement_with_a_date_and_a_reference(
    people: Any, alice: Any, finance: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivered(people)
    claim = claim_verify(claim=submit(people), by=alice, note="")
    with pytest.raises(VoucherError) as future:
        claim_reimburse(
            claim=claim, by=finance, paid_on=TODAY() + timedelta(days=1), reference="TRX-9"
        )
    assert future.value.field == "paid_on"
    with pytest.raises(VoucherError) as no_reference:
        claim_reimburse(claim=claim, by=finance, paid_on=TODAY(), reference="  ")
    assert no_reference.value.field == "reference"
    with django_capture_on_commit_callbacks(execute=True):
        claim_reimburse(claim=claim, by=finance, paid_on=TODAY(), reference="TRX-9")
    claim.refresh_from_db()
    assert (
        claim.status,
        claim.reimbursed_on,
        claim.reimbursement_reference,
        claim.reimbursed_by,
    ) == (
        C.REIMBURSED,
        TODAY(),
        "TRX-9",
        finance,
    )
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.REIMBURSED
    assert AuditEvent.objects.filter(verb="claim_reimbursed").count() == 1
    assert AuditEvent.objects.filter(verb="voucher_reimbursed").count() == 1
    assert [message.to for message in mail.outbox] == [[people.provider_owner.email]]
    assert "TRX-9" in mail.outbox[0].body


def test_reimbursement_by_anyone_but_finance_is_refused(people: Any, alice: Any, bob: Any) -> None:
    delivered(people)
    claim = claim_verify(claim=submit(people), by=alice, note="")
    for outsider in (alice, bob, people.provider_owner):
        with pytest.raises(PermissionDenied):
            claim_reimburse(claim=claim, by=outsider, paid_on=TODAY(), reference="TRX-1")
    assert Claim.objects.get(pk=claim.pk).status == C.VERIFIED


def test_an_unverified_claim_cannot_be_reimbursed(people: Any, finance: Any) -> None:
    delivered(people)
    claim = submit(people)
    with pytest.raises(VoucherError) as refused:
        claim_reimburse(claim=claim, by=finance, paid_on=TODAY(), reference="TRX-1")
    assert refused.value.code == "wrong_claim_state"
