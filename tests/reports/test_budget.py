"""The programme budget: the figures of each line (committed, paid, remaining, with recovery
orders), the warning on the make-offer page before an offer overruns its line, the
back-office pages and the API, and who may read them.

On the funding world (tests/reports/conftest.py), call OC1 has awards accepted and later
of 38,000 + 45,000 + 30,000 + 20,000 = 133,000, and an offer of 40,000 awaiting an answer.
Here the signed grant (30,000) has a tranche of 15,000 paid, the German grant (20,000) one
of 8,000 paid and one of 12,000 planned, and a recovery order of 5,000.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Award, RecoveryOrder, Tranche
from reports.budget import selectors, services
from reports.budget.errors import BudgetError
from reports.models import BudgetLine, CallBudgetLine, Partner
from socialtech.audit.models import AuditEvent
from socialtech.registry import offer_check_warnings
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory, WorkPackageFactory
from tests.conftest import HOST_A, HOST_B, login
from tests.factories import MembershipFactory, UserFactory
from tests.grants.factories import AwardFactory

PROGRAMME = "admin:reports_budgetline_programme"
MAKE_OFFER = "admin:grants_award_make_offer"


def tranche(award: Award, position: int, amount: str, status: str) -> Tranche:
    return Tranche.objects.create(
        award=award,
        position=position,
        percent=Decimal("50"),
        amount=Decimal(amount),
        trigger="signature",
        status=status,
        paid_on=timezone.localdate() if status == "paid" else None,
    )


def line_for(call: Any, *, partner: Partner, amount: str, by: Any, label: str = "") -> BudgetLine:
    line = services.budget_line_save(
        by=by, partner=partner, work_package=call.work_package, amount=Decimal(amount), label=label
    )
    services.call_budget_line_set(call=call, line=line, by=by)
    return line


@pytest.fixture
def money(world: Any, bob: Any) -> dict[str, Any]:
    """The world's grants with tranches and a recovery order, and two lines."""
    tranche(world.awards["signed"], 1, "15000.00", "paid")
    tranche(world.awards["german"], 1, "8000.00", "paid")
    tranche(world.awards["german"], 2, "12000.00", "planned")
    RecoveryOrder.objects.create(
        award=world.awards["german"], amount=Decimal("5000.00"), reason="Ineligible costs."
    )
    sen = services.partner_save(
        by=bob, name="Social Economy Network", short_name="SEN", country="BE"
    )
    dih = services.partner_save(by=bob, name="Digital Hub Torino", short_name="TDH", country="IT")
    first = line_for(world.call, partner=sen, amount="200000.00", by=bob, label="Green grants")
    second = line_for(world.other_call, partner=dih, amount="10000.00", by=bob)
    return {"sen": sen, "dih": dih, "first": first, "second": second}


def test_each_line_commits_awards_less_recoveries_and_pays_tranches_paid(world, money):
    budget = selectors.programme_budget()

    first, second = budget.lines
    assert first.line == money["first"]
    assert (first.budget, first.awarded, first.recovered) == (
        Decimal("200000.00"),
        Decimal("133000.00"),
        Decimal("5000.00"),
    )
    assert first.committed == Decimal("128000.00")
    assert first.paid == Decimal("23000.00")
    assert first.remaining == Decimal("72000.00")
    assert first.percent_used == Decimal("64.0")
    assert first.offered == Decimal("40000.00")
    assert not first.over_committed
    assert (second.committed, second.paid, second.remaining) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("10000.00"),
    )
    totals = budget.totals
    assert (totals.budget, totals.committed, totals.paid, totals.remaining) == (
        Decimal("210000.00"),
        Decimal("128000.00"),
        Decimal("23000.00"),
        Decimal("82000.00"),
    )
    assert isinstance(totals.committed, Decimal)


def test_a_line_below_its_commitments_is_flagged_over_committed(world, money, bob):
    services.budget_line_save(
        by=bob,
        line=money["first"],
        partner=money["sen"],
        work_package=world.call.work_package,
        amount=Decimal("100000.00"),
    )

    (over,) = selectors.programme_budget().over_committed
    assert over.remaining == Decimal("-28000.00")
    assert over.over_text == "EUR 28,000.00"


