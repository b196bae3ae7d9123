"""The back office's dashboard: counts of the active programme, shown to who may see them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from calls.models import Call
from evaluations.models import Assignment, RedressRequest
from grants.models import Award, BeneficiaryReport, DuplicateFlag, Tranche
from reports.models import BudgetLine, CallBudgetLine, Partner
from socialtech.admin_dashboard import Card, CardLine, _cards, register_card, registered_cards
from socialtech.tenancy.context import tenant_context
from tests.conftest import HOST_A, login
from tests.evaluations.test_results import application_of, expert, results_call
from tests.factories import MembershipFactory, UserFactory
from tests.vouchers.factories import AccreditationFactory, VoucherFactory
from vouchers.models import Accreditation, Claim

pytestmark = pytest.mark.django_db
INDEX = "/admin/"


def overdue_assignment(application, *, status="in_progress", days=1):
    return Assignment.unscoped.create(
        tenant=application.tenant,
        application=application,
        evaluator=expert(),
        status=status,
        due_at=timezone.now() - timedelta(days=days),
    )


def open_redress(application):
    return RedressRequest.unscoped.create(
        tenant=application.tenant,
        application=application,
        submitted_by=application.created_by,
        grounds="The score contradicts the comment.",
    )


def programme_rows(tenant, *, screening=2, overdue=3, redress=1, offers=1, flags=1):
    """Rows that need attention in ``tenant``, and some that do not."""
    with tenant_context(tenant):
        call = results_call(tenant)
        results_call(tenant, status="open")
        for index in range(screening):
            application_of(call, f"Waiting {tenant.slug} {index}", status="submitted")
        screened = application_of(call, f"Eligible {tenant.slug}", status="eligible")
        for _ in range(overdue):
            overdue_assignment(screened)
        overdue_assignment(screened, status="submitted")  # done: not overdue
        overdue_assignment(screened, days=-2)  # due the day after tomorrow
        for _ in range(redress):
            open_redress(screened)
        answered = open_redress(screened)
        answered.status = RedressRequest.Status.UPHELD
        answered.save()
        for index in range(offers):
            offer_to(application_of(call, f"Offered {tenant.slug} {index}", status="offered"))
        accepted = offer_to(  # answered: not awaiting
            application_of(call, f"Accepted {tenant.slug}", status="accepted"), status="accepted"
        )
        for index in range(flags):
            near_duplicate(call, f"Twin {tenant.slug} {index}")
        near_duplicate(call, f"Reviewed twin {tenant.slug}", status="dismissed")
        # A grant under way: a tranche to approve and a report to review.
        Tranche.unscoped.create(
            tenant=tenant,
            award=accepted,
            position=1,
            percent=Decimal("40"),
            amount=Decimal("1000"),
            trigger="signature",
            status="due",
        )
        BeneficiaryReport.unscoped.create(
            tenant=tenant,
            award=accepted,
            kind="final",
            due_on=timezone.localdate() + timedelta(days=30),
            status="submitted",
        )
        # The call draws on a budget line its accepted award takes over the budget.
        partner, _ = Partner.objects.get_or_create(
            short_name="SEN", defaults={"name": "Social Economy Network", "country": "BE"}
        )
        if call.work_package is not None:
            line, _ = BudgetLine.objects.get_or_create(
                partner=partner, work_package=call.work_package, defaults={"amount": 1}
            )
            CallBudgetLine.objects.create(call=call, line=line)
        # A provider's application for accreditation, and one decided.
        AccreditationFactory(tenant=tenant, status="applied")
        AccreditationFactory(tenant=tenant, status="accredited")
        # A voucher claim to verify.
        claimed = VoucherFactory(tenant=tenant, status="claim_submitted")
        Claim.unscoped.create(
            tenant=tenant,
            voucher=claimed,
            submitted_by=claimed.application.created_by,
            amount=Decimal("100.00"),
            invoice_number="F-1",
            invoice_date=timezone.localdate(),
            invoice="i.pdf",
            delivery_proof="d.pdf",
        )
        return call


def near_duplicate(call, name, *, status="open"):
    first = application_of(call, f"{name} A", status="eligible")
    second = application_of(call, f"{name} B", status="eligible")
    return DuplicateFlag.unscoped.create(
        tenant=call.tenant,
        application=first,
        call=call,
        other_application=second,
        other_key=second.pk,
        other_tenant=call.tenant,
        similarity=Decimal("0.930"),
        status=status,
    )


def offer_to(application, *, status="offered"):
    return Award.unscoped.create(
        tenant=application.tenant,
        application=application,
        organisation=application.organisation,
        call=application.call,
        amount=application.requested_amount,
        amount_requested=application.requested_amount,
        status=status,
        acceptance_deadline=timezone.now() + timedelta(days=14),
    )


def cards_of(response):
    return {card.name: card for card in response.context["dashboard_cards"]}


def counts(card):
    return {str(line.label): line.count for line in card.lines}


@pytest.fixture
def staff(alice):
    return login(Client(HTTP_HOST=HOST_A), alice, mfa=True)


def test_the_cards_count_the_active_programmes_rows_only(tenant_a, tenant_b, staff):
    programme_rows(tenant_a, screening=2, overdue=3, redress=1, offers=2)
    programme_rows(tenant_b, screening=5, overdue=4, redress=3, offers=4)

    response = staff.get(INDEX)

    assert response.status_code == 200
    cards = cards_of(response)
    # The voucher call of the claim has its results published.
    assert counts(cards["calls-by-status"]) == {
        "In evaluation": 1,
        "Open": 1,
        "Results published": 1,
    }
    assert counts(cards["applications-awaiting-screening"]) == {"submitted, not screened yet": 2}
    assert counts(cards["vouchers-accreditations-awaiting-decision"]) == {
        "applied, no decision yet": 1
    }
    assert counts(cards["vouchers-claims-waiting"]) == {"submitted, to verify": 1}
    assert counts(cards["evaluations-overdue"]) == {"reviews past their due date": 3}
    assert counts(cards["redress-open"]) == {"open, not answered yet": 1}
    assert counts(cards["grants-offers-awaiting-answer"]) == {"offered, no answer yet": 2}
    html = response.content.decode()
    assert 'class="dashboard-cards"' in html
    assert html.index('class="dashboard-cards"') < html.index('class="app-applications')


def test_each_line_links_to_the_list_filtered_to_the_rows_it_counts(tenant_a, tenant_b, staff):
    programme_rows(tenant_a, screening=2, overdue=3, redress=1, offers=2)
    programme_rows(tenant_b, screening=5, overdue=4, redress=3, offers=4)
    cards = cards_of(staff.get(INDEX))

    for card, model in [
        ("applications-awaiting-screening", Application),
        ("evaluations-overdue", Assignment),
        ("redress-open", RedressRequest),
        ("calls-by-status", Call),
        ("grants-offers-awaiting-answer", Award),
        ("vouchers-accreditations-awaiting-decision", Accreditation),
        ("vouchers-claims-waiting", Claim),
    ]:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for line in cards[card].lines:
            assert urlsplit(line.url).path == changelist, line.url
            listed = staff.get(line.url)
            assert listed.status_code == 200, line.url
            assert listed.context["cl"].result_count == line.count, (card, line.url)


def test_empty_cards_say_nothing_needs_attention(tenant_a, staff):
    cards = cards_of(staff.get(INDEX))

    assert all(card.lines == [] for card in cards.values())
    html = staff.get(INDEX).content.decode()
    assert "No application awaits screening." in html
    assert "No review is past its due date." in html
    assert "No redress request is waiting for an answer." in html
    assert "No calls yet." in html


def test_a_card_shows_only_to_who_may_view_its_list(tenant_a):
    programme_rows(tenant_a)
    evaluator = UserFactory(email="rapporteur@example.org")
    MembershipFactory(tenant=tenant_a, user=evaluator, role="evaluator")
    client = login(Client(HTTP_HOST=HOST_A), evaluator, mfa=True)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert response.context["dashboard_cards"] == []
    assert 'class="dashboard-cards"' not in response.content.decode()


def test_a_card_of_an_app_registered_later_shows_with_its_link(tenant_a, staff):
    # As a grants app would register "offers awaiting an answer".
    register_card(
        Card(
            name="test-offers",
            model=Application,
            title="Offers awaiting an answer",
            empty_text="No offer awaits an answer.",
            read=lambda: [CardLine(label="offered", count=4, query={"status": "offered"})],
            order=1000,
        )
    )
    try:
        cards = cards_of(staff.get(INDEX))
    finally:
        del _cards["test-offers"]

    (line,) = cards["test-offers"].lines
    assert line.url == reverse("admin:applications_application_changelist") + "?status=offered"
    assert list(cards).index("test-offers") == len(cards) - 1


def index_queries(client):
    client.get(INDEX)  # the programme, session and content types are cached after one request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(INDEX)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_dashboard_costs_the_same_queries_for_few_and_many_rows(tenant_a, staff):
    programme_rows(tenant_a, screening=1, overdue=1, redress=1)
    few, response = index_queries(staff)
    assert counts(cards_of(response)["applications-awaiting-screening"]) == {
        "submitted, not screened yet": 1
    }

    programme_rows(tenant_a, screening=12, overdue=15, redress=9)
    many, response = index_queries(staff)

    assert counts(cards_of(response)["evaluations-overdue"]) == {"reviews past their due date": 16}
    assert many == few


def test_each_card_reads_its_lines_in_one_query(tenant_a):
    programme_rows(tenant_a, screening=6, overdue=5, redress=4)
    with tenant_context(tenant_a):
        for card in registered_cards():
            with CaptureQueriesContext(connection) as captured:
                lines = list(card.read())
            assert len(captured.captured_queries) == 1, card.name
            assert any(line.count for line in lines), card.name
