"""The reconciliation of the funding reports with the database: both sides agree on data
built by hand, a difference made outside the services (or by a report column gone wrong)
is named with both figures, and the coordinators' button shows it and is audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from grants.models import RecoveryOrder, Tranche
from reports.exports.columns import Column, ColumnType
from reports.exports.selectors import RECIPIENT_PROVIDERS
from reports.exports.selectors.grant_money import GrantMoneyColumns
from reports.reconciliation import selectors, services
from socialtech.audit.models import AuditEvent
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, login
from tests.factories import MembershipFactory, UserFactory

RECONCILE = "admin:reports_budgetline_reconcile"


def tranche(award: Any, position: int, amount: str, status: str) -> Tranche:
    return Tranche.objects.create(
        award=award,
        position=position,
        percent=Decimal("50"),
        amount=Decimal(amount),
        trigger="signature",
        status=status,
        paid_on=timezone.localdate() if status == "paid" else None,
    )


@pytest.fixture
def paid(world: Any) -> Any:
    """Tranches paid on two grants, one planned, and a recovery order partly paid back."""
    tranche(world.awards["signed"], 1, "15000.00", "paid")
    tranche(world.awards["german"], 1, "8000.00", "paid")
    tranche(world.awards["german"], 2, "12000.00", "planned")
    RecoveryOrder.objects.create(
        award=world.awards["german"],
        amount=Decimal("5000.00"),
        to_recover=Decimal("1000.00"),
        recovered_on=timezone.localdate(),
        reason="Ineligible costs.",
    )
    return world


def by_key(totals: list[selectors.Total]) -> dict[str, tuple[Any, Any]]:
    return {total.key: (total.report, total.database) for total in totals}


def test_on_data_built_by_hand_the_reports_and_the_database_agree(paid):
    totals = selectors.reconciliation_totals()

    assert by_key(totals) == {
        "awards": (4, 4),
        "awarded": (Decimal("133000.00"), Decimal("133000.00")),
        "paid": (Decimal("23000.00"), Decimal("23000.00")),
        "recovered": (Decimal("5000.00"), Decimal("5000.00")),
        "paid_back": (Decimal("1000.00"), Decimal("1000.00")),
        "contracted": (Decimal("95000.00"), Decimal("95000.00")),
        "contracted_count": (3, 3),
    }
    assert selectors.reconciliation_differences() == []


def test_a_tranche_paid_outside_the_services_is_named(paid):
    # A payment recorded on an offer nobody accepted: no report row shows it.
    tranche(paid.awards["offered"], 1, "2500.00", "paid")

    (difference,) = selectors.reconciliation_differences()

    assert difference.key == "paid"
    assert difference.message == "Paid in total: report EUR 23,000.00, database EUR 25,500.00"


def test_a_report_column_giving_a_wrong_figure_is_named(paid, monkeypatch):
    class OffByOne(GrantMoneyColumns):
        def columns(self, context: Any) -> list[Column]:
            columns = super().columns(context)
            return [
                Column(
                    column.key,
                    column.heading,
                    ColumnType.MONEY,
                    value=lambda row: row["recovered_total"] + 1,
                )
                if column.key == "recovered_total"
                else column
                for column in columns
            ]

    index = next(
        position
        for position, factory in enumerate(RECIPIENT_PROVIDERS)
        if getattr(factory, "__name__", "") == "grant_money_columns"
    )
    providers = list(RECIPIENT_PROVIDERS)
    providers[index] = lambda filters: OffByOne(tranche_count=2)
    monkeypatch.setattr("reports.exports.selectors.recipients.RECIPIENT_PROVIDERS", providers)

    differences = selectors.reconciliation_differences()

    assert [total.message for total in differences] == [
        "Recovery orders: report EUR 5,004.00, database EUR 5,000.00"
    ]


def test_a_grant_moved_to_a_draft_call_outside_the_services_is_named(paid):
    # The sub-call report counts the contracted grants of published calls; a grant moved to
    # a draft call (as a bad import would) is missing from it.
    draft = CallFactory(tenant=paid.call.tenant, reference="DRAFTX", status="draft")
    award = paid.awards["sent"]
    type(award).objects.filter(pk=award.pk).update(call=draft)
    Application.objects.filter(pk=award.application_id).update(call=draft)

    messages = [total.message for total in selectors.reconciliation_differences()]

    assert messages == [
        "Awarded to contracted (sub-call report): report EUR 50,000.00, database EUR 95,000.00",
        "Contracted (sub-call report): report 2, database 3",
    ]


def test_the_button_shows_no_difference_and_is_audited(paid, bob):
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)

    response = client.post(reverse(RECONCILE))

    assert response.status_code == 200
    page = response.content.decode()
    assert "No difference: the funding reports' totals equal the awards and payments" in page
    assert 'id="reconciliation-differences"' not in page
    assert "EUR 23,000.00" in page
    event = AuditEvent.objects.get(verb="reports.reconciled")
    assert event.actor == bob
    assert event.data["differences"] == 0
    assert event.data["totals"]["paid"] == {"report": "23000.00", "database": "23000.00"}


def test_the_button_names_each_difference(paid, alice):
    tranche(paid.awards["offered"], 1, "2500.00", "paid")
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)

    page = client.post(reverse(RECONCILE)).content.decode()

    assert "The reports and the database differ in 1 total:" in page
    assert "<li>Paid in total: report EUR 23,000.00, database EUR 25,500.00</li>" in page
    assert AuditEvent.objects.get(verb="reports.reconciled").data["differences"] == 1


def test_the_budget_page_offers_the_button_and_a_get_is_refused(paid, bob):
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)

    page = client.get(reverse("admin:reports_budgetline_programme")).content.decode()

    assert f'action="{reverse(RECONCILE)}"' in page
    assert client.get(reverse(RECONCILE)).status_code == 405
    assert not AuditEvent.objects.filter(verb="reports.reconciled").exists()


def test_only_coordinators_and_staff_may_reconcile(paid, charlie):
    evaluator = UserFactory()
    MembershipFactory(tenant=paid.call.tenant, user=evaluator, role="evaluator")
    with pytest.raises(PermissionDenied):
        services.reconciliation_run(by=evaluator)
    for user in (evaluator, UserFactory(), charlie):
        client = login(Client(HTTP_HOST=HOST_A), user, mfa=True)
        assert client.post(reverse(RECONCILE)).status_code in {302, 403}
    assert not AuditEvent.objects.filter(verb="reports.reconciled").exists()
