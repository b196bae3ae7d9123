"""The vouchers in the funding reports: figures per voucher call, and a row per voucher."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from reports.exports.selectors import call_report, filters_from_params
from reports.exports.selectors.funding import funding_report
from tests.factories import UserFactory
from tests.vouchers.factories import ProviderFactory, SchemeFactory, VoucherFactory
from vouchers.models import Claim, ClaimStatus


def rows_of(report):
    keys = [column.key for column in report.columns]
    return [dict(zip(keys, values, strict=True)) for values in report.values()]


def voucher_world(tenant):
    scheme = SchemeFactory(tenant=tenant, call__reference="V9", value=Decimal("4000.00"))
    provider = ProviderFactory(tenant=tenant)
    issued = VoucherFactory(tenant=tenant, scheme=scheme, application__organisation__country="ES")
    paid = VoucherFactory(
        tenant=tenant, scheme=scheme, status="reimbursed", provider=provider, category="training"
    )
    Claim.objects.create(
        tenant=tenant,
        voucher=paid,
        status=ClaimStatus.REIMBURSED,
        submitted_by=UserFactory(),
        amount=Decimal("3500.50"),
        invoice_number="F-1",
        invoice_date=date(2026, 10, 1),
        invoice="x.pdf",
        delivery_proof="y.pdf",
        reimbursed_on=date(2026, 11, 2),
        reimbursement_reference="SEPA-77",
    )
    VoucherFactory(tenant=tenant, scheme=scheme, status="expired")
    VoucherFactory(tenant=tenant, scheme=scheme, status="cancelled")
    return scheme, issued, paid


def test_the_sub_call_report_counts_each_voucher_calls_vouchers_and_money(in_tenant_a):
    voucher_world(in_tenant_a)

    rows = rows_of(call_report(filters_from_params({"report": "calls"}), language="en"))

    (row,) = [row for row in rows if row["reference"] == "V9"]
    assert row["vouchers_issued_count"] == 4
    assert row["vouchers_held_value"] == Decimal("8000.00")  # issued and reimbursed
    assert row["vouchers_reimbursed_count"] == 1
    assert row["vouchers_reimbursed_amount"] == Decimal("3500.50")
    assert row["vouchers_returned_value"] == Decimal("8000.00")  # expired and cancelled
    spain = rows_of(
        call_report(filters_from_params({"report": "calls", "country": "ES"}), language="en")
    )
    assert [(row["reference"], row["vouchers_issued_count"]) for row in spain] == [("V9", 1)]


def test_the_voucher_report_has_a_row_per_voucher_with_its_claim(in_tenant_a):
    _scheme, issued, paid = voucher_world(in_tenant_a)

    rows = rows_of(funding_report(filters_from_params({"report": "vouchers"}), language="en"))

    assert len(rows) == 4
    by_code = {row["code"]: row for row in rows}
    assert by_code[paid.code]["reimbursed"] == Decimal("3500.50")
    assert by_code[paid.code]["claim__reimbursed_on"] == date(2026, 11, 2)
    assert by_code[paid.code]["claim__reimbursement_reference"] == "SEPA-77"
    assert by_code[paid.code]["status"] == "Reimbursed"
    assert by_code[paid.code]["category"] == "Training"
    assert (
        by_code[paid.code]["provider__organisation__legal_name"]
        == paid.provider.organisation.legal_name
    )
    assert by_code[issued.code]["reimbursed"] is None
    assert by_code[issued.code]["organisation__country"] == "ES"
    # The report dates the issue on the programme's clock.
    zone = ZoneInfo(in_tenant_a.default_timezone)
    assert by_code[issued.code]["issued_at"] == timezone.localdate(issued.issued_at, zone)
    spain = rows_of(
        funding_report(filters_from_params({"report": "vouchers", "country": "ES"}), language="en")
    )
    assert [row["code"] for row in spain] == [issued.code]


def test_the_voucher_report_costs_one_query_whatever_the_rows(
    in_tenant_a, django_assert_max_num_queries
):
    voucher_world(in_tenant_a)
    for _ in range(20):
        VoucherFactory(tenant=in_tenant_a)
    with django_assert_max_num_queries(1):
        rows = rows_of(funding_report(filters_from_params({"report": "vouchers"}), language="en"))
    assert len(rows) == 24
