"""Issuing vouchers: to the published main list of a voucher call only, once per
application, within the organisation's maximum, the scheme's budget and the de minimis
ceiling (the figures named); a checked code, a PDF kept with its SHA-256 and verifiable,
one e-mail each; the batch for a whole list that stops at the budget; cancelling."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socialtech import registry
from socialtech.audit.models import AuditEvent
from socialtech.documents.models import DocumentKind
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.conftest import login
from tests.factories import UserFactory
from tests.vouchers.factories import OwnVatOrganisationFactory, SchemeFactory, VoucherFactory
from tests.vouchers.issuing import pages_text, pdf_bytes, voucher_call
from vouchers.codes import is_valid_voucher_code
from vouchers.errors import VoucherError
from vouchers.issuance.jobs import voucher_issued_follow_up
from vouchers.issuance.selectors import voucher_total, voucher_totals
from vouchers.issuance.services import (
    expiry_of,
    voucher_cancel,
    voucher_issue,
    vouchers_issue_for_call,
)
from vouchers.models import Voucher, VoucherStatus
from vouchers.schemes.selectors import scheme_committed, scheme_remaining


@pytest.fixture
def committing(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks


@pytest.fixture
def vouchers_count_as_funding(monkeypatch: pytest.MonkeyPatch) -> None:
    """The vouchers as the integrator registers them: a source of funding received."""
    monkeypatch.setitem(registry._funding_sources, "vouchers", voucher_total)


def audit_verbs(voucher: Voucher) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(voucher.pk), verb__startswith="voucher")
        .order_by("pk")
        .values_list("verb", flat=True)
    )


# --- The happy path --------------------------------------------------------------------------


def test_issuing_gives_a_checked_code_a_year_of_validity_an_audit_row_a_pdf_and_one_email(
    in_tenant_a: Any, alice: Any, committing: Any
) -> None:
    listed = voucher_call(in_tenant_a)
    owner = UserFactory(email="owner@coop.example.org", full_name="Olga Owner")
    application = listed.add(owner=owner)
    with committing(execute=True):
        voucher = voucher_issue(application=application, by=alice)

    voucher.refresh_from_db()
    assert is_valid_voucher_code(voucher.code)
    assert voucher.status == VoucherStatus.ISSUED
    assert voucher.value == Decimal("5000.00")
    assert voucher.co_funding_percent == Decimal("20.00")
    issued = voucher.issued_at
    if not (issued.month == 2 and issued.day == 29):
        assert voucher.expires_at == issued.replace(year=issued.year + 1)
    assert audit_verbs(voucher).count("voucher_issued") == 1

    document = voucher.document
    assert document is not None
    assert document.kind == DocumentKind.VOUCHER
    data = pdf_bytes(document)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    pages = pages_text(data)
    text = " ".join(" ".join(pages).split())
    for expected in (
        voucher.code,
        application.organisation.legal_name,
        "EUR 5,000.00",
        "20 %",
        "Digital audit",
        "Green transition consulting",
        "Valid until",
        "Europe/Brussels",
        "How to use the voucher",
    ):
        assert expected in text, expected
    assert all(document.code in page for page in pages)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@coop.example.org"]
    assert "voucher" in message.subject
    assert voucher.code in message.body
    assert document.code in message.body

    # A rerun of the task makes nothing twice.
    voucher_issued_follow_up(voucher_id=voucher.pk)
    assert len(mail.outbox) == 1
    voucher.refresh_from_db()
    assert voucher.document_id == document.pk


def test_the_voucher_pdf_is_answered_by_the_verify_page(
    in_tenant_a: Any, alice: Any, committing: Any, client: Client
) -> None:
    listed = voucher_call(in_tenant_a)
    with committing(execute=True):
        voucher = voucher_issue(application=listed.add(), by=alice)
    voucher.refresh_from_db()
    genuine = pdf_bytes(voucher.document)

    response = client.get(f"/verify/?code={voucher.document.code}", follow=True)
    content = response.content.decode()
    assert "Genuine" in content
    assert "Voucher" in content and voucher.code in content

    response = client.post(
        "/documents/verify/",
        {
            "code": voucher.document.code,
            "file": SimpleUploadedFile("v.pdf", genuine, content_type="application/pdf"),
        },
    )
    assert "The file matches" in response.content.decode()
    tampered = genuine[:-20] + b"%% altered\n" + genuine[-20:]
    response = client.post(
        "/documents/verify/",
        {
            "code": voucher.document.code,
            "file": SimpleUploadedFile("v.pdf", tampered, content_type="application/pdf"),
        },
    )
    assert "The file does not match" in response.content.decode()


def test_validity_counts_calendar_months() -> None:
    assert expiry_of(datetime(2027, 1, 31, 9, tzinfo=UTC), 1) == datetime(
        2027, 2, 28, 9, tzinfo=UTC
    )
    assert expiry_of(datetime(2027, 3, 15, 9, tzinfo=UTC), 12) == datetime(
        2028, 3, 15, 9, tzinfo=UTC
    )


def test_issuing_twice_returns_the_same_voucher(in_tenant_a: Any, alice: Any) -> None:
    listed = voucher_call(in_tenant_a)
    application = listed.add()
    first = voucher_issue(application=application, by=alice)
    second = voucher_issue(application=application, by=alice)
    assert second.pk == first.pk
    assert Voucher.objects.filter(application=application).count() == 1
    assert audit_verbs(first).count("voucher_issued") == 1


def test_a_voucher_is_worth_what_was_asked_up_to_the_schemes_value(
    in_tenant_a: Any, alice: Any
) -> None:
    listed = voucher_call(in_tenant_a)  # value 5,000
    modest = voucher_issue(application=listed.add(requested="1800.50"), by=alice)
    greedy = voucher_issue(application=listed.add(requested="7000.00"), by=alice)
    silent = voucher_issue(application=listed.add(), by=alice)
    assert (modest.value, greedy.value, silent.value) == (
        Decimal("1800.50"),
        Decimal("5000.00"),
        Decimal("5000.00"),
    )


def test_only_staff_issue(in_tenant_a: Any) -> None:
    listed = voucher_call(in_tenant_a)
    with pytest.raises(PermissionDenied):
        voucher_issue(application=listed.add(), by=UserFactory())
    assert not Voucher.objects.exists()


# --- Refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "published"),
    [("main_list", False), ("reserve_list", True), ("rejected_budget", True)],
)
def test_an_application_not_on_a_published_main_list_is_refused(
    in_tenant_a: Any, alice: Any, status: str, published: bool
) -> None:
    listed = voucher_call(in_tenant_a)
    application = listed.add(status, published=published)
    with pytest.raises(VoucherError) as refused:
        voucher_issue(application=application, by=alice)
    assert refused.value.code == "not_on_main_list"
    assert "published main list" in refused.value.message
    assert not Voucher.objects.exists()


def test_an_application_to_a_call_that_is_not_a_voucher_call_is_refused(
    in_tenant_a: Any, alice: Any
) -> None:
    call = CallFactory(tenant=in_tenant_a, kind="grant", status="results")
    application = ApplicationFactory(
        call=call,
        tenant=in_tenant_a,
        organisation=OwnVatOrganisationFactory(),
        status="main_list",
        published_outcome="main_list",
    )
    with pytest.raises(VoucherError) as refused:
        voucher_issue(application=application, by=alice)
    assert refused.value.code == "not_voucher_call"
    assert "Grant" in refused.value.message
    with pytest.raises(VoucherError):
        vouchers_issue_for_call(call=call, by=alice)
    assert not Voucher.objects.exists()


def test_an_organisation_at_its_maximum_of_vouchers_is_refused(
    in_tenant_a: Any, alice: Any
) -> None:
    listed = voucher_call(in_tenant_a, max_vouchers_per_organisation=1)
    first = listed.add()
    second = listed.add(organisation=first.organisation)
    voucher_issue(application=first, by=alice)
    with pytest.raises(VoucherError) as refused:
        voucher_issue(application=second, by=alice)
    assert refused.value.code == "max_per_organisation"
    assert first.organisation.legal_name in refused.value.message
    assert "allows 1 per organisation" in refused.value.message
    assert Voucher.objects.count() == 1


def test_a_cancelled_voucher_does_not_count_towards_the_maximum(
    in_tenant_a: Any, alice: Any
) -> None:
    listed = voucher_call(in_tenant_a, max_vouchers_per_organisation=1)
    first = listed.add()
    second = listed.add(organisation=first.organisation)
    voucher_cancel(voucher=voucher_issue(application=first, by=alice), by=alice, reason="Error")
    assert voucher_issue(application=second, by=alice).status == VoucherStatus.ISSUED


def test_a_scheme_whose_budget_is_spent_refuses_with_the_figures(
    in_tenant_a: Any, alice: Any
) -> None:
    listed = voucher_call(in_tenant_a, budget=Decimal("8000.00"))
    voucher_issue(application=listed.add(), by=alice)
    with pytest.raises(VoucherError) as refused:
        voucher_issue(application=listed.add(), by=alice)
    assert refused.value.code == "budget_exhausted"
    assert "EUR 3,000.00 remains" in refused.value.message
    assert "EUR 5,000.00" in refused.value.message
    assert Voucher.objects.count() == 1


def test_the_de_minimis_ceiling_refuses_with_every_figure(
    in_tenant_a: Any, alice: Any, vouchers_count_as_funding: None
) -> None:
    in_tenant_a.de_minimis_ceiling = Decimal("10000.00")
    in_tenant_a.save()
    listed = voucher_call(in_tenant_a)
    application = listed.add(de_minimis="2500.00")
    organisation = application.organisation
    # A voucher of another call of the programme, received earlier.
    VoucherFactory(
        tenant=in_tenant_a,
        organisation=organisation,
        application__organisation=organisation,
        value=Decimal("3000.00"),
    )
    with pytest.raises(VoucherError) as refused:
        voucher_issue(application=application, by=alice)
    message = refused.value.message
    assert refused.value.code == "de_minimis_ceiling"
    assert "declared aid of the last three years EUR 2,500.00" in message
    assert "received from the programme EUR 3,000.00" in message
    assert "this voucher EUR 5,000.00" in message
    assert "total EUR 10,500.00" in message
    assert "ceiling EUR 10,000.00" in message
    assert not Voucher.objects.filter(application=application).exists()


def test_a_voucher_exactly_at_the_de_minimis_ceiling_is_issued(
    in_tenant_a: Any, alice: Any, vouchers_count_as_funding: None
) -> None:
    in_tenant_a.de_minimis_ceiling = Decimal("10000.00")
    in_tenant_a.save()
    listed = voucher_call(in_tenant_a)
    application = listed.add(de_minimis="5000")
    voucher = voucher_issue(application=application, by=alice)
    assert voucher.declared_de_minimis == Decimal("5000.00")


def test_what_an_organisation_holds_in_vouchers_leaves_out_expired_and_cancelled(
    in_tenant_a: Any,
) -> None:
    organisation = OwnVatOrganisationFactory()
    other = OwnVatOrganisationFactory()
    for status, value in (("issued", "1000"), ("reimbursed", "2000"), ("expired", "400")):
        VoucherFactory(
            tenant=in_tenant_a,
            organisation=organisation,
            application__organisation=organisation,
            status=status,
            value=Decimal(value),
        )
    VoucherFactory(
        tenant=in_tenant_a,
        organisation=organisation,
        application__organisation=organisation,
        status="cancelled",
        value=Decimal("700"),
    )
    assert voucher_total(tenant=in_tenant_a, organisation=organisation) == Decimal("3000.00")
    assert voucher_totals(tenant=in_tenant_a, organisations=[organisation, other]) == {
        organisation.pk: Decimal("3000.00")
    }


# --- The whole list ----------------------------------------------------------------------------


def test_the_batch_issues_in_ranking_order_goes_past_a_refusal_and_stops_at_the_budget(
    in_tenant_a: Any, alice: Any, committing: Any
) -> None:
    in_tenant_a.de_minimis_ceiling = Decimal("100000.00")
    in_tenant_a.save()
    listed = voucher_call(in_tenant_a, budget=Decimal("10000.00"))
    first, second, third = listed.add(), listed.add(), listed.add()
    over_ceiling = listed.add(de_minimis="99000")
    listed.add("reserve_list")
    listed.rank([over_ceiling, third, first, second], by=alice)

    with committing(execute=True):
        result = vouchers_issue_for_call(call=listed.call, by=alice)

    assert [voucher.application_id for voucher in result] == [third.pk, first.pk]
    assert [(refusal.application.pk, refusal.code) for refusal in result.refusals] == [
        (over_ceiling.pk, "de_minimis_ceiling"),
        (second.pk, "budget_exhausted"),
    ]
    assert result.stopped_at_budget
    assert Voucher.objects.count() == 2
    assert scheme_remaining(listed.scheme) == Decimal("0.00")
    assert len(mail.outbox) == 2

    # Run again: nothing new is issued, the same refusals are told.
    again = vouchers_issue_for_call(call=listed.call, by=alice)
    assert list(again) == []
    assert Voucher.objects.count() == 2


def test_staff_issue_the_main_list_from_the_schemes_back_office(
    in_tenant_a: Any, alice: Any, committing: Any
) -> None:
    listed = voucher_call(in_tenant_a, budget=Decimal("5000.00"))
    listed.add()
    left_out = listed.add()
    client = login(Client(), alice, mfa=True)
    scheme_page = client.get(f"/admin/vouchers/voucherscheme/{listed.scheme.pk}/change/")
    assert "Issue vouchers to the main list" in scheme_page.content.decode()
    page = client.get(f"/admin/vouchers/voucher/issue/{listed.scheme.pk}/")
    assert "2 applications on the published main list have no voucher yet" in page.content.decode()
    with committing(execute=True):
        response = client.post(f"/admin/vouchers/voucher/issue/{listed.scheme.pk}/", follow=True)
    content = response.content.decode()
    assert "1 voucher issued" in content
    assert left_out.receipt_number in content
    assert "budget" in content
    assert Voucher.objects.count() == 1


# --- Cancelling ----------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_gives_the_value_back_to_the_budget(
    in_tenant_a: Any, alice: Any
) -> None:
    listed = voucher_call(in_tenant_a)
    voucher = voucher_issue(application=listed.add(), by=alice)
    assert scheme_committed(listed.scheme) == Decimal("5000.00")
    assert scheme_remaining(listed.scheme) == Decimal("45000.00")

    with pytest.raises(VoucherError) as refused:
        voucher_cancel(voucher=voucher, by=alice, reason="   ")
    assert refused.value.field == "reason"
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.ISSUED

    voucher_cancel(voucher=voucher, by=alice, reason="The enterprise closed down.")
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.CANCELLED
    assert voucher.ended_at is not None
    assert voucher.end_reason == "The enterprise closed down."
    assert "voucher_cancelled" in audit_verbs(voucher)
    assert scheme_remaining(listed.scheme) == Decimal("50000.00")

    with pytest.raises(VoucherError) as again:
        voucher_cancel(voucher=voucher, by=alice, reason="Twice")
    assert again.value.code == "wrong_state"
    assert "Cancelled" in again.value.message


def test_cancelling_emails_the_enterprise_and_the_chosen_provider_once_with_the_reason(
    in_tenant_a: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.vouchers.redemption_setup import parties, selected
    from vouchers.issuance.jobs import voucher_cancelled_notice_send

    people = parties(in_tenant_a)
    selected(people)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        voucher_cancel(voucher=people.voucher, by=alice, reason="The enterprise closed down.")

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people.enterprise_owner.email, people.provider_owner.email]
    )
    assert f"voucher {people.voucher.code} is cancelled" in mail.outbox[0].subject
    assert "The enterprise closed down." in mail.outbox[0].body
    assert voucher_cancelled_notice_send(voucher_id=people.voucher.pk) == 0  # once each


def test_staff_cancel_from_the_back_office_after_giving_the_reason(
    in_tenant_a: Any, alice: Any
) -> None:
    listed = voucher_call(in_tenant_a)
    voucher = voucher_issue(application=listed.add(), by=alice)
    client = login(Client(), alice, mfa=True)
    change = client.get(f"/admin/vouchers/voucher/{voucher.pk}/change/").content.decode()
    assert "Cancel this voucher" in change
    assert "voucher_issued" in change

    response = client.post(f"/admin/vouchers/voucher/{voucher.pk}/cancel/", {"reason": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.ISSUED

    response = client.post(
        f"/admin/vouchers/voucher/{voucher.pk}/cancel/", {"reason": "Issued by mistake"}
    )
    assert response.status_code == 302
    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.CANCELLED
    assert voucher.end_reason == "Issued by mistake"


def test_the_back_office_list_finds_a_voucher_by_a_code_typed_loosely(
    in_tenant_a: Any, alice: Any
) -> None:
    wanted = VoucherFactory(tenant=in_tenant_a)
    other = VoucherFactory(tenant=in_tenant_a, scheme=SchemeFactory(tenant=in_tenant_a))
    client = login(Client(), alice, mfa=True)
    typed = wanted.code.replace("-", "").lower()
    content = client.get("/admin/vouchers/voucher/", {"q": typed}).content.decode()
    assert wanted.code in content
    assert other.code not in content
    assert "EUR 5,000.00" in content
