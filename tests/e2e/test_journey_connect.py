"""Connect to innovate in the browser: an applicant posts a social challenge for their
social enterprise and submits it; the programme's staff publish it; the applicant sees a
provider's offer among the matches, with its reasons, and expresses interest; the provider
answers in the thread, and the applicant reads the answer. The challenge form, the
challenge with its matches and the connection's page pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from connect_to_innovate.challenges.services import challenge_approve
from connect_to_innovate.models import Challenge
from socialtech.tenancy.context import tenant_context
from tests.connect_to_innovate.factories_c2i import offer_make, organisation_with
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import sign_in
from tests.factories import MembershipFactory, UserFactory

APPLICANT = "lucia.ferri@example.org"
PROVIDER = "jonas.berg@example.org"


def test_an_applicant_finds_a_provider_for_a_challenge_and_reads_the_reply(
    page, live_server, e2e_tenant
):
    with tenant_context(e2e_tenant):
        staff = UserFactory(email="connect-staff@example.org")
        MembershipFactory(tenant=e2e_tenant, user=staff, role="staff")
        applicant = UserFactory(email=APPLICANT, full_name="Lucia Ferri")
        organisation_with(applicant, legal_name="Cooperativa Sociale Campi Aperti")
        provider = UserFactory(email=PROVIDER, full_name="Jonas Berg")
        offer_make(
            provider,
            organisation=organisation_with(provider, legal_name="Larmtjanst Norr AB"),
            staff=staff,
            title="Telecare kits for rural homes",
            technologies=["telecare", "sensors"],
            sectors=["care_health"],
            countries=["IT", "SE"],
            languages=["it", "en"],
        )

    # --- The applicant posts a challenge and submits it --------------------------------------
    sign_in(page, email=APPLICANT)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/connect/")
    page.get_by_role("link", name="My challenges").click()
    page.locator("[data-new-challenge]").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Alarms for older people living alone on farms")
    page.get_by_label("The problem").fill("Our guests live alone far from the village.")
    page.get_by_label("Target group").fill("Older people in rural Emilia")
    page.get_by_label("Sector").select_option(label="Care and health")
    page.get_by_label("Country").select_option(label="Italy")
    page.get_by_label("Italian", exact=True).check()
    page.get_by_label("Budget from (EUR)").fill("10000")
    page.get_by_label("Budget up to (EUR)").fill("30000")
    page.get_by_label("Tags").fill("Telecare, sensors, rural")
    page.locator("[data-save]").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "draft")
    page.locator("[data-submit-review]").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "submitted")
    shot(page, "01-challenge-submitted")

    # --- The programme's staff publish it -----------------------------------------------------
    with tenant_context(e2e_tenant):
        challenge = Challenge.objects.get(title="Alarms for older people living alone on farms")
        challenge_approve(challenge=challenge, by=staff)

    # --- The applicant sees the match and its reasons, and expresses interest ---------------
    page.reload()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "published")
    match = page.locator("[data-match]").first
    expect(match).to_contain_text("Telecare kits for rural homes")
    expect(match.locator("[data-reasons]")).to_contain_text("shares the tags sensors, telecare")
    expect(match.locator("[data-reasons]")).to_contain_text("serves Italy")
    expect(match.locator("[data-reasons]")).to_contain_text("works in Italian")
    assert_accessible(page)
    shot(page, "02-matches")
    match.locator("[data-express-interest]").click()
    page.get_by_label("Your message").fill("Could your kits work on farms with weak coverage?")
    page.locator("[data-send-interest]").click()
    expect(page.locator("[data-interest-message]")).to_contain_text("weak coverage")

    # --- The provider answers in the thread -----------------------------------------------------
    page.context.clear_cookies()
    sign_in(page, email=PROVIDER)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/connect/connections/")
    page.get_by_role("link", name="Alarms for older people living alone on farms").click()
    page.locator("[data-accept]").click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "accepted")
    page.get_by_label("New message").fill("Yes: our kits use LoRaWAN. Shall we visit next week?")
    page.locator("[data-send-message]").click()
    expect(page.locator("[data-thread]")).to_contain_text("Shall we visit next week?")

    # --- The applicant reads the answer ---------------------------------------------------------
    page.context.clear_cookies()
    sign_in(page, email=APPLICANT)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/connect/connections/")
    page.get_by_role("link", name="Alarms for older people living alone on farms").click()
    expect(page.locator("[data-thread]")).to_contain_text("Shall we visit next week?")
    assert_accessible(page)
    shot(page, "03-reply-read")
