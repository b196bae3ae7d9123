"""An applicant registers, sets up the organisation, writes a draft, uploads, submits, gets a receipt."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, ApplicationStatus
from socialtech.tenancy.context import tenant_context
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import (
    SLOW_STEP_MS,
    label,
    link_in_last_mail,
    open_call,
    wait_for_autosave,
    write_pdf,
)

EMAIL = "giulia.verdi@example.org"
PASSWORD = "green-tomatoes-2026"


def test_applicant_registers_applies_and_downloads_the_receipt(
    page, live_server, e2e_tenant, tmp_path
):
    with tenant_context(e2e_tenant):
        call = open_call(e2e_tenant, reference="OC5", title={"en": "Care innovation grants"})

    # --- Register and confirm the e-mail address ------------------------------------------
    page.goto("/accounts/signup/")
    shot(page, "signup")
    assert_accessible(page)
    page.get_by_label(label("E-mail address")).fill(EMAIL)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    shot(page, "verification-sent")
    assert_accessible(page)

    link = link_in_last_mail(to=EMAIL, pattern=r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(link)
    shot(page, "confirm-email")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_text(f"Successfully signed in as {EMAIL}.")).to_be_visible()
    shot(page, "home-signed-in")
    assert_accessible(page)

    # --- From the call page to the organisation form and back ----------------------------------
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Open calls").click()
    page.wait_for_url("**/calls/")
    assert_accessible(page)
    page.get_by_role("link", name="Care innovation grants").click()
    page.wait_for_url(f"**/calls/{call.slug}/")
    shot(page, "call-page-signed-in")
    assert_accessible(page)
    page.get_by_role("link", name="Apply", exact=True).click()
    page.wait_for_url("**/organisations/new/**")
    shot(page, "organisation-form")
    assert_accessible(page)
    page.get_by_label(label("Legal name")).fill("Cooperativa Sociale Girasole")
    page.get_by_label(label("Country")).select_option(label="Italy")
    page.get_by_label(label("Legal form")).select_option(label="Social cooperative")
    page.get_by_label(label("Social-economy type")).select_option(
        label="Work-integration social enterprise (WISE)"
    )
    page.get_by_label(label("VAT number")).fill("IT00743110158")  # wrong check digit
    page.get_by_label(label("Founding year")).fill("2004")
    page.get_by_label(label("Staff headcount")).fill("18")
    page.get_by_label(label("Annual turnover")).select_option(label="Up to EUR 2 million")
    page.get_by_label(label("Annual balance sheet total")).select_option(
        label="Up to EUR 2 million"
    )
    page.get_by_label(label("Address")).fill("Via Garibaldi 12")
    page.get_by_label(label("City")).fill("Torino")
    page.get_by_label(label("Legal representative")).fill("Giulia Verdi")
    page.get_by_label(label("Legal representative's role")).fill("Presidente")
    page.get_by_role("button", name="Register").click()
    # The error names the field and the rule, is tied to the input, and nothing typed is lost.
    vat = page.get_by_label(label("VAT number"))
    error = page.locator("#id_vat_number_error")
    assert error.inner_text() == "The VAT number is not valid for Italy: its check digit is wrong."
    assert "id_vat_number_error" in vat.get_attribute("aria-describedby").split()
    assert vat.get_attribute("aria-invalid") == "true"
    assert page.get_by_label(label("Legal name")).input_value() == "Cooperativa Sociale Girasole"
    assert page.get_by_label(label("City")).input_value() == "Torino"
    shot(page, "organisation-form-error")
    assert_accessible(page)
    vat.fill("IT00743110157")
    page.get_by_role("button", name="Register").click()

    # --- Start the draft ------------------------------------------------------------------------
    page.wait_for_url(f"**/applications/start/{call.slug}/")
    expect(
        page.get_by_text("Cooperativa Sociale Girasole is registered. You are its owner.")
    ).to_be_visible()
    choice = page.get_by_role("radio", name=re.compile("Cooperativa Sociale Girasole"))
    assert choice.is_checked()
    expect(page.get_by_text("Meets the call's eligibility rules.")).to_be_visible()
    shot(page, "start")
    assert_accessible(page)
    page.get_by_role("button", name="Start the application").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application_id = int(re.search(r"/applications/(\d+)/$", page.url).group(1))
    shot(page, "edit-empty")
    assert_accessible(page)

    # --- Type, autosave, reload: the text is still there ------------------------------------
    page.get_by_label(label("Project title")).fill("Shared kitchens for rural elders")
    page.get_by_label(label("Social challenge")).fill(
        "Older people in the valleys eat alone and badly; a shared kitchen changes that."
    )
    assert page.locator("#count-social_challenge").inner_text() == "14 / 20 words"
    page.get_by_label(label("Team size")).fill("9")
    page.get_by_label(label("Team size")).press("Tab")
    wait_for_autosave(page)
    assert page.locator("#autosave-status").inner_text().startswith("Saved at ")
    shot(page, "edit-autosaved")
    page.reload()
    assert (
        page.get_by_label(label("Project title")).input_value()
        == "Shared kitchens for rural elders"
    )
    assert page.get_by_label(label("Social challenge")).input_value().startswith("Older people")
    assert page.get_by_label(label("Team size")).input_value() == "9"

    # --- The other answers and the file ------------------------------------------------------
    page.get_by_label(label("Requested amount")).fill("42000.00")
    page.get_by_label(label("Start date")).fill("2027-05-03")
    page.get_by_role("group", name=label("Sector")).get_by_label("Care").check()
    transitions = page.get_by_role("group", name=label("Transitions"))
    transitions.get_by_label("Digital").check()
    transitions.get_by_label("Green").check()
    page.get_by_label(label("Country of activity")).select_option(label="Italy")
    page.get_by_label(label("Honour")).check()
    page.get_by_label(label("Work plan")).set_input_files(
        write_pdf(tmp_path, "piano-di-lavoro.pdf")
    )
    upload_status = page.locator("#upload-status-work_plan")
    page.wait_for_function(
        "() => document.getElementById('upload-status-work_plan').textContent.startsWith('Uploaded')"
    )
    assert upload_status.inner_text().startswith("Uploaded piano-di-lavoro.pdf")
    wait_for_autosave(page)
    shot(page, "edit-filled")
    assert_accessible(page)

    # --- Review and submit ------------------------------------------------------------------
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url(f"**/applications/{application_id}/review/")
    expect(
        page.get_by_text("Every required answer is there. Check them below, then submit.")
    ).to_be_visible()
    review = page.locator("main").inner_text()
    for shown in ("Shared kitchens for rural elders", "EUR 42,000.00", "piano-di-lavoro.pdf"):
        assert shown in review
    shot(page, "review")
    assert_accessible(page)
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_url(f"**/applications/{application_id}/submitted/", timeout=SLOW_STEP_MS)
    assert page.get_by_role("heading", level=1).inner_text() == "Your application is submitted"
    receipt_number = page.locator(".receipt-number").inner_text()
    assert re.fullmatch(r"ALPHA-\d{4}-OC5-000001", receipt_number), receipt_number
    shot(page, "submitted")
    assert_accessible(page)

    # --- The receipt: downloaded, and in the e-mail ----------------------------------------------
    with page.expect_download(timeout=SLOW_STEP_MS) as download_info:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    receipt = download_info.value
    assert receipt.suggested_filename.endswith(".pdf")
    assert receipt.path().read_bytes().startswith(b"%PDF")

    with tenant_context(e2e_tenant):
        application = Application.objects.select_related("organisation").get(pk=application_id)
        attachment = application.attachments.get()
    assert attachment.field_key == "work_plan"
    assert attachment.original_name == "piano-di-lavoro.pdf"
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.receipt_number == receipt_number
    assert application.organisation.legal_name == "Cooperativa Sociale Girasole"
    assert application.organisation.vat_number == "IT00743110157"
    assert application.submitted_answers["project_title"] == "Shared kitchens for rural elders"
    assert application.submitted_answers["transitions"] == ["digital", "green"]
    receipt_mail = next(message for message in mail.outbox if receipt_number in message.body)
    assert receipt_mail.to == [EMAIL]
    assert [mimetype for _name, _content, mimetype in receipt_mail.attachments] == [
        "application/pdf"
    ]
