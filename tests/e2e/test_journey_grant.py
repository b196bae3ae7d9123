"""A grant from offer to its last tranche, every step in the browser as its person takes it:
staff make the offer, the organisation accepts, staff generate the agreement, the
organisation signs it online, staff countersign, staff approve and finance pay the first
tranche, the organisation writes and submits its final report, staff approve it, and the
last tranche is due. Each grants page on the way passes axe."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlparse

from django.utils import timezone
from playwright.sync_api import expect

from applications.models import ApplicationStatus
from grants.models import (
    Agreement,
    Award,
    AwardStatus,
    BeneficiaryReport,
    ReportField,
    ReportKind,
    ReportStatus,
    Signature,
    Tranche,
    TrancheStatus,
)
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import (
    SLOW_STEP_MS,
    context_page,
    label,
    link_in_last_mail,
    sign_in,
    wait_for_autosave,
    write_pdf,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.grants.conftest import Ranked

REPRESENTATIVE = "Giulia Verdi"
OWNER_EMAIL = "giulia.verdi@example.org"


def sign_in_with_code(page, live_server, *, email, secret):
    sign_in(page, email=email)
    page.get_by_label(label("Code")).fill(totp_now(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")


def expect_message(page, text):
    expect(page.locator(".messagelist, .messages").get_by_text(text)).to_be_visible()


def fresh(model, pk):
    return model.unscoped.get(pk=pk)


def test_a_grant_goes_from_offer_to_its_last_tranche_due(
    page, browser, live_server, e2e_tenant, alice, tmp_path
):
    with tenant_context(e2e_tenant):
        call = CallFactory(
            tenant=e2e_tenant,
            reference="OC7",
            title={"en": "Rural care grants"},
            status="results",
            opens_at=timezone.now() - timedelta(days=90),
            deadline=timezone.now() - timedelta(days=60),
            budget=Decimal("100000.00"),
        )
        owner = UserFactory(email=OWNER_EMAIL, full_name=REPRESENTATIVE)
        organisation = OrganisationFactory(
            owner=owner,
            legal_name="Cooperativa Girasole",
            legal_representative_name=REPRESENTATIVE,
            legal_representative_role="Presidente",
        )
        ranked = Ranked(call=call)
        application = ranked.add(
            ApplicationStatus.MAIN_LIST, "40000.00", organisation=organisation, owner=owner
        )
        ranked.rank(alice)
        # The call's own final-report questions: a long text and a file.
        common = {"tenant": e2e_tenant, "call": call, "kind": ReportKind.FINAL}
        ReportField.objects.create(
            **common,
            key="results",
            type="textarea",
            label={"en": "Results achieved"},
            max_words=200,
            order=1,
        )
        ReportField.objects.create(
            **common,
            key="proof",
            type="file",
            label={"en": "Proof of the costs"},
            allowed_types=["pdf"],
            max_bytes=1024 * 1024,
            order=2,
        )
        finance = UserFactory(email="fiona@example.org", full_name="Fiona Finance")
        MembershipFactory(tenant=e2e_tenant, user=finance, role="finance")
    staff_secret = with_mfa(alice)
    finance_secret = with_mfa(finance)
    proof = write_pdf(tmp_path, "costs.pdf")

    with context_page(browser, live_server, page.test_name + "-applicant") as applicant:
        sign_in(applicant, email=OWNER_EMAIL)
        applicant.wait_for_url(live_server.url + "/**")

        # --- 1. Staff make the offer ------------------------------------------------------
        sign_in_with_code(page, live_server, email=alice.email, secret=staff_secret)
        page.goto("/admin/grants/award/make-offer/")
        shot(page, "01-make-offer")
        assert_accessible(page)
        page.get_by_label(label("Application")).select_option(str(application.pk))
        accept_by = timezone.localdate() + timedelta(days=14)
        page.get_by_label(label("Accept by")).fill(accept_by.isoformat())
        page.get_by_role("button", name="Make the offer").click()
        page.wait_for_url(re.compile(r".*/admin/grants/award/\d+/change/$"))
        expect_message(
            page,
            f"Offer of EUR 40,000.00 made to {application}; the applicant is e-mailed.",
        )
        award = Award.unscoped.get(application_id=application.pk)
        assert page.url.endswith(f"/admin/grants/award/{award.pk}/change/")
        assert award.status == AwardStatus.OFFERED
        expect(page.locator(".field-status .readonly")).to_have_text("Offered")
        expect(page.locator(".field-amount_text .readonly")).to_have_text("EUR 40,000.00")
        shot(page, "01-award")
        assert_accessible(page)

        # --- 2. The organisation accepts, from the e-mailed link ------------------------------
        link = link_in_last_mail(to=OWNER_EMAIL, pattern=r"https?://\S+/grants/offers/\d+/")
        applicant.goto(urlparse(link).path)
        assert urlparse(link).path == f"/grants/offers/{award.pk}/"
        expect(applicant.locator("[data-award-status]")).to_have_text("Offered")
        shot(applicant, "02-offer")
        assert_accessible(applicant)
        applicant.get_by_label(re.compile("^I declare, for the organisation")).check()
        applicant.get_by_role("button", name="Accept the offer").click()
        expect(
            applicant.get_by_text("You accepted the offer. The grant agreement follows.")
        ).to_be_visible()
        expect(applicant.locator("[data-award-status]")).to_have_text("Accepted")
        shot(applicant, "02-accepted")
        assert_accessible(applicant)
        assert fresh(Award, award.pk).status == AwardStatus.ACCEPTED

        # --- 3. Staff generate the agreement (a background task, eager here) -------------------
        page.goto("/admin/grants/agreement/generate/")
        shot(page, "03-generate")
        assert_accessible(page)
        one_award = page.locator("form").filter(has=page.locator("input[name=which][value=award]"))
        one_award.locator("select").select_option(str(award.pk))
        page.set_default_timeout(SLOW_STEP_MS)
        one_award.get_by_role("button", name="Generate the agreement").click()
        page.wait_for_url("**/admin/grants/agreement/")
        page.set_default_timeout(15_000)
        expect_message(page, f"The agreement of {application} is being generated.")
        agreement = Agreement.unscoped.get(award_id=award.pk, version=1)
        expect(page.locator("#result_list tbody tr")).to_have_count(1)
        shot(page, "03-agreements")
        assert_accessible(page)
        assert fresh(Award, award.pk).status == AwardStatus.AGREEMENT_SENT

        # --- 4. The organisation signs version 1 online ----------------------------------------
        applicant.goto(f"/grants/offers/{award.pk}/")
        applicant.get_by_role("link", name="Read the grant agreement").click()
        applicant.wait_for_url(f"**/grants/awards/{award.pk}/agreement/")
        shot(applicant, "04-agreement")
        assert_accessible(applicant)
        expect(applicant.locator("[data-representative]")).to_have_text(
            f"{REPRESENTATIVE} (Presidente)"
        )
        applicant.get_by_label(label("Full name of the legal representative")).fill(REPRESENTATIVE)
        declarations = applicant.get_by_role("group", name="Declarations (tick every box)")
        boxes = declarations.get_by_role("checkbox")
        assert boxes.count() >= 4
        for index in range(boxes.count()):
            boxes.nth(index).check()
        applicant.get_by_role("button", name="Sign version 1").click()
        expect(
            applicant.get_by_text(
                "The organisation signed the agreement. The programme countersigns it next."
            )
        ).to_be_visible()
        signed = applicant.locator('tr[data-version="1"] [data-signature-state]')
        expect(signed).to_have_attribute("data-signature-state", "signed")
        expect(signed).to_contain_text(f"Accepted online as {REPRESENTATIVE}")
        sha256 = agreement.document.sha256
        assert re.fullmatch(r"[0-9a-f]{64}", sha256)
        expect(signed.locator("code")).to_have_text(sha256)
        expect(applicant.locator("[data-award-status]")).to_have_text("Signed")
        shot(applicant, "04-signed")
        assert_accessible(applicant)
        signature = Signature.unscoped.get(agreement_id=agreement.pk)
        assert signature.typed_name == REPRESENTATIVE
        assert signature.agreement_sha256 == sha256

        # --- 5. Staff countersign: the grant is active, its tranches made ---------------------
        page.goto("/admin/grants/signature/")
        page.locator("#result_list tbody tr").first.locator("th a, td a").first.click()
        page.wait_for_url(f"**/admin/grants/signature/{signature.pk}/change/")
        shot(page, "05-signature")
        assert_accessible(page)
        page.get_by_role("button", name="Countersign: make the grant active").click()
        expect_message(
            page,
            f"Countersigned: the grant of {application} is active and the organisation is e-mailed.",
        )
        assert fresh(Award, award.pk).status == AwardStatus.ACTIVE
        tranches = list(Tranche.unscoped.filter(award_id=award.pk).order_by("position"))
        assert [(t.percent, t.amount, t.status) for t in tranches] == [
            (Decimal("40.00"), Decimal("16000.00"), TrancheStatus.DUE),
            (Decimal("60.00"), Decimal("24000.00"), TrancheStatus.PLANNED),
        ]
        first, last = tranches

        # --- 6. Staff approve the first tranche, finance pay it --------------------------------
        page.goto(f"/admin/grants/tranche/{first.pk}/change/")
        shot(page, "06-tranche")
        assert_accessible(page)
        page.get_by_role("button", name="Approve for payment").click()
        expect_message(page, "Tranche 1 approved for payment.")
        assert fresh(Tranche, first.pk).status == TrancheStatus.APPROVED

        with context_page(browser, live_server, page.test_name + "-finance") as cashier:
            sign_in_with_code(cashier, live_server, email=finance.email, secret=finance_secret)
            cashier.goto(f"/admin/grants/tranche/{first.pk}/change/")
            cashier.get_by_role("link", name="Record the payment").click()
            cashier.wait_for_url(f"**/admin/grants/tranche/{first.pk}/pay/")
            shot(cashier, "06-pay")
            assert_accessible(cashier)
            paid_on = timezone.localdate()
            cashier.get_by_label(label("Payment date")).fill(paid_on.isoformat())
            cashier.get_by_label(label("Payment reference")).fill("TRF-2026-0042")
            cashier.get_by_role("button", name="Record the payment").click()
            cashier.wait_for_url(f"**/admin/grants/tranche/{first.pk}/change/")
            expect_message(cashier, "Payment of EUR 16,000.00 recorded.")
            shot(cashier, "06-paid")
        paid = fresh(Tranche, first.pk)
        assert (paid.status, paid.paid_on, paid.paid_reference) == (
            TrancheStatus.PAID,
            paid_on,
            "TRF-2026-0042",
        )

        applicant.goto(f"/grants/awards/{award.pk}/agreement/")
        applicant.get_by_role("link", name="Payments and reports of the grant").click()
        applicant.wait_for_url(f"**/grants/awards/{award.pk}/payments/")
        row = applicant.locator('tr[data-tranche="1"]')
        expect(row).to_have_attribute("data-status", "paid")
        expect(row.locator("td.amount")).to_have_text("EUR 16,000.00")
        expect(row).to_contain_text("Paid")
        expect(applicant.locator("[data-paid]")).to_have_text("EUR 16,000.00")
        expect(applicant.locator("[data-remaining]")).to_have_text("EUR 24,000.00")
        expect(applicant.locator('tr[data-tranche="2"]')).to_have_attribute(
            "data-status", "planned"
        )
        shot(applicant, "06-payments")
        assert_accessible(applicant)

        # --- 7. The organisation writes and submits the final report --------------------------
        report = BeneficiaryReport.unscoped.get(award_id=award.pk, kind=ReportKind.FINAL)
        applicant.get_by_role("link", name="Final report").click()
        applicant.wait_for_url(f"**/grants/reports/{report.pk}/")
        shot(applicant, "07-report")
        assert_accessible(applicant)
        applicant.get_by_label(label("Results achieved")).fill(
            "Forty households in six villages share two kitchens run by the cooperative."
        )
        wait_for_autosave(applicant)
        assert fresh(BeneficiaryReport, report.pk).answers["results"].startswith("Forty households")
        applicant.get_by_label(label("Proof of the costs")).set_input_files(str(proof))
        applicant.wait_for_function(
            "() => document.getElementById('upload-status-proof').textContent.startsWith('Uploaded')"
        )
        expect(applicant.locator("#upload-status-proof")).to_contain_text("Uploaded costs.pdf")
        shot(applicant, "07-report-written")
        assert_accessible(applicant)
        applicant.get_by_role("button", name="Submit the report").click()
        expect(
            applicant.get_by_text("The report is submitted; the programme will review it.")
        ).to_be_visible()
        expect(applicant.locator("[data-report-status]")).to_have_text("Submitted")
        shot(applicant, "07-submitted")
        assert_accessible(applicant)
        assert fresh(BeneficiaryReport, report.pk).status == ReportStatus.SUBMITTED

        # --- 8. Staff approve the report: the last tranche is due -----------------------------
        page.goto(f"/admin/grants/beneficiaryreport/{report.pk}/change/")
        answers = page.locator("[data-report-answers]")
        expect(answers.locator('[data-answer="results"]')).to_contain_text("Forty households")
        expect(answers.locator('[data-answer="proof"]')).to_contain_text("costs.pdf")
        shot(page, "08-review")
        assert_accessible(page)
        page.get_by_role("button", name="Approve the report").click()
        expect_message(page, "The report is approved; the tranches it releases are due.")
        shot(page, "08-approved")
        assert fresh(BeneficiaryReport, report.pk).status == ReportStatus.APPROVED
        assert fresh(Tranche, last.pk).status == TrancheStatus.DUE

        applicant.goto(f"/grants/awards/{award.pk}/payments/")
        last_row = applicant.locator('tr[data-tranche="2"]')
        expect(last_row).to_have_attribute("data-status", "due")
        expect(last_row).to_contain_text("Due")
        expect(last_row.locator("td.amount")).to_have_text("EUR 24,000.00")
        expect(applicant.locator(f'[data-report="{report.pk}"]')).to_contain_text("Approved")
        shot(applicant, "08-payments")
        assert_accessible(applicant)