def test_vouchers_on_a_line_commit_their_value_and_pay_their_reimbursed_claims(world, money, bob):
    from datetime import date

    from tests.vouchers.factories import SchemeFactory, VoucherFactory
    from vouchers.models import Claim

    scheme = SchemeFactory(
        tenant=world.call.tenant, call__work_package=world.other_call.work_package
    )
    services.call_budget_line_set(call=scheme.call, line=money["second"], by=bob)
    held = VoucherFactory(tenant=scheme.tenant, scheme=scheme, status="reimbursed")
    VoucherFactory(tenant=scheme.tenant, scheme=scheme)
    VoucherFactory(tenant=scheme.tenant, scheme=scheme, status="expired")
    Claim.objects.create(
        voucher=held,
        status="reimbursed",
        submitted_by=bob,
        amount=Decimal("4000.00"),
        invoice_number="F-2",
        invoice_date=date(2026, 9, 1),
        invoice="i.pdf",
        delivery_proof="d.pdf",
        reimbursed_on=date(2026, 9, 9),
        reimbursement_reference="SEPA-2",
    )

    second = selectors.programme_budget().lines[1]

    # Two vouchers of 5,000 held (the expired one gave its value back) fill the line's
    # 10,000 exactly; one more takes it over.
    assert (second.committed, second.paid, second.remaining) == (
        Decimal("10000.00"),
        Decimal("4000.00"),
        Decimal("0.00"),
    )
    assert not selectors.over_committed_lines().filter(pk=money["second"].pk).exists()
    VoucherFactory(tenant=scheme.tenant, scheme=scheme)
    assert selectors.over_committed_lines().filter(pk=money["second"].pk).exists()


def test_a_call_of_another_programme_or_a_lapsed_offer_counts_nowhere(world, money, world_b):
    declined = world.awards["offered"]
    declined.status = "declined"
    declined.save()

    (first, _second) = selectors.programme_budget().lines
    assert first.offered == Decimal("0.00")
    assert first.committed == Decimal("128000.00")


def test_the_services_refuse_a_second_line_and_a_line_of_another_work_package(world, money, bob):
    with pytest.raises(BudgetError) as twice:
        services.budget_line_save(
            by=bob, partner=money["sen"], work_package=world.call.work_package, amount=Decimal(1)
        )
    assert twice.value.code == "line_exists"
    assert "SEN already has a budget line in wp5" in twice.value.reason
    with pytest.raises(BudgetError) as mismatch:
        services.call_budget_line_set(call=world.call, line=money["second"], by=bob)
    assert mismatch.value.code == "work_package_mismatch"
    assert "call OC1 belongs to work package wp5" in mismatch.value.reason
    with pytest.raises(BudgetError) as in_use:
        services.budget_line_delete(line=money["first"], by=bob)
    assert in_use.value.code == "line_in_use"


def test_a_call_draws_on_one_line_and_each_change_is_audited(world, money, bob):
    other = services.budget_line_save(
        by=bob, partner=money["dih"], work_package=world.call.work_package, amount=Decimal(5000)
    )

    services.call_budget_line_set(call=world.call, line=other, by=bob)

    assert CallBudgetLine.objects.get(call=world.call).line == other
    assert CallBudgetLine.objects.filter(call=world.call).count() == 1
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "partner.created",
        "budget_line.created",
        "call.budget_line_set",
    } <= verbs
    moved = AuditEvent.objects.filter(verb="call.budget_line_set").order_by("-pk").first()
    assert moved.data == {"line": other.pk, "line_before": money["first"].pk}


def test_applicants_and_evaluators_may_not_change_the_budget(world, money):
    evaluator = UserFactory()
    MembershipFactory(tenant=world.call.tenant, user=evaluator, role="evaluator")
    with pytest.raises(PermissionDenied):
        services.partner_save(by=evaluator, name="X", short_name="X", country="IT")
    with pytest.raises(PermissionDenied):
        services.budget_line_delete(line=money["second"], by=UserFactory())


# --- The warning before an offer -----------------------------------------------------------


def test_the_offer_check_warns_only_when_the_offer_takes_the_line_over(world, money):
    # Committed 128,000 + awaiting 40,000 of a budget of 200,000: 32,000 fit.
    assert offer_check_warnings(world.call, Decimal("32000.00")) == []
    (warning,) = offer_check_warnings(world.call, Decimal("40000.00"))
    assert "“SEN · wp5 · Green grants” over its budget" in warning
    assert "budget EUR 200,000.00, committed EUR 128,000.00" in warning
    assert "offers awaiting an answer EUR 40,000.00, this offer EUR 40,000.00" in warning
    assert "over by EUR 8,000.00" in warning
    unlinked = CallFactory(tenant=world.call.tenant, reference="FREE", work_package="wp5")
    assert offer_check_warnings(unlinked, Decimal("99999999.00")) == []


