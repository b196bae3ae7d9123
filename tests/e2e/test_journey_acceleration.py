"""Acceleration in the browser: a participant's owner reports a quarter's KPIs (two wrong
figures named at once, what was typed kept, then submitted), finds an investor in the
directory and asks for an introduction; a creative professional signs up for a hackathon
as a sparring partner. Every page passes axe."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from socialtech.tenancy.context import tenant_context
from tests.acceleration.factories_accel import CohortFactory, enterprise_in
from tests.acceleration.factories_investors import entry_make
from tests.connect_to_innovate.factories_hackathons import hackathon_make
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import label, sign_in
from tests.factories import MembershipFactory, UserFactory


def test_a_participant_reports_kpis_and_asks_for_an_introduction(page, e2e_tenant):
    with tenant_context(e2e_tenant):
        staff = UserFactory(email="accel-staff@example.org")
        MembershipFactory(tenant=e2e_tenant, user=staff, role="staff")
        cohort = CohortFactory(
            tenant=e2e_tenant,
            name="Spring cohort",
            starts_on=date(2025, 1, 15),
            ends_on=date(2027, 6, 30),
        )
        enterprise = enterprise_in(cohort, name="Cooperativa Sociale Tessitura")
        entry_make(staff, name="Fondo Impatto Nord", countries=["IT"])
    sign_in(page, email=enterprise.owner.email)

    page.goto("/acceleration/")
    expect(page.get_by_role("heading", name="My acceleration")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Report a quarter")).first.click()
    page.get_by_label(label("Year")).fill("2026")
    page.get_by_label(label("Quarter")).select_option("2")
    page.get_by_label(label("Revenue (EUR)")).fill("18250.555")
    page.get_by_label(label("Jobs created")).fill("-1")
    page.get_by_label(label("Customers")).fill("12")
    page.get_by_role("button", name="Submit to the programme").click()
    body = page.locator("main")
    expect(body).to_contain_text("two decimal places")
    expect(body).to_contain_text("Jobs created")
    expect(page.get_by_label(label("Customers"))).to_have_value("12")
    shot(page, "kpi-errors")
    assert_accessible(page)
    page.get_by_label(label("Revenue (EUR)")).fill("18250.50")
    page.get_by_label(label("Jobs created")).fill("2")
    page.get_by_role("button", name="Submit to the programme").click()
    expect(page.locator("main")).to_contain_text("2026 Q2")
    expect(page.locator("main")).to_contain_text("Submitted")
    shot(page, "participant")
    assert_accessible(page)

    page.goto("/acceleration/investors/")
    assert_accessible(page)
    page.get_by_role("link", name="Fondo Impatto Nord").click()
    expect(page.locator("main")).not_to_contain_text("@fund.example.org")
    page.get_by_label(label("On behalf of")).select_option(
        label="Cooperativa Sociale Tessitura · Spring cohort"
    )
    page.get_by_label(label("Why this introduction")).fill(
        "We are raising a first round to open a second weaving workshop."
    )
    page.get_by_label(label("Amount sought (EUR)")).fill("120000")
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("main")).to_contain_text("Requested")
    expect(page.locator("main")).to_contain_text("Fondo Impatto Nord")
    shot(page, "introduction")
    assert_accessible(page)


def test_a_creative_professional_signs_up_for_a_hackathon(page, e2e_tenant):
    with tenant_context(e2e_tenant):
        staff = UserFactory(email="hack-staff@example.org")
        MembershipFactory(tenant=e2e_tenant, user=staff, role="staff")
        hackathon = hackathon_make(staff, title="Village tech weekend")
        UserFactory(email="mara.designer@example.org", full_name="Mara Designer")
    page.goto("/connect/hackathons/")
    assert_accessible(page)
    page.get_by_role("link", name="Village tech weekend").click()
    assert_accessible(page)
    sign_in(page, email="mara.designer@example.org")
    page.goto(f"/connect/hackathons/{hackathon.slug}/sign-up/")
    page.get_by_label("Sparring partner").check()
    page.get_by_label(label("Profession")).fill("Service designer")
    page.get_by_label(label("Short bio")).fill("I design services with and for older people.")
    page.locator("input[name=skills]").first.check()
    page.locator("input[name=languages]").first.check()
    assert_accessible(page)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main")).to_contain_text("confirmed")
    page.goto("/connect/hackathons/mine/")
    expect(page.locator("main")).to_contain_text("Village tech weekend")
    shot(page, "my-hackathons")
    assert_accessible(page)
