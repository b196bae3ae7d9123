"""The sub-call funnel and the recipient rows, on a programme whose figures are known."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reports.exports.columns import Column, ColumnType
from reports.exports.selectors import (
    RECIPIENT_PROVIDERS,
    call_report,
    filters_from_params,
    recipient_report,
    register_recipient_provider,
)
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.grants.factories import AwardFactory
from tests.reports.conftest import build_world


def rows_of(report):
    keys = [column.key for column in report.columns]
    return [dict(zip(keys, values, strict=True)) for values in report.values()]


def funnel(row):
    return {
        step: (row[f"{step}_count"], row[f"{step}_amount"])
        for step in ("received", "eligible", "above_threshold", "selected", "contracted")
    }


def test_the_funnel_counts_each_step_and_sums_the_money_requested_then_awarded(world):
    rows = rows_of(call_report(filters_from_params({"report": "calls"}), language="en"))

    assert [row["reference"] for row in rows] == ["OC1", "OC2"]
    first, second = rows
    received = [
        20000,
        30000,
        5000,
        "15000.50",
        "25000.25",
        12000,
        40000,
        38000,
        50000,
        30000,
        20000,
        40000,
    ]
    assert funnel(first) == {
        "received": (12, sum(Decimal(str(v)) for v in received)),
        "eligible": (
            9,
            Decimal("15000.50")
            + Decimal("25000.25")
            + 12000
            + 40000
            + 38000
            + 50000
            + 30000
            + 20000
            + 40000,
        ),
        "above_threshold": (
            8,
            Decimal("25000.25") + 12000 + 40000 + 38000 + 50000 + 30000 + 20000 + 40000,
        ),
        "selected": (6, Decimal(40000 + 38000 + 50000 + 30000 + 20000 + 40000)),
        "contracted": (3, Decimal("95000.00")),
    }
    assert isinstance(first["contracted_amount"], Decimal)
    assert funnel(second)["received"] == (1, Decimal("9000.00"))
    assert funnel(second)["contracted"] == (0, Decimal("0.00"))


def test_the_sub_call_row_names_the_call_its_dates_and_budget(world):
    row = rows_of(
        call_report(filters_from_params({"call": "green-grants", "report": "calls"}), language="it")
    )[0]

    assert row["title"] == "Bando OC1"
    assert row["work_package__code"] == "wp5"
    assert row["budget"] == Decimal("100000.00")
    assert row["deadline"] == world.call.deadline
    assert row["published_at"] == world.call.published_at
    assert row["decided_at"] == world.published_at


def test_a_country_filter_narrows_the_funnel_to_its_applicants(world):
    filters = filters_from_params({"report": "calls", "country": "de", "call": "green-grants"})
    (row,) = rows_of(call_report(filters, language="en"))

    assert funnel(row)["received"] == (1, Decimal("20000.00"))
    assert funnel(row)["contracted"] == (1, Decimal("20000.00"))


def test_the_period_keeps_the_calls_whose_deadline_falls_in_it(world):
    filters = filters_from_params(
        {"report": "calls", "award_from": "2026-12-01", "award_to": "2026-12-31"}
    )

    assert [row["reference"] for row in rows_of(call_report(filters, language="en"))] == ["OC2"]


def test_the_recipient_report_has_a_row_per_award_accepted_or_later(world, world_b):
    rows = rows_of(recipient_report(filters_from_params({}), language="en"))

    names = [row["organisation__legal_name"] for row in rows]
    assert names == [
        "Cooperativa Accepted",
        "Cooperativa German",
        "Cooperativa Sent",
        "Cooperativa Signed",
    ]
    german = rows[1]
    assert german["organisation__country"] == "DE"
    assert german["organisation__legal_form"] == "Cooperative"
    assert german["organisation__registration_number"] == "HRB 12345"
    assert german["organisation__vat_number"] == ""
    assert german["sme"] == "yes"
    assert (
        german["organisation__social_economy_type"] == "Work-integration social enterprise (WISE)"
    )
    assert german["call__kind"] == "Grant"
    assert german["application__title"] == "Project german"
    assert german["project_summary"] == "Summary of german."
    assert german["decided_at"] == date(2026, 7, 11)  # 23:30 UTC is the next day in Brussels
    assert german["planned_start"] == date(2027, 3, 1)
    assert german["amount"] == Decimal("20000.00")
    assert german["status"] == "Active"
    assert sum(row["amount"] for row in rows) == Decimal("133000.00")


def test_recipient_filters_by_country_call_work_package_and_award_date(world):
    def names(**params):
        report = recipient_report(filters_from_params(params), language="en")
        return [row["organisation__legal_name"] for row in rows_of(report)]

    assert names(country="DE") == ["Cooperativa German"]
    assert names(call="care-grants") == []
    assert names(work_package="wp5") == [
        "Cooperativa Accepted", "Cooperativa German", "Cooperativa Sent", "Cooperativa Signed"
    ]  # fmt: skip
    assert names(award_from="2026-07-11", award_to="2026-07-11") != []
    assert names(award_from="2026-07-12") == []
    assert names(award_to="2026-07-10") == []


def test_a_column_provider_appended_adds_its_columns_in_the_same_query(
    world, django_assert_num_queries
):
    class Tranches:
        def annotate(self, queryset):
            from django.db.models import F

            return queryset.annotate(paid_first=F("amount") * Decimal("0.4"))

        def columns(self, context):
            return [Column("paid_first", "Paid, first tranche (EUR)", ColumnType.MONEY)]

    def factory(filters):
        return Tranches()

    register_recipient_provider(factory)
    try:
        report = recipient_report(filters_from_params({"country": "DE"}), language="en")
        with django_assert_num_queries(1):
            rows = rows_of(report)
    finally:
        RECIPIENT_PROVIDERS.remove(factory)

    assert report.columns[-1].heading == "Paid, first tranche (EUR)"
    assert Decimal(rows[0]["paid_first"]).quantize(Decimal("0.01")) == Decimal("8000.00")


def test_the_reports_cost_a_fixed_number_of_queries_whatever_the_rows(
    in_tenant_a, bob, django_assert_max_num_queries
):
    build_world(in_tenant_a, bob)
    for number in range(15):
        call = CallFactory(tenant=in_tenant_a, reference=f"X{number}", status="results")
        for _ in range(3):
            application = ApplicationFactory(
                call=call,
                tenant=in_tenant_a,
                status="accepted",
                published_outcome="main_list",
                requested_amount=Decimal("1000.00"),
                submitted_at=call.deadline,
            )
            AwardFactory(application=application, status="signed", amount=Decimal("900.00"))

    with django_assert_max_num_queries(2):  # the calls with their funnel (and the content type)
        calls = rows_of(call_report(filters_from_params({"report": "calls"}), language="en"))
    # The rows (and, as the report is made, the most tranches any grant has).
    with django_assert_max_num_queries(2):
        recipients = rows_of(recipient_report(filters_from_params({}), language="en"))

    assert len(calls) == 17 and len(recipients) == 4 + 45


def test_the_recipient_report_gives_each_grants_tranches_paid_and_recoveries(in_tenant_a, bob):
    from grants.models import RecoveryOrder, Tranche

    application = ApplicationFactory(
        tenant=in_tenant_a,
        status="accepted",
        published_outcome="main_list",
        requested_amount=Decimal("10000.00"),
    )
    award = AwardFactory(application=application, status="active", amount=Decimal("10000.00"))
    for position, (amount, status) in enumerate(
        [(Decimal("4000.00"), "paid"), (Decimal("6000.00"), "due")], start=1
    ):
        Tranche.objects.create(
            award=award,
            position=position,
            percent=amount / 100,
            amount=amount,
            trigger="signature" if position == 1 else "final_report",
            status=status,
        )
    RecoveryOrder.objects.create(
        award=award, amount=Decimal("1500.00"), to_recover=Decimal("0.00"), reason="Costs"
    )
    from datetime import date

    from grants.models import BeneficiaryReport

    BeneficiaryReport.objects.create(award=award, kind="final", due_on=date(2027, 9, 30))

    report = recipient_report(filters_from_params({}), language="en")
    headings = [column.heading for column in report.columns]
    row = dict(zip(headings, next(report.values()), strict=True))

    assert headings[-5:] == [
        "Paid, tranche 1 (EUR)",
        "Paid, tranche 2 (EUR)",
        "Paid in total (EUR)",
        "Recovery orders (EUR)",
        "Paid back (EUR)",
    ]
    # The project ends when its final report is due.
    assert row["Planned end (final report due)"] == date(2027, 9, 30)
    assert row["Paid, tranche 1 (EUR)"] == Decimal("4000.00")
    assert row["Paid, tranche 2 (EUR)"] is None
    assert row["Paid in total (EUR)"] == Decimal("4000.00")
    assert row["Recovery orders (EUR)"] == Decimal("1500.00")
    assert row["Paid back (EUR)"] == Decimal("0.00")


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"format": "pdf"}, "format", "csv or xlsx"),
        ({"report": "everything"}, "report", "recipients or calls"),
        ({"call": "no-such-call"}, "call", "no published call"),
        ({"call": "draft-call"}, "call", "no published call"),
        ({"work_package": "wp99"}, "work_package", "no work package"),
        ({"award_from": "31/01/2026"}, "award_from", "YYYY-MM-DD"),
        ({"award_to": "2026-02-30"}, "award_to", "YYYY-MM-DD"),
        (
            {"award_from": "2026-03-01", "award_to": "2026-02-01"},
            "award_to",
            "ends before it starts",
        ),
        ({"country": "XX"}, "country", "not a country code"),
        ({"country": "Italy"}, "country", "not a country code"),
    ],
)
def test_a_bad_parameter_is_refused_by_name(world, params, field, words):
    with pytest.raises(ValidationError) as refused:
        filters_from_params(params)

    assert list(refused.value.message_dict) == [field]
    assert words in refused.value.message_dict[field][0]