def _offer_form(application: Any) -> dict[str, Any]:
    return {
        "application": application.pk,
        "accept_by": (timezone.now() + timedelta(days=20)).date().isoformat(),
    }


def test_the_make_offer_page_warns_before_an_offer_overruns_its_line(world, money, alice):
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    application = world.applications["main"]  # main list, 40,000 requested, no offer yet

    warned = client.post(reverse(MAKE_OFFER), _offer_form(application))

    assert warned.status_code == 200
    page = warned.content.decode()
    assert "Read before making this offer:" in page
    assert "over by EUR 8,000.00" in page
    assert "Make the offer anyway" in page
    assert not Award.objects.filter(application=application).exists()
    confirm = warned.context["confirm_key"]
    made = client.post(
        reverse(MAKE_OFFER), {**_offer_form(application), "confirm_warnings": confirm}
    )
    assert made.status_code == 302
    assert Award.objects.get(application=application).amount == Decimal("40000.00")


def test_a_confirmation_given_for_another_amount_does_not_hold(world, money, alice):
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    application = world.applications["main"]
    form = {**_offer_form(application), "amount": "39000", "reason": "Reduced."}

    again = client.post(reverse(MAKE_OFFER), {**form, "confirm_warnings": f"{application.pk}:1"})

    assert again.status_code == 200
    assert "over by EUR 7,000.00" in again.content.decode()
    assert not Award.objects.filter(application=application).exists()


def test_the_make_offer_page_does_not_warn_when_the_line_can_take_it(world, money, alice, bob):
    services.budget_line_save(
        by=bob,
        line=money["first"],
        partner=money["sen"],
        work_package=world.call.work_package,
        amount=Decimal("250000.00"),
    )
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    application = world.applications["main"]

    made = client.post(reverse(MAKE_OFFER), _offer_form(application))

    assert made.status_code == 302
    assert Award.objects.filter(application=application).exists()
    page = client.get(reverse(MAKE_OFFER)).content.decode()
    assert "Read before making this offer:" not in page


# --- The back-office page and the API --------------------------------------------------------


def test_the_programme_budget_page_shows_each_line_and_the_totals(world, money, bob):
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)

    response = client.get(reverse(PROGRAMME))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<th scope="row">SEN · Social Economy Network</th>' in page
    for text in (
        "EUR 200,000.00",
        "EUR 128,000.00",
        "EUR 23,000.00",
        "EUR 72,000.00",
        "64.0 %",
        "EUR 210,000.00",
        "EUR 82,000.00",
        "OC1",
    ):
        assert text in page, text
    assert "over-committed" not in page.split('id="programme-budget"')[1].split("</tbody>")[0]


def test_the_page_names_over_committed_lines_and_calls_without_a_line(world, money, bob):
    services.budget_line_save(
        by=bob,
        line=money["first"],
        partner=money["sen"],
        work_package=world.call.work_package,
        amount=Decimal("100000.00"),
    )
    CallBudgetLine.objects.filter(call=world.other_call).delete()
    lonely = CallFactory(tenant=world.call.tenant, reference="LONE", status="results")
    AwardFactory(application__call=lonely, application__tenant=lonely.tenant, status="accepted")
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)

    page = client.get(reverse(PROGRAMME)).content.decode()

    assert "These budget lines are over-committed:" in page
    assert "<li>SEN · wp5: over by EUR 28,000.00</li>" in page
    assert "EUR -28,000.00 <strong>(over-committed)</strong>" in page
    assert "draw on no budget line" in page
    assert "LONE" in page


