"""The demo's green transition grants call: results published and awards in every state,
made through the grants services, with an open offer waiting for the demo applicant."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from applications.models import Application, ApplicationStatus
from applications.visibility import applicant_status
from calls.models import Call, CallStatus
from demo.grants import FINANCE_EMAIL
from demo.grants.content import GREEN_CALL_SLUG, ORDER_OF_MERIT
from demo.organisations import APPLICANT_EMAIL
from grants.models import (
    Agreement,
    Award,
    AwardStatus,
    BankAccount,
    BeneficiaryReport,
    DuplicateFlag,
    RecoveryOrder,
    Tranche,
    TrancheStatus,
)
from grants.payments.selectors import award_money
from organisations.models import OrganisationMember
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant

A = AwardStatus


@pytest.fixture
def seeded(seeded_demo: str) -> str:
    return seeded_demo


def test_the_green_call_has_published_results_and_awards_in_every_state(seeded: str) -> None:
    socialtech = Tenant.objects.get(slug="socialtech4eu")
    with tenant_context(socialtech):
        call = Call.objects.get(slug=GREEN_CALL_SLUG)
        awards = list(Award.objects.filter(call=call).select_related("application", "organisation"))
        states = Counter(award.status for award in awards)
        applications = {a.organisation_id: a for a in Application.objects.filter(call=call)}
        verbs = Counter(
            AuditEvent.objects.filter(verb__startswith="award.").values_list("verb", flat=True)
        )
        agreements = Agreement.objects.filter(award__call=call).select_related("document")
        accounts = BankAccount.objects.filter(award__call=call).count()

    assert call.status == CallStatus.RESULTS
    # The second run changed nothing.
    second_run = seeded.split("GT1 results published")[2]
    assert second_run.splitlines()[0].endswith("(nothing new)")
    # Every state of an award (DESIGN.md §3.4), each once.
    assert states == dict.fromkeys(A, 1)
    # Each lapsed offer promoted one reserve application, through the promotion job.
    promoted = [award for award in awards if award.from_reserve]
    assert len(promoted) == states[A.DECLINED] + states[A.EXPIRED] == 2
    assert all(a.application.published_outcome == ApplicationStatus.RESERVE_LIST for a in promoted)
    assert verbs["award.declined"] == 1 and verbs["award.expired"] == 1
    # Offers are what the ranking allows: main list first, within the budget.
    assert sum(a.amount for a in awards if a.status not in (A.DECLINED, A.EXPIRED)) <= call.budget
    # Every award past acceptance has its stored PDF; every accepted award a bank account.
    past_acceptance = [
        a for a in awards if a.status not in (A.OFFERED, A.ACCEPTED, A.DECLINED, A.EXPIRED)
    ]
    assert agreements.count() == len(past_acceptance)
    assert all(agreement.document.sha256 for agreement in agreements)
    assert accounts == len(past_acceptance) + states[A.ACCEPTED]
    # Every signature keeps the hash of the PDF the representative accepted.
    signed = [agreement for agreement in agreements if hasattr(agreement, "signature")]
    assert len(signed) == len(past_acceptance) - states[A.AGREEMENT_SENT]
    assert all(a.signature.agreement_sha256 == a.document.sha256 for a in signed)
    # The below-threshold application got no offer.
    below = [a for a in applications.values() if a.status == ApplicationStatus.REJECTED_THRESHOLD]
    assert len(below) == 1 and not any(a.application_id == below[0].pk for a in awards)
    assert len(applications) == len(ORDER_OF_MERIT)


def test_the_demo_applicant_has_an_open_offer_to_answer(seeded: str) -> None:
    socialtech = Tenant.objects.get(slug="socialtech4eu")
    with tenant_context(socialtech):
        organisation_ids = OrganisationMember.objects.filter(
            user__email=APPLICANT_EMAIL
        ).values_list("organisation_id", flat=True)
        award = Award.objects.select_related("application").get(
            call__slug=GREEN_CALL_SLUG, organisation_id__in=organisation_ids
        )
    assert award.status == A.OFFERED
    assert award.application.status == ApplicationStatus.OFFERED
    assert applicant_status(award.application) == ApplicationStatus.OFFERED


def test_the_money_and_the_reports_follow_the_services(seeded: str) -> None:
    socialtech = Tenant.objects.get(slug="socialtech4eu")
    with tenant_context(socialtech):
        awards = {
            award.status: award
            for award in Award.objects.filter(call__slug=GREEN_CALL_SLUG).select_related(
                "application"
            )
        }
        tranches = {
            status: list(Tranche.objects.filter(award=award).order_by("position"))
            for status, award in awards.items()
        }
        reports = {
            status: list(BeneficiaryReport.objects.filter(award=award))
            for status, award in awards.items()
        }
        recoveries = list(RecoveryOrder.objects.filter(award=awards[A.TERMINATED]))
        money = award_money(awards[A.TERMINATED])
        flags = list(DuplicateFlag.objects.filter(application=awards[A.TERMINATED].application))
        paid_by = set(
            AuditEvent.objects.filter(verb="tranche.paid").values_list("actor__email", flat=True)
        )

    # Completed: every tranche paid, adding up to the award, the final report approved.
    completed = tranches[A.COMPLETED]
    assert [t.status for t in completed] == [TrancheStatus.PAID] * 2
    assert sum(t.amount for t in completed) == awards[A.COMPLETED].amount
    assert [r.status for r in reports[A.COMPLETED]] == ["approved"]
    # Active: the pre-financing paid (40 %), the balance waits for the final report, which
    # staff sent back with a comment.
    active = tranches[A.ACTIVE]
    assert [t.status for t in active] == [TrancheStatus.PAID, TrancheStatus.PLANNED]
    assert active[0].amount == awards[A.ACTIVE].amount * 40 / 100
    assert [r.status for r in reports[A.ACTIVE]] == ["changes_requested"]
    assert reports[A.ACTIVE][0].review_comment
    # Terminated: the near copy flagged and confirmed; what was paid is to be paid back.
    assert [flag.status for flag in flags] == ["confirmed"]
    assert flags[0].similarity >= Decimal("0.8")
    paid = sum(t.amount for t in tranches[A.TERMINATED] if t.status == TrancheStatus.PAID)
    # The recovery order takes back the whole grant: the unpaid balance is cancelled and
    # the pre-financing paid is to be paid back.
    assert [order.amount for order in recoveries] == [awards[A.TERMINATED].amount]
    assert paid > 0 and money.to_pay_back == paid and money.owed == 0
    # Payments are recorded by the finance officer, never by staff.
    assert paid_by == {FINANCE_EMAIL}


def test_the_programme_budget_has_the_consortiums_lines_and_each_call_draws_on_one(
    seeded: str,
) -> None:
    from calls.models import Call as CallModel
    from reports.budget.selectors import line_of_call, programme_budget
    from reports.models import Partner

    socialtech = Tenant.objects.get(slug="socialtech4eu")
    with tenant_context(socialtech):
        countries = sorted(Partner.objects.values_list("country", flat=True))
        calls = list(CallModel.objects.select_related("work_package"))
        lines = {call.reference: line_of_call(call) for call in calls}
        budget = programme_budget()
        green = next(line for line in budget.lines if line.line == lines["GT1"])
        awarded = sum(
            award.amount
            for award in Award.objects.filter(call__slug=GREEN_CALL_SLUG)
            if award.status not in (A.OFFERED, A.DECLINED, A.EXPIRED, A.TERMINATED)
        )
        paid = sum(
            t.amount
            for t in Tranche.objects.filter(
                award__call__slug=GREEN_CALL_SLUG, status=TrancheStatus.PAID
            )
        )

    assert countries == ["BE", "DE", "ES", "IT", "RO", "SE"]
    # Every call draws on a line of its own work package.
    assert all(lines[c.reference].work_package_id == c.work_package_id for c in calls)
    # The green call's line: committed is what was awarded less the terminated grant's
    # recovery (the whole grant), paid is the tranches paid.
    assert green.committed == awarded and green.paid == paid
    assert "(nothing new)" in seeded.split("programme budget:")[2].splitlines()[0]


def test_the_sub_call_report_dates_the_green_calls_first_signed_agreement(seeded: str) -> None:
    from django.db.models import Min

    from grants.models import Signature
    from reports.exports.selectors.calls import call_report
    from reports.exports.selectors.filters import filters_from_params

    socialtech = Tenant.objects.get(slug="socialtech4eu")
    with tenant_context(socialtech):
        report = call_report(filters_from_params({"report": "calls"}), language="en")
        headings = [column.heading for column in report.columns]
        rows = [dict(zip(headings, values, strict=True)) for values in report.values()]
        first = Signature.objects.filter(agreement__award__call__slug=GREEN_CALL_SLUG).aggregate(
            first=Min("countersigned_at")
        )["first"]

    heading = "First agreement signed (Europe/Brussels)"
    green = next(row for row in rows if row["Call reference"] == "GT1")
    assert first is not None
    assert green[heading] is not None and abs(green[heading] - first).total_seconds() < 1
    # A call with no signed agreement has no contract date.
    assert next(row for row in rows if row["Call reference"] == "OC1")[heading] is None
