"""A staff member signs in with a second factor, screens an application and exports the list."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import expect

from applications.models import ApplicationStatus
from applications.screening.selectors import screening_rules
from applications.services import application_attach, application_save_draft, application_start
from applications.staff import ScreeningAnswer, eligibility_checks_record
from applications.submission.services import application_submit
from socialtech.tenancy.context import tenant_context
from tests.applications.conftest import pdf_upload
from tests.calls.factories import VALID_ANSWERS
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import label, open_call, sign_in
from tests.factories import OrganisationFactory, UserFactory


def submitted_application(call, *, legal_name, title):
    applicant = UserFactory()
    organisation = OrganisationFactory(owner=applicant, legal_name=legal_name)
    draft = application_start(call=call, organisation=organisation, user=applicant)
    draft = application_save_draft(
        application=draft,
        user=applicant,
        answers={**VALID_ANSWERS, "project_title": title},
        version=draft.version,
    )
    application_attach(
        application=draft, user=applicant, field_key="work_plan", upload=pdf_upload()
    )
    return application_submit(application=draft, user=applicant)


def test_staff_member_screens_an_application_and_exports_the_filtered_list(
    page, live_server, e2e_tenant, alice, bob
):
    with tenant_context(e2e_tenant):
        call = open_call(e2e_tenant, reference="OC3", title={"en": "Social innovation vouchers"})
        screened = submitted_application(call, legal_name="Cooperativa Aurora", title="Aurora care")
        submitted_application(call, legal_name="Verein Nordlicht", title="Nordlicht kitchens")
        # The second opinion, from Bob: every rule met.
        eligibility_checks_record(
            application=screened,
            checked_by=bob,
            answers={rule.key: ScreeningAnswer(is_met=True) for rule in screening_rules(call)},
        )
    secret = with_mfa(alice)

    sign_in(page, email=alice.email, check=assert_accessible)
    shot(page, "mfa")
    assert page.get_by_role("heading", level=1).inner_text() == "Two-step sign-in"
    assert_accessible(page)
    page.get_by_label(label("Code")).fill(totp_now(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")

    # --- The list of applications in the admin site -------------------------------------------
    page.goto("/admin/applications/application/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    shot(page, "admin-list")
    assert_accessible(page)
    aurora = rows.filter(has_text="Cooperativa Aurora")
    receipt_number = screened.receipt_number
    aurora.get_by_role("link", name=receipt_number).click()
    page.wait_for_url(f"**/admin/applications/application/{screened.pk}/change/")
    shot(page, "admin-detail")
    assert_accessible(page)
    page.get_by_role("link", name="Eligibility screening", exact=True).click()
    page.wait_for_url(f"**/admin/applications/application/{screened.pk}/screening/")
    shot(page, "screening")
    assert_accessible(page)
    checklist = page.get_by_role("region", name="Your answers: the checklist")
    rules = checklist.get_by_role("group")
    expect(rules).to_have_count(5)
    # Every rule but the first answered: the refusal names the rule and keeps the answers.
    for index in range(1, 5):
        rules.nth(index).get_by_label("Yes, met").check()
    checklist.get_by_role("button", name="Record my answers").click()
    first_rule = rules.first
    error = first_rule.locator(".field-error")
    assert error.inner_text() == "Country of establishment: answer yes or no."
    assert first_rule.get_attribute("aria-describedby") == error.get_attribute("id")
    assert rules.nth(1).get_by_label("Yes, met").is_checked()
    shot(page, "screening-error")
    assert_accessible(page)
    first_rule.get_by_label("Yes, met").check()
    checklist.get_by_role("button", name="Record my answers").click()
    expect(page.get_by_text("Your answers are recorded.")).to_be_visible()
    state = page.get_by_role("region", name="Answers so far")
    expect(state.get_by_text("Agreed: met")).to_have_count(5)
    shot(page, "screening-agreed")
    assert_accessible(page)
    state.get_by_role("button", name="Record the decision: eligible, and send the letter").click()
    page.wait_for_url(f"**/admin/applications/application/{screened.pk}/change/")
    expect(
        page.get_by_text(
            f"{receipt_number} now has the status “Eligible”. The organisation's members get the letter."
        )
    ).to_be_visible()
    shot(page, "decided")
    assert_accessible(page)
    with tenant_context(e2e_tenant):
        screened.refresh_from_db()
    assert screened.status == ApplicationStatus.ELIGIBLE

    # --- Export the filtered list -----------------------------------------------------------------
    page.locator(".breadcrumbs").get_by_role("link", name="Applications").last.click()
    page.wait_for_url("**/admin/applications/application/")
    page.locator("#changelist-filter").get_by_role("link", name="Eligible", exact=True).click()
    page.wait_for_url("**/admin/applications/application/?status=eligible")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    assert "Cooperativa Aurora" in rows.first.inner_text()
    shot(page, "admin-list-eligible")
    page.get_by_role("button", name="Export all filtered to CSV").click()
    expect(
        page.get_by_text(
            "This applies to 1 application: every one that matches the filters, on every page of the list."
        )
    ).to_be_visible()
    expect(page.get_by_text("Status: Eligible")).to_be_visible()
    shot(page, "export-confirm")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the CSV").click()
    download = download_info.value
    assert re.fullmatch(r"applications-alpha-\d{8}-\d{4}\.csv", download.suggested_filename)
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert rows[0] == [
        "Receipt number",
        "Call",
        "Organisation",
        "Country",
        "Legal form",
        "SME",
        "Status",
        "Requested amount (EUR)",
        "Submitted at (UTC)",
        "Title",
    ]
    assert [row[:3] + row[6:7] for row in rows[1:]] == [
        [receipt_number, "Social innovation vouchers", "Cooperativa Aurora", "Eligible"]
    ]