def test_the_budget_page_costs_the_same_queries_for_three_times_the_lines(world, money, bob):
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)
    url = reverse(PROGRAMME)
    client.get(url)

    def more(count: int) -> None:
        for index in range(count):
            partner = Partner.objects.create(
                name=f"P{index}", short_name=f"P{index}-{count}", country="DE"
            )
            work_package = WorkPackageFactory(tenant=world.call.tenant, code=f"wp-{index}-{count}")
            call = CallFactory(
                tenant=world.call.tenant,
                work_package=work_package.code,
                reference=f"Q{index}N{count}",
            )
            line = BudgetLine.objects.create(
                partner=partner, work_package=work_package, amount=1000
            )
            CallBudgetLine.objects.create(call=call, line=line)
            award = AwardFactory(
                application__call=call, application__tenant=call.tenant, status="active"
            )
            tranche(award, 1, "100.00", "paid")

    more(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more(6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["budget"].lines) == 2 + 2 + 6
    assert len(many) == len(few)


def test_the_api_gives_the_lines_and_totals_to_coordinators(world, money, bob):
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)

    body = client.get("/api/v1/reports/budget/").json()

    first = body["lines"][0]
    assert first["partner"] == {
        "short_name": "SEN",
        "name": "Social Economy Network",
        "country": "BE",
    }
    assert (first["work_package"], first["label"], first["calls"]) == (
        "wp5",
        "Green grants",
        ["green-grants"],
    )
    assert (first["budget"], first["committed"], first["paid"], first["remaining"]) == (
        "200000.00",
        "128000.00",
        "23000.00",
        "72000.00",
    )
    assert (first["percent_used"], first["offered"], first["over_committed"]) == (
        "64.0",
        "40000.00",
        False,
    )
    assert body["totals"]["committed"] == "128000.00"
    assert body["totals"]["remaining"] == "82000.00"


def test_applicants_evaluators_and_other_programmes_are_refused(world, money, charlie, tenant_b):
    applicant = UserFactory()
    evaluator = UserFactory()
    MembershipFactory(tenant=world.call.tenant, user=evaluator, role="evaluator")
    for user in (applicant, evaluator):
        client = login(Client(HTTP_HOST=HOST_A), user, mfa=True)
        assert client.get("/api/v1/reports/budget/").status_code == 403
        assert client.get(reverse(PROGRAMME)).status_code in {302, 403}
    other = login(Client(HTTP_HOST=HOST_A), charlie, mfa=True)
    assert other.get("/api/v1/reports/budget/").status_code == 403
    assert other.get(reverse(PROGRAMME)).status_code in {302, 403}
    # On its own host, programme B has no line: A's never show.
    own = login(Client(HTTP_HOST=HOST_B), charlie)
    body = own.get("/api/v1/reports/budget/").json()
    assert body["lines"] == []
    with tenant_context(tenant_b):
        assert selectors.programme_budget().lines == []


def test_staff_edit_lines_in_the_back_office_through_the_service(world, money, alice):
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    url = reverse("admin:reports_budgetline_change", args=[money["first"].pk])

    response = client.post(
        url,
        {
            "partner": money["sen"].pk,
            "work_package": world.call.work_package.pk,
            "amount": "150000.00",
            "label": "Green grants",
        },
    )

    assert response.status_code == 302
    money["first"].refresh_from_db()
    assert money["first"].amount == Decimal("150000.00")
    event = AuditEvent.objects.filter(verb="budget_line.updated").get()
    assert (event.data["amount"], event.data["amount_before"]) == ("150000.00", "200000.00")
    listing = client.get(reverse("admin:reports_budgetline_changelist")).content.decode()
    assert "EUR 128,000.00" in listing
    assert "EUR 22,000.00" in listing


def test_a_partner_added_twice_is_refused_next_to_its_short_name(world, money, bob):
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)

    response = client.post(
        reverse("admin:reports_partner_add"),
        {"short_name": "sen", "name": "Another network", "country": "DE"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Short name: another partner of the programme is already called “sen”." in page
    assert Partner.objects.count() == 2
    added = client.post(
        reverse("admin:reports_partner_add"),
        {"short_name": "UNI", "name": "University of Lund", "country": "SE"},
    )
    assert added.status_code == 302
    assert AuditEvent.objects.filter(verb="partner.created").count() == 3


def test_the_dashboard_counts_over_committed_lines_and_links_to_them(world, money, bob):
    client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)

    def card() -> Any:
        cards = {shown.name: shown for shown in client.get("/admin/").context["dashboard_cards"]}
        return cards["reports-budget-over-committed"]

    assert card().lines == []
    services.budget_line_save(
        by=bob,
        line=money["first"],
        partner=money["sen"],
        work_package=world.call.work_package,
        amount=Decimal("100000.00"),
    )

    (line,) = card().lines
    assert (str(line.label), line.count) == ("budget lines over-committed", 1)
    listed = client.get(line.url)
    assert listed.context["cl"].result_count == 1
    assert list(listed.context["cl"].result_list) == [money["first"]]
