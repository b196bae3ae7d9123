"""A coordinator signs in with a second factor and reads the dashboard: the charts drawn
from the JSON endpoints, each with its table, and the PDF summary."""

from __future__ import annotations

from django.db import transaction
from playwright.sync_api import expect

from socialtech.tenancy.context import tenant_context
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import SLOW_STEP_MS, label, sign_in
from tests.reports.conftest import build_world

CHARTS = ("funnel", "money", "countries", "legal_forms", "evaluation")


def test_coordinator_reads_the_dashboard_drawn_beside_its_tables(
    page, live_server, e2e_tenant, bob
):
    with tenant_context(e2e_tenant), transaction.atomic():
        build_world(e2e_tenant, bob)
    secret = with_mfa(bob)

    sign_in(page, email=bob.email)
    page.get_by_label(label("Code")).fill(totp_now(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")

    page.goto("/admin/")
    page.get_by_role("link", name="Coordinator dashboard").click()
    page.wait_for_url("**/admin/reports/reportexport/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text() == "Coordinator dashboard"
    figures = page.locator("figure[data-chart-url]")
    expect(figures).to_have_count(len(CHARTS))
    for name in CHARTS:
        expect(page.locator(f'figure[data-chart="{name}"]')).to_have_attribute("data-drawn", "true")
    # Chart.js drew on every canvas: it is sized and holds pixels.
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll("figure canvas")).map((canvas) => {
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            return canvas.width > 0 && data.some((value) => value !== 0);
        })"""
    )
    assert drawn == [True] * len(CHARTS)
    funnel = page.locator('figure[data-chart="funnel"]')
    expect(funnel.get_by_role("img")).to_have_attribute(
        "aria-label",
        "Chart: Applications at each step, per call. The table below gives its figures.",
    )
    first_row = funnel.locator("table tbody tr").first
    expect(first_row.locator("th")).to_have_text("OC1")
    expect(first_row.locator("td").first).to_have_text("12")
    expect(page.locator('figure[data-chart="countries"] table')).to_contain_text("Germany")
    shot(page, "dashboard")
    assert_accessible(page)

    # The tables scroll by keyboard; the summary's link is reachable.
    region = page.get_by_role("region", name="Table: Applications at each step, per call")
    region.focus()
    expect(region).to_be_focused()
    link = page.get_by_role("link", name="Download the summary (PDF)")
    with page.expect_download(timeout=SLOW_STEP_MS) as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("dashboard-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
