"""A voucher from its issue to a verified claim, every step in the browser as its person
takes it: the enterprise finds its voucher and chooses an accredited provider with a scope
and a price, the provider accepts the work, both confirm the delivery, the provider submits
the claim (a claim above the voucher's value is refused with the figures and nothing typed
is lost), and staff verify it in the back office. Each page on the way passes axe."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect

from socialtech.tenancy.context import tenant_context
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import context_page, label, link_in_last_mail, sign_in, write_pdf
from tests.factories import UserFactory
from tests.vouchers.factories import (
    AccreditationFactory,
    OwnVatOrganisationFactory,
    ProviderFactory,
    VoucherFactory,
)
from vouchers.models import Claim, ClaimStatus, Voucher, VoucherStatus

ENTERPRISE_EMAIL = "marta.ruiz@example.org"
PROVIDER_EMAIL = "paul.weber@example.org"


def expect_message(page, text):
    expect(page.locator(".messagelist, .messages").get_by_text(text)).to_be_visible()


def voucher_status(page):
    return page.locator("[data-voucher-status]")


def test_an_enterprise_spends_its_voucher_and_the_providers_claim_is_verified(
    page, browser, live_server, e2e_tenant, alice, tmp_path
):
    with tenant_context(e2e_tenant):
        enterprise_owner = UserFactory(email=ENTERPRISE_EMAIL, full_name="Marta Ruiz")
        enterprise = OwnVatOrganisationFactory(
            owner=enterprise_owner, legal_name="Cooperativa Telar", country="ES"
        )
        provider_owner = UserFactory(email=PROVIDER_EMAIL, full_name="Paul Weber")
        provider = ProviderFactory(
            tenant=e2e_tenant,
            organisation=OwnVatOrganisationFactory(
                owner=provider_owner, legal_name="Audit Werkstatt GmbH", country="DE"
            ),
        )
        AccreditationFactory(
            tenant=e2e_tenant,
            provider=provider,
            category="digital_audit",
            services=[{"service": "Digital audit, two days on site", "price": "4800.00"}],
        )
        voucher = VoucherFactory(
            tenant=e2e_tenant,
            application__organisation=enterprise,
            scheme__call__title={"en": "Digital audit vouchers"},
        )
    code = voucher.code
    staff_secret = with_mfa(alice)
    invoice = write_pdf(tmp_path, "invoice.pdf")
    report = write_pdf(tmp_path, "audit-report.pdf")
    transfer = write_pdf(tmp_path, "co-payment.pdf")

    with context_page(browser, live_server, page.test_name + "-provider") as provider_page:
        # --- 1. The enterprise finds its voucher and chooses the provider -------------------
        sign_in(page, email=ENTERPRISE_EMAIL)
        page.wait_for_url(live_server.url + "/**")
        page.goto("/vouchers/")
        shot(page, "01-my-vouchers")
        assert_accessible(page)
        page.get_by_role("link", name=code).click()
        page.wait_for_url(f"**/vouchers/{code}/")
        expect(voucher_status(page)).to_have_text("Issued")
        expect(page.locator("[data-voucher-value]")).to_contain_text("5,000.00")
        shot(page, "01-voucher")
        assert_accessible(page)
        page.get_by_role("link", name="Choose a provider").click()
        page.wait_for_url(f"**/vouchers/{code}/choose/")
        page.get_by_label(label("Service category")).select_option("digital_audit")
        provider_choice = page.get_by_label(label("Accredited provider"))
        provider_choice.select_option(str(provider.pk))
        page.get_by_label(label("Scope of work")).fill(
            "Digital audit of the weaving workshop's orders, stock and invoicing: two days on "
            "site, a written report with priorities and costs."
        )
        page.get_by_label(label("Agreed price (EUR)")).fill("4800.00")
        page.get_by_role("button", name="Show what the voucher pays").click()
        # 20 % of 4,800.00 is the enterprise's; the voucher pays the other 3,840.00.
        expect(page.get_by_text("3,840.00").first).to_be_visible()
        shot(page, "01-choose")
        assert_accessible(page)
        page.get_by_role("button", name="Ask the provider to accept").click()
        page.wait_for_url(f"**/vouchers/{code}/")
        expect_message(
            page,
            "Audit Werkstatt GmbH is asked to accept the work; you will be e-mailed its answer.",
        )
        expect(voucher_status(page)).to_have_text("Provider selected")
        assert Voucher.unscoped.get(pk=voucher.pk).status == VoucherStatus.PROVIDER_SELECTED

        # --- 2. The provider accepts the work, from the e-mailed link --------------------------
        link = link_in_last_mail(to=PROVIDER_EMAIL, pattern=r"https?://\S+/vouchers/\S+/")
        sign_in(provider_page, email=PROVIDER_EMAIL)
        provider_page.wait_for_url(live_server.url + "/**")
        provider_page.goto("/vouchers/work/")
        shot(provider_page, "02-work")
        assert_accessible(provider_page)
        row = provider_page.get_by_role("row", name=re.compile(code))
        expect(row).to_contain_text("Cooperativa Telar")
        expect(row.get_by_role("link", name="Accept or decline")).to_be_visible()
        assert re.sub(r"^https?://[^/]+", "", link) == f"/vouchers/{code}/answer/"
        provider_page.goto(f"/vouchers/{code}/")
        provider_page.get_by_role("link", name="Accept or decline the work").click()
        provider_page.wait_for_url(f"**/vouchers/{code}/answer/")
        shot(provider_page, "02-answer")
        assert_accessible(provider_page)
        provider_page.get_by_label("Accept the work").check()
        provider_page.get_by_label(label("Message to the enterprise")).fill(
            "We can come on Tuesday and Wednesday next week."
        )
        provider_page.get_by_role("button", name="Send my answer").click()
        provider_page.wait_for_url("**/vouchers/work/")
        provider_page.goto(f"/vouchers/{code}/")
        expect(voucher_status(provider_page)).to_have_text("In delivery")
        provider_page.get_by_role("button", name="Confirm the service was delivered").click()
        expect_message(provider_page, "Your confirmation of the delivery is recorded.")

        # --- 3. The enterprise confirms the delivery too -------------------------------------
        page.goto(f"/vouchers/{code}/")
        expect(voucher_status(page)).to_have_text("In delivery")
        page.get_by_role("button", name="Confirm the service was delivered").click()
        expect_message(page, "Your confirmation of the delivery is recorded.")
        expect(page.locator("[data-voucher-claim]")).to_contain_text(
            "The provider submits the claim for the reimbursement."
        )
        assert Voucher.unscoped.get(pk=voucher.pk).is_delivery_confirmed

        # --- 4. The provider claims: over the value first, then the right amount -------------
        provider_page.goto(f"/vouchers/{code}/")
        provider_page.get_by_role("link", name="Submit the claim").click()
        provider_page.wait_for_url(f"**/vouchers/{code}/claim/")
        shot(provider_page, "04-claim")
        assert_accessible(provider_page)
        provider_page.get_by_label(label("Amount claimed (EUR)")).fill("6000.00")
        provider_page.get_by_label(label("Invoice number")).fill("AW-2026-114")
        provider_page.get_by_label(label("Invoice date")).fill("2026-11-30")
        provider_page.get_by_label(label("Invoice")).set_input_files(str(invoice))
        provider_page.get_by_label(label("Proof of delivery")).set_input_files(str(report))
        provider_page.get_by_label(label("Proof of the enterprise's co-payment")).set_input_files(
            str(transfer)
        )
        provider_page.get_by_role("button", name="Submit the claim").click()
        expect(
            provider_page.get_by_text(
                "The amount claimed, EUR 6,000.00, is more than the voucher's value, EUR 5,000.00."
            ).first
        ).to_be_visible()
        # What was typed is kept; the files are chosen again.
        expect(provider_page.get_by_label(label("Invoice number"))).to_have_value("AW-2026-114")
        shot(provider_page, "04-claim-refused")
        assert not Claim.unscoped.filter(voucher_id=voucher.pk).exists()
        provider_page.get_by_label(label("Amount claimed (EUR)")).fill("3840.00")
        provider_page.get_by_label(label("Invoice")).set_input_files(str(invoice))
        provider_page.get_by_label(label("Proof of delivery")).set_input_files(str(report))
        provider_page.get_by_label(label("Proof of the enterprise's co-payment")).set_input_files(
            str(transfer)
        )
        provider_page.get_by_role("button", name="Submit the claim").click()
        expect_message(
            provider_page, "Your claim is submitted; the programme's staff will verify it."
        )
        shot(provider_page, "04-claimed")
        assert_accessible(provider_page)
        claim = Claim.unscoped.get(voucher_id=voucher.pk)
        assert (claim.status, claim.amount) == (ClaimStatus.SUBMITTED, Decimal("3840.00"))

    # --- 5. Staff verify the claim in the back office ------------------------------------------
    with context_page(browser, live_server, page.test_name + "-staff") as staff:
        sign_in(staff, email=alice.email)
        staff.get_by_label(label("Code")).fill(totp_now(staff_secret))
        staff.get_by_role("button", name="Sign in").click()
        staff.wait_for_url(live_server.url + "/")
        staff.goto("/admin/vouchers/claim/")
        shot(staff, "05-claims")
        assert_accessible(staff)
        staff.locator("#result_list").get_by_role("link", name=re.compile(code)).first.click()
        staff.wait_for_url(f"**/admin/vouchers/claim/{claim.pk}/change/")
        shot(staff, "05-claim")
        assert_accessible(staff)
        staff.get_by_role("link", name="Verify the claim").click()
        staff.wait_for_url(f"**/admin/vouchers/claim/{claim.pk}/verify/")
        assert_accessible(staff)
        staff.get_by_role("button", name="Verify the claim").click()
        staff.wait_for_url(f"**/admin/vouchers/claim/{claim.pk}/change/")
        expect_message(staff, "The claim is verified; finance may reimburse it.")
        shot(staff, "05-verified")
        assert Claim.unscoped.get(pk=claim.pk).status == ClaimStatus.VERIFIED
        assert Voucher.unscoped.get(pk=voucher.pk).status == VoucherStatus.VERIFIED
