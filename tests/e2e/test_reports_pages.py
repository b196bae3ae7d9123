"""axe on the reports' pages the journeys do not pass by: the public list of beneficiaries
(and its empty state), the programme budget and the reconciliation's answer."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from playwright.sync_api import expect

from reports.models import BudgetLine, CallBudgetLine, Partner
from socialtech.tenancy.context import tenant_context
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import label, sign_in
from tests.reports.conftest import build_world


def test_the_public_beneficiary_list_has_no_wcag_violations(page, e2e_tenant, bob):
    page.goto("/beneficiaries/")
    shot(page, "empty")
    assert_accessible(page)
    with tenant_context(e2e_tenant), transaction.atomic():
        world = build_world(e2e_tenant, bob)
        listed = world.awards["signed"].organisation.legal_name
    page.goto("/beneficiaries/")
    expect(page.locator("main").get_by_text(listed).first).to_be_visible()
    shot(page, "list")
    assert_accessible(page)
    # The filters work from the keyboard and keep what was chosen.
    page.get_by_label(label("Country")).select_option("DE")
    page.get_by_role("button", name="Show beneficiaries").click()
    page.wait_for_url("**/beneficiaries/?*country=DE*")
    shot(page, "filtered")
    assert_accessible(page)


def test_the_programme_budget_and_the_reconciliation_have_no_wcag_violations(
    page, live_server, e2e_tenant, alice, bob
):
    with tenant_context(e2e_tenant), transaction.atomic():
        world = build_world(e2e_tenant, bob)
        partner = Partner.objects.create(
            name="Social Economy Network", short_name="SEN", country="BE"
        )
        line = BudgetLine.objects.create(
            partner=partner, work_package=world.call.work_package, amount=Decimal("100000")
        )
        CallBudgetLine.objects.create(call=world.call, line=line)
    secret = with_mfa(alice)
    sign_in(page, email=alice.email)
    page.get_by_label(label("Code")).fill(totp_now(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")

    page.goto(reverse("admin:reports_budgetline_changelist"))
    shot(page, "budget-lines")
    assert_accessible(page)
    page.locator(".object-tools").get_by_role("link", name="Programme budget").click()
    page.wait_for_url("**" + reverse("admin:reports_budgetline_programme"))
    expect(page.get_by_text("Social Economy Network").first).to_be_visible()
    shot(page, "programme-budget")
    assert_accessible(page)
    page.get_by_role("button", name="Reconcile the reports with the database").click()
    page.wait_for_load_state()
    shot(page, "reconciliation")
    assert_accessible(page)
