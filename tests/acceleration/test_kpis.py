"""KPI reports: figures in EUR with two places and whole non-negative counts (no negative
jobs), quarters that have ended and not before the cohort, one per participant and
quarter, draft → submitted → approved | returned; the cohort's totals equal the sum of
its participants' approved reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from acceleration.errors import AccelerationError
from acceleration.kpis.selectors import cohort_totals
from acceleration.kpis.services import (
    kpi_report_approve,
    kpi_report_return,
    kpi_report_save,
    kpi_report_submit,
)
from acceleration.models import KPI_FIELDS, KpiReport, KpiReportStatus
from tests.acceleration.factories_accel import CohortFactory, KpiReportFactory, enterprise_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)
FIGURES = {
    "revenue": "12500.50",
    "jobs_created": "2",
    "people_reached": "340",
    "customers": "18",
    "investment_raised": "25000",
    "public_contracts_won": "1",
}


@pytest.fixture
def enterprise(in_tenant_a):
    cohort = CohortFactory(tenant=in_tenant_a, starts_on=date(2026, 2, 1))
    return enterprise_in(cohort, name="Cooperativa Aurora")


def _save(enterprise, figures=None, *, year=2026, quarter=2, by=None):
    return kpi_report_save(
        participant=enterprise.participant,
        year=year,
        quarter=quarter,
        figures={**FIGURES, **(figures or {})},
        by=by or enterprise.owner,
        today=TODAY,
    )


def test_a_member_saves_a_draft_with_money_as_euros(enterprise):
    report = _save(enterprise)
    assert report.status == KpiReportStatus.DRAFT
    assert report.revenue == Decimal("12500.50")
    assert report.investment_raised == Decimal("25000.00")
    assert report.jobs_created == 2


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("jobs_created", "-1", "negative"),
        ("jobs_created", "1.5", "not_whole"),
        ("customers", "many", "not_whole"),
        ("revenue", "-0.01", "negative"),
        ("revenue", "100.005", "too_many_decimals"),
        ("investment_raised", "1e3x", "money_invalid"),
        ("investment_raised", "NaN", "money_invalid"),
    ],
)
def test_bad_figures_are_refused_naming_the_field_and_the_rule(enterprise, field, value, code):
    with pytest.raises(AccelerationError) as refused:
        _save(enterprise, {field: value})
    assert refused.value.field == field
    assert refused.value.code == code
    label = str(KpiReport._meta.get_field(field).verbose_name)
    assert label[:1].upper() + label[1:] in refused.value.message
    assert not KpiReport.objects.exists()


def test_negative_jobs_never_reach_the_table(enterprise):
    report = KpiReportFactory(
        participant=enterprise.participant, tenant=enterprise.participant.tenant
    )
    with pytest.raises(IntegrityError):
        KpiReport.objects.filter(pk=report.pk).update(jobs_created=-3)


def test_a_quarter_that_has_not_ended_is_refused(enterprise):
    with pytest.raises(AccelerationError) as refused:
        _save(enterprise, year=2026, quarter=4)
    assert refused.value.code == "quarter_not_ended"
    assert refused.value.field == "quarter"
    assert "2026-12-31" in refused.value.message


def test_a_quarter_before_the_cohort_started_is_refused(enterprise):
    with pytest.raises(AccelerationError) as refused:
        _save(enterprise, year=2025, quarter=4)
    assert refused.value.code == "before_cohort"
    # The quarter the cohort started in is reported.
    assert _save(enterprise, year=2026, quarter=1).period == "2026 Q1"


def test_quarter_must_be_one_to_four(enterprise):
    with pytest.raises(AccelerationError) as refused:
        _save(enterprise, quarter=5)
    assert refused.value.field == "quarter"


def test_one_report_per_participant_and_quarter(enterprise):
    first = _save(enterprise, {"customers": "5"})
    again = _save(enterprise, {"customers": "7"})
    assert again.pk == first.pk
    assert KpiReport.objects.get().customers == 7
    with pytest.raises(IntegrityError):
        KpiReportFactory(
            participant=enterprise.participant,
            tenant=enterprise.participant.tenant,
            year=2026,
            quarter=2,
        )


def test_only_the_enterprises_members_report(enterprise):
    with pytest.raises(AccelerationError) as refused:
        _save(enterprise, by=UserFactory())
    assert refused.value.code == "forbidden"


def test_report_moves_draft_submitted_returned_submitted_approved(enterprise, alice):
    report = _save(enterprise)
    with pytest.raises(AccelerationError) as refused:
        kpi_report_approve(report=report, by=alice)
    assert "Draft" in refused.value.message

    report = kpi_report_submit(report=report, by=enterprise.owner)
    assert report.status == KpiReportStatus.SUBMITTED
    with pytest.raises(AccelerationError):
        _save(enterprise, {"customers": "99"})
    with pytest.raises(AccelerationError) as refused:
        kpi_report_return(report=report, reason="", by=alice)
    assert refused.value.field == "returned_reason"
    report = kpi_report_return(
        report=report, reason="Revenue is for the year, not the quarter", by=alice
    )
    assert report.status == KpiReportStatus.RETURNED

    report = _save(enterprise, {"revenue": "3100.00"})
    assert report.status == KpiReportStatus.RETURNED
    report = kpi_report_submit(report=report, by=enterprise.owner)
    report = kpi_report_approve(report=report, by=alice)
    assert report.status == KpiReportStatus.APPROVED
    assert report.decided_by == alice
    with pytest.raises(AccelerationError):
        _save(enterprise)


def test_an_enterprise_member_may_not_approve(enterprise):
    report = kpi_report_submit(report=_save(enterprise), by=enterprise.owner)
    with pytest.raises(PermissionDenied):
        kpi_report_approve(report=report, by=enterprise.owner)


def test_cohort_totals_equal_the_sum_of_participants_approved_reports(in_tenant_a):
    cohort = CohortFactory(tenant=in_tenant_a)
    other_cohort = CohortFactory(tenant=in_tenant_a)
    participants = [enterprise_in(cohort).participant for _ in range(3)]
    approved = []
    for index, participant in enumerate(participants):
        for quarter in (1, 2, 3):
            approved.append(
                KpiReportFactory(
                    participant=participant,
                    tenant=in_tenant_a,
                    year=2025,
                    quarter=quarter,
                    revenue=Decimal("1000.10") * (index + 1) + quarter,
                    jobs_created=index + quarter,
                    people_reached=10 * quarter,
                    customers=index,
                    investment_raised=Decimal("500.05") * quarter,
                    public_contracts_won=quarter % 2,
                )
            )
    # Not counted: a submitted report, a draft, a returned one, another cohort's.
    KpiReportFactory(
        participant=participants[0],
        tenant=in_tenant_a,
        quarter=4,
        status="submitted",
        jobs_created=50,
    )
    KpiReportFactory(
        participant=participants[1], tenant=in_tenant_a, quarter=4, status="draft", jobs_created=50
    )
    KpiReportFactory(
        participant=participants[2],
        tenant=in_tenant_a,
        quarter=4,
        status="returned",
        jobs_created=50,
    )
    KpiReportFactory(
        participant=enterprise_in(other_cohort).participant, tenant=in_tenant_a, jobs_created=50
    )

    totals = cohort_totals(cohort)

    assert [quarter.label for quarter in totals.quarters] == ["2025 Q1", "2025 Q2", "2025 Q3"]
    for quarter in totals.quarters:
        reports = [report for report in approved if report.quarter == quarter.quarter]
        assert quarter.reports == 3
        for name in KPI_FIELDS:
            assert quarter.figures[name] == sum(getattr(report, name) for report in reports), name
    for name in KPI_FIELDS:
        assert totals.overall[name] == sum(getattr(report, name) for report in approved), name
    assert totals.overall["jobs_created"] == 27
    assert totals.overall["revenue"] == Decimal("18019.80")
    assert totals.reports == 9


def test_a_returned_report_emails_the_reason_to_the_members_once(
    enterprise, alice, django_capture_on_commit_callbacks
):
    from django.core import mail

    from acceleration.kpis.jobs import report_returned_send

    report = kpi_report_submit(report=_save(enterprise), by=enterprise.owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        kpi_report_return(report=report, reason="Revenue counts the whole year", by=alice)

    [message] = mail.outbox
    assert message.to == [enterprise.owner.email]
    assert "2026 Q2" in message.subject
    assert "Revenue counts the whole year" in message.body
    assert "year=2026&quarter=2" in message.body
    assert report_returned_send(report_id=report.pk) == 0


def test_enterprises_owing_last_quarters_report_are_reminded_once(in_tenant_a):
    from django.core import mail

    from acceleration.kpis.jobs import report_reminders_send
    from socialtech.registry import schedules

    cohort = CohortFactory(tenant=in_tenant_a, starts_on=date(2026, 2, 1))
    owing = enterprise_in(cohort, name="Cooperativa Aurora")
    drafted = enterprise_in(cohort)
    done = enterprise_in(cohort)
    late_cohort = CohortFactory(tenant=in_tenant_a, starts_on=date(2026, 10, 5))
    enterprise_in(late_cohort)  # its cohort started after the quarter: nothing owed
    _save(drafted, year=2026, quarter=3)
    kpi_report_submit(report=_save(done, year=2026, quarter=3), by=done.owner)
    mail.outbox.clear()

    reminded = report_reminders_send(today=TODAY)

    assert sorted(reminded) == sorted([owing.participant.pk, drafted.participant.pk])
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [owing.owner.email, drafted.owner.email]
    )
    assert all("2026 Q3" in message.subject for message in mail.outbox)
    assert report_reminders_send(today=TODAY) == []
    schedule = next(s for s in schedules() if s.name == "acceleration-kpi-report-reminders")
    assert schedule.task == "acceleration.send_kpi_report_reminders"


def test_the_report_form_names_every_wrong_figure_at_once() -> None:
    from acceleration.kpis.forms import KpiReportForm

    form = KpiReportForm(
        {
            "year": "2026",
            "quarter": "2",
            "revenue": "12.345",
            "jobs_created": "-2",
            "customers": "3",
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"revenue", "jobs_created"}
    assert "two decimal places" in form.errors["revenue"][0]
