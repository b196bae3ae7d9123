"""Payments: the call's tranche plan (shares adding up to 100 %, the default 40 / 60), the
award's tranches made once and made due by events, staff approve, finance pay with a date
and a reference, never beyond what the award owes, recovery orders and termination."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.agreements import selectors as agreement_selectors
from grants.models import (
    AwardStatus,
    BeneficiaryReport,
    PaymentPlanStep,
    RecoveryOrder,
    Tranche,
    TrancheStatus,
)
from grants.payments import selectors
from grants.payments.errors import PaymentError
from grants.payments.jobs import tranches_open
from grants.payments.services import (
    award_terminate,
    payment_plan_save,
    recovery_order_issue,
    tranche_approve,
    tranche_mark_paid,
)
from socialtech.audit.models import AuditEvent
from tests.calls.factories import CallFactory
from tests.conftest import login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.grants.factories import AwardFactory

TODAY = timezone.localdate


@pytest.fixture
def call(in_tenant_a: Any) -> Any:
    return CallFactory(tenant=in_tenant_a, status="results", budget=Decimal("500000"))


@pytest.fixture
def finance(tenant_a: Any) -> Any:
    user = UserFactory(email="fiona@example.org", full_name="Fiona Finance")
    MembershipFactory(tenant=tenant_a, user=user, role="finance")
    return user


def active_award(call: Any, amount: str = "10000.00", owner: Any = None) -> Any:
    owner = owner or UserFactory()
    organisation = OrganisationFactory(owner=owner)
    return AwardFactory(
        application__call=call,
        application__organisation=organisation,
        application__created_by=owner,
        application__status="accepted",
        status=AwardStatus.ACTIVE,
        amount=Decimal(amount),
        amount_requested=Decimal(amount),
    )


def tranche(award: Any, position: int) -> Tranche:
    return Tranche.objects.get(award=award, position=position)


def approved_first(award: Any, alice: Any) -> Tranche:
    tranches_open(award_id=award.pk, trigger="signature")
    return tranche_approve(tranche=tranche(award, 1), by=alice)


# --- The plan ---------------------------------------------------------------------------------


def test_a_plan_not_adding_up_to_100_is_refused_with_its_sum(call: Any, alice: Any) -> None:
    with pytest.raises(PaymentError) as refused:
        payment_plan_save(
            call=call,
            steps=[
                {"percent": "40", "trigger": "signature"},
                {"percent": "50.5", "trigger": "final_report"},
            ],
            by=alice,
        )
    assert refused.value.code == "plan_sum"
    assert "they add up to 90.50 %" in refused.value.reason
    assert not PaymentPlanStep.objects.filter(call=call).exists()


@pytest.mark.parametrize("share", ["0", "-10"])
def test_a_share_not_above_zero_is_refused(call: Any, alice: Any, share: str) -> None:
    with pytest.raises(PaymentError) as refused:
        payment_plan_save(
            call=call,
            steps=[
                {"percent": "100", "trigger": "signature"},
                {"percent": share, "trigger": "final_report"},
            ],
            by=alice,
        )
    assert refused.value.code == "percent_not_positive"
    assert "Tranche 2" in refused.value.reason


def test_only_staff_save_a_plan(call: Any, finance: Any) -> None:
    with pytest.raises(PermissionDenied):
        payment_plan_save(call=call, steps=[{"percent": "100", "trigger": "signature"}], by=finance)


def test_a_saved_plan_makes_the_tranches_and_the_agreement_table(call: Any, alice: Any) -> None:
    payment_plan_save(
        call=call,
        steps=[
            {"percent": "30", "trigger": "signature"},
            {"percent": "30", "trigger": "progress_report"},
            {"percent": "40", "trigger": "final_report"},
        ],
        by=alice,
    )
    plan = agreement_selectors.payment_plan(Decimal("20000"), call)
    assert [(t.share, t.amount, t.trigger) for t in plan] == [
        (Decimal("30"), Decimal("6000.00"), "signature"),
        (Decimal("30"), Decimal("6000.00"), "progress_report"),
        (Decimal("40"), Decimal("8000.00"), "final_report"),
    ]
    assert "on approval of the progress report" in agreement_selectors.payment_plan_html(
        Decimal("20000"), call
    )
    award = active_award(call, "20000.00")
    assert len(tranches_open(award_id=award.pk, trigger="signature")) == 1
    assert [(t.percent, t.amount, t.status) for t in selectors.tranches_of(award)] == [
        (Decimal("30.00"), Decimal("6000.00"), TrancheStatus.DUE),
        (Decimal("30.00"), Decimal("6000.00"), TrancheStatus.PLANNED),
        (Decimal("40.00"), Decimal("8000.00"), TrancheStatus.PLANNED),
    ]
    assert AuditEvent.objects.filter(verb="call.payment_plan_saved").count() == 1


def test_the_default_plan_splits_odd_amounts_to_the_cent(call: Any) -> None:
    award = active_award(call, "10000.05")
    due = tranches_open(award_id=award.pk, trigger="signature")
    first, last = selectors.tranches_of(award)
    assert due == [first.pk]
    assert (first.percent, first.amount, first.status) == (
        Decimal("40.00"),
        Decimal("4000.02"),
        TrancheStatus.DUE,
    )
    assert (last.percent, last.amount, last.status) == (
        Decimal("60.00"),
        Decimal("6000.03"),
        TrancheStatus.PLANNED,
    )
    assert first.amount + last.amount == award.amount


def test_a_third_split_still_adds_up(call: Any, alice: Any) -> None:
    payment_plan_save(
        call=call,
        steps=[
            {"percent": "33.33", "trigger": "signature"},
            {"percent": "33.33", "trigger": "progress_report"},
            {"percent": "33.34", "trigger": "final_report"},
        ],
        by=alice,
    )
    parts = [t.amount for t in selectors.planned_tranches(Decimal("100.01"), call)]
    assert parts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.35")]


# --- Opening tranches -------------------------------------------------------------------------


def test_tranches_open_twice_changes_nothing(call: Any) -> None:
    award = active_award(call)
    first = tranches_open(award_id=award.pk, trigger="signature")
    events = AuditEvent.objects.count()
    assert tranches_open(award_id=award.pk, trigger="signature") == []
    assert len(first) == 1
    assert Tranche.objects.filter(award=award).count() == 2
    assert AuditEvent.objects.count() == events
    assert tranches_open(award_id=award.pk, trigger="final_report") == [tranche(award, 2).pk]
    assert tranches_open(award_id=award.pk, trigger="final_report") == []


def test_the_balance_paid_while_the_final_report_waits_leaves_the_award_active(
    call: Any, alice: Any, finance: Any
) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    tranches_open(award_id=award.pk, trigger="final_report")
    last = tranche_approve(tranche=tranche(award, 2), by=alice)
    tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="TRX-1")
    tranche_mark_paid(tranche=last, by=finance, paid_on=TODAY(), reference="TRX-2")
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE


def test_an_award_not_active_gets_no_tranches(call: Any) -> None:
    award = active_award(call)
    award.status = AwardStatus.SIGNED
    award.save()
    assert tranches_open(award_id=award.pk, trigger="signature") == []
    assert not Tranche.objects.filter(award=award).exists()


# --- Approving and paying ---------------------------------------------------------------------


def test_only_staff_approve_and_only_a_due_tranche(
    call: Any, alice: Any, finance: Any, applicant: Any
) -> None:
    award = active_award(call)
    tranches_open(award_id=award.pk, trigger="signature")
    for outsider in (finance, applicant):
        with pytest.raises(PermissionDenied):
            tranche_approve(tranche=tranche(award, 1), by=outsider)
    with pytest.raises(PaymentError) as refused:
        tranche_approve(tranche=tranche(award, 2), by=alice)
    assert "is “Planned”" in refused.value.reason
    approved = tranche_approve(tranche=tranche(award, 1), by=alice)
    assert (approved.status, approved.approved_by) == (TrancheStatus.APPROVED, alice)
    assert AuditEvent.objects.filter(verb="tranche.approved", object_id=str(approved.pk)).exists()


def test_marking_paid_needs_finance_a_date_and_a_reference(
    call: Any, alice: Any, finance: Any
) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    with pytest.raises(PermissionDenied):
        tranche_mark_paid(tranche=first, by=alice, paid_on=TODAY(), reference="TRX-1")
    with pytest.raises(PaymentError) as no_date:
        tranche_mark_paid(tranche=first, by=finance, paid_on=None, reference="TRX-1")
    assert no_date.value.field == "paid_on"
    with pytest.raises(PaymentError) as future:
        tranche_mark_paid(
            tranche=first, by=finance, paid_on=TODAY() + timedelta(days=1), reference="TRX-1"
        )
    assert future.value.code == "date_future"
    with pytest.raises(PaymentError) as no_reference:
        tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="  ")
    assert no_reference.value.field == "reference"
    paid = tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="TRX-1")
    assert (paid.status, paid.paid_reference, paid.paid_by) == (
        TrancheStatus.PAID,
        "TRX-1",
        finance,
    )
    assert selectors.award_money(award).paid == Decimal("4000.00")


def test_a_payment_above_the_award_is_refused_with_the_figures(
    call: Any, alice: Any, finance: Any
) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    # A tranche row that says more than the award holds (edited outside the services).
    Tranche.objects.filter(pk=first.pk).update(amount=Decimal("10000.01"))
    with pytest.raises(PaymentError) as refused:
        tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="TRX-1")
    assert refused.value.code == "payment_above_award"
    assert refused.value.reason == (
        "This payment would exceed what the award owes: already paid EUR 0.00, this payment "
        "EUR 10,000.01, awarded EUR 10,000.00 less recovered EUR 0.00 = EUR 10,000.00."
    )
    assert tranche(award, 1).status == TrancheStatus.APPROVED


def test_a_recovery_reduces_what_is_owed_and_refuses_a_later_payment_beyond_it(
    call: Any, alice: Any, finance: Any
) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="TRX-1")
    tranches_open(award_id=award.pk, trigger="final_report")
    order = recovery_order_issue(
        award=award, amount="1500.00", reason="Costs not eligible", by=alice
    )
    assert (order.amount, order.to_recover) == (Decimal("1500.00"), Decimal("0.00"))
    last = tranche(award, 2)
    assert (last.amount, last.status) == (Decimal("4500.00"), TrancheStatus.DUE)
    money = selectors.award_money(award)
    assert (money.owed, money.paid, money.remaining) == (
        Decimal("8500.00"),
        Decimal("4000.00"),
        Decimal("4500.00"),
    )
    tranche_approve(tranche=last, by=alice)
    # The tranche as it stood before the order would now pay too much.
    Tranche.objects.filter(pk=last.pk).update(amount=Decimal("6000.00"))
    with pytest.raises(PaymentError) as refused:
        tranche_mark_paid(tranche=last, by=finance, paid_on=TODAY(), reference="TRX-2")
    assert "already paid EUR 4,000.00, this payment EUR 6,000.00" in refused.value.reason
    assert "less recovered EUR 1,500.00 = EUR 8,500.00" in refused.value.reason


def test_a_recovery_beyond_the_unpaid_money_is_to_be_paid_back(
    call: Any, alice: Any, finance: Any
) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="TRX-1")
    order = recovery_order_issue(award=award, amount="7000", reason="Project halved", by=alice)
    assert order.to_recover == Decimal("1000.00")
    assert tranche(award, 2).status == TrancheStatus.CANCELLED
    with pytest.raises(PaymentError) as refused:
        recovery_order_issue(award=award, amount="3000.01", reason="More", by=alice)
    assert refused.value.code == "amount_above_owed"


def test_the_balance_paid_after_the_final_report_completes_the_award_and_is_told(
    call: Any, alice: Any, finance: Any, committing: Any
) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="TRX-1")
    tranches_open(award_id=award.pk, trigger="final_report")
    last = tranche_approve(tranche=tranche(award, 2), by=alice)
    # The final report (scheduled with the tranches) approved, as its review would.
    assert BeneficiaryReport.objects.filter(award=award).update(status="approved") == 1
    mail.outbox.clear()
    with committing(execute=True):
        tranche_mark_paid(tranche=last, by=finance, paid_on=TODAY(), reference="TRX-2")
    award.refresh_from_db()
    assert award.status == AwardStatus.COMPLETED
    assert len(mail.outbox) == 1
    assert "EUR 6,000.00" in mail.outbox[0].body
    assert "TRX-2" in mail.outbox[0].body


# --- Termination ------------------------------------------------------------------------------


def test_termination_cancels_unpaid_tranches_and_records_the_recovery(
    call: Any, alice: Any, finance: Any, committing: Any
) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="TRX-1")
    with pytest.raises(PaymentError) as too_much:
        award_terminate(award=award, reason="Fraud", recovery_amount="4000.01", by=alice)
    assert too_much.value.field == "recovery_amount"
    mail.outbox.clear()
    with committing(execute=True):
        award_terminate(award=award, reason="Project abandoned", recovery_amount="2500", by=alice)
    award.refresh_from_db()
    assert award.status == AwardStatus.TERMINATED
    assert tranche(award, 2).status == TrancheStatus.CANCELLED
    order = RecoveryOrder.objects.get(award=award)
    assert (order.amount, order.to_recover, order.reason) == (
        Decimal("8500.00"),
        Decimal("2500.00"),
        "Project abandoned",
    )
    money = selectors.award_money(award)
    assert (money.owed, money.paid, money.to_pay_back) == (
        Decimal("1500.00"),
        Decimal("4000.00"),
        Decimal("2500.00"),
    )
    assert AuditEvent.objects.filter(verb="award.terminated", object_id=str(award.pk)).exists()
    assert len(mail.outbox) == 1
    assert "Project abandoned" in mail.outbox[0].body
    assert "EUR 2,500.00" in mail.outbox[0].body
    with pytest.raises(PaymentError):
        award_terminate(award=award, reason="Again", recovery_amount="0", by=alice)


# --- Pages and API ----------------------------------------------------------------------------


def test_the_plan_page_refuses_a_wrong_sum_and_saves_a_right_one(call: Any, alice: Any) -> None:
    client = login(Client(), alice, mfa=True)
    url = reverse("admin:grants_tranche_plan", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "This call follows the default plan" in page.content.decode()
    data = {
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "2",
        "steps-0-percent": "40",
        "steps-0-trigger": "signature",
        "steps-1-percent": "70",
        "steps-1-trigger": "final_report",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "they add up to 110 %" in refused.content.decode()
    saved = client.post(url, {**data, "steps-1-percent": "60", "steps-0-percent": "40"})
    assert saved.status_code == 302
    shown = client.get(url).content.decode()
    assert "The payment plan is saved." in shown
    assert "This call follows the default plan" not in shown
    assert list(PaymentPlanStep.objects.filter(call=call).values_list("percent", "trigger")) == [
        (Decimal("40.00"), "signature"),
        (Decimal("60.00"), "final_report"),
    ]


def test_finance_records_a_payment_in_the_back_office_and_staff_cannot(
    call: Any, alice: Any, finance: Any
) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    url = reverse("admin:grants_tranche_pay", args=[first.pk])
    assert login(Client(), alice, mfa=True).get(url).status_code == 403
    client = login(Client(), finance, mfa=True)
    listing = client.get(reverse("admin:grants_tranche_changelist") + "?status=approved")
    assert listing.status_code == 200
    assert award.application.receipt_number in listing.content.decode()
    refused = client.post(
        url, {"paid_on": (TODAY() + timedelta(days=3)).isoformat(), "reference": "X"}
    )
    assert refused.status_code == 400
    assert "cannot be in the future" in refused.content.decode()
    done = client.post(url, {"paid_on": TODAY().isoformat(), "reference": "BANK-778"})
    assert done.status_code == 302
    assert tranche(award, 1).paid_reference == "BANK-778"


def test_the_beneficiary_sees_the_tranches_and_others_do_not(call: Any, alice: Any) -> None:
    owner = UserFactory()
    award = active_award(call, owner=owner)
    tranches_open(award_id=award.pk, trigger="signature")
    page = login(Client(), owner).get(reverse("grants_payments", args=[award.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-tranche="1" data-status="due"' in body
    assert 'data-tranche="2" data-status="planned"' in body
    assert "EUR 4,000.00" in body and "EUR 6,000.00" in body
    other = login(Client(), UserFactory()).get(reverse("grants_payments", args=[award.pk]))
    assert other.status_code == 404


def test_the_api_lists_the_tranches_of_an_award(call: Any, alice: Any) -> None:
    owner = UserFactory()
    award = active_award(call, owner=owner)
    tranches_open(award_id=award.pk, trigger="signature")
    row = login(Client(), owner).get(f"/api/v1/awards/{award.pk}/").json()
    assert [(t["position"], t["percent"], t["amount"], t["status"]) for t in row["tranches"]] == [
        (1, "40.00", "4000.00", "due"),
        (2, "60.00", "6000.00", "planned"),
    ]
    assert row["tranches"][1]["due_at"] is None and row["tranches"][0]["paid_on"] is None


def test_the_dashboard_counts_tranches_for_staff_and_finance(
    call: Any, alice: Any, finance: Any
) -> None:
    award = active_award(call)
    tranches_open(award_id=award.pk, trigger="signature")
    page = login(Client(), alice, mfa=True).get("/admin/").content.decode()
    assert "Payments waiting" in page
    line = page[: page.index("due, to approve for payment")][-400:]
    assert "status__exact=due" in line
    assert ">1<" in line.replace(" ", "").replace("\n", "")
    tranche_approve(tranche=tranche(award, 1), by=alice)
    finance_page = login(Client(), finance, mfa=True).get("/admin/").content.decode()
    assert "approved, to pay" in finance_page
    assert "Offers awaiting an answer" not in finance_page


def test_another_programme_sees_no_tranche(
    call: Any, alice: Any, charlie: Any, client_b: Any
) -> None:
    award = active_award(call)
    tranches_open(award_id=award.pk, trigger="signature")
    first = tranche(award, 1)
    client = login(client_b, charlie, mfa=True)
    assert client.get(reverse("admin:grants_tranche_change", args=[first.pk])).status_code == 404
    assert client.post(reverse("admin:grants_tranche_approve", args=[first.pk])).status_code == 404
    assert tranche(award, 1).status == TrancheStatus.DUE


def test_the_tranche_list_and_the_payments_page_have_fixed_query_counts(
    call: Any, alice: Any, django_assert_max_num_queries: Any
) -> None:
    owner = UserFactory()
    mine = active_award(call, owner=owner)
    tranches_open(award_id=mine.pk, trigger="signature")
    for _number in range(8):
        award = active_award(call)
        tranches_open(award_id=award.pk, trigger="signature")
    staff = login(Client(), alice, mfa=True)
    url = reverse("admin:grants_tranche_changelist")
    with django_assert_max_num_queries(25) as captured:
        assert staff.get(url).status_code == 200
    few = len(captured)
    for _number in range(8):
        award = active_award(call)
        tranches_open(award_id=award.pk, trigger="signature")
    with django_assert_max_num_queries(few):
        assert staff.get(url).status_code == 200
    applicant = login(Client(), owner)
    with django_assert_max_num_queries(20):
        assert applicant.get(reverse("grants_payments", args=[mine.pk])).status_code == 200


def test_finance_records_the_money_paid_back(call: Any, alice: Any, finance: Any) -> None:
    award = active_award(call)
    first = approved_first(award, alice)
    tranche_mark_paid(tranche=first, by=finance, paid_on=TODAY(), reference="TRX-1")
    order = recovery_order_issue(award=award, amount="7000", reason="Project halved", by=alice)
    url = reverse("admin:grants_recoveryorder_recovered", args=[order.pk])
    assert login(Client(), alice, mfa=True).get(url).status_code == 403
    client = login(Client(), finance, mfa=True)
    record = client.get(reverse("admin:grants_recoveryorder_change", args=[order.pk]))
    assert url in record.content.decode()
    assert client.post(url, {"recovered_on": TODAY().isoformat()}).status_code == 302
    order.refresh_from_db()
    assert order.recovered_on == TODAY()
    assert AuditEvent.objects.filter(verb="recovery_order.recovered").count() == 1


def test_staff_issue_a_recovery_order_and_terminate_in_the_back_office(
    call: Any, alice: Any, finance: Any
) -> None:
    award = active_award(call)
    approved_first(award, alice)
    client = login(Client(), alice, mfa=True)
    issue = reverse("admin:grants_recoveryorder_issue")
    refused = client.post(issue, {"award": award.pk, "amount": "10000.01", "reason": "x"})
    assert refused.status_code == 400
    assert "is more than the award still owes (EUR 10,000.00" in refused.content.decode()
    done = client.post(issue, {"award": award.pk, "amount": "1000", "reason": "Ineligible costs"})
    assert done.status_code == 302
    assert tranche(award, 2).amount == Decimal("5000.00")
    terminate = reverse("admin:grants_recoveryorder_terminate")
    assert client.post(terminate, {"award": award.pk, "reason": "Abandoned"}).status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.TERMINATED
    assert {t.status for t in selectors.tranches_of(award)} == {TrancheStatus.CANCELLED}
