"""The back office on a 1,366 × 768 screen: lists fit, long labels are shortened with the
full text on hover, and page titles stay visible beside their buttons."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application
from evaluations.results.services import call_mark_evaluated, call_ranking_run
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import shot
from tests.e2e.helpers import context_page, label, sign_in
from tests.evaluations.test_results import application_of, results_call, reviewed
from tests.factories import OrganisationFactory, UserFactory

SCREEN = {"width": 1366, "height": 768}
LONG_CALL_TITLE = (
    "Social innovation vouchers for work-integration enterprises in rural and peripheral "
    "regions of the Union"
)
LONG_ORGANISATION = (
    "Cooperativa Sociale Aurora per l'inserimento lavorativo e la cura della comunità locale"
)
# The longest labels of the list's status column among them.
STATUSES = ["submitted", "rejected_budget", "in_evaluation", "rejected_threshold", "eligible"]
LIMITED_PROFIT = "Company with limited profit distribution (e.g. gGmbH, SRL SB, impresa sociale)"


@pytest.fixture
def screen(browser, live_server, request):
    with context_page(browser, live_server, request.node.name, viewport=SCREEN) as page:
        yield page


def sign_in_staff(page, live_server, user):
    secret = with_mfa(user)
    sign_in(page, email=user.email)
    page.get_by_label(label("Code")).fill(totp_now(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


def applications_with_long_labels(tenant, count=6):
    call = CallFactory(tenant=tenant, reference="OC7", title={"en": LONG_CALL_TITLE})
    for number in range(1, count + 1):
        owner = UserFactory()
        organisation = OrganisationFactory(
            owner=owner,
            legal_name=f"{LONG_ORGANISATION} {number}",
            legal_form="limited_profit_company",
        )
        Application.unscoped.create(
            tenant=tenant,
            call=call,
            organisation=organisation,
            created_by=owner,
            status=STATUSES[number % len(STATUSES)],
            title=f"Care at home with neighbourhood robots and shared kitchens {number}",
            requested_amount=Decimal("145000.00"),
            receipt_number=f"ALPHA-2026-OC7-{number:06d}",
            submitted_at=timezone.now(),
        )


def inside_the_screen(page, selector):
    """The bounding box of every element ``selector`` finds lies on the screen."""
    boxes = page.locator(selector).evaluate_all(
        "nodes => nodes.map(node => { const box = node.getBoundingClientRect();"
        " return {left: box.left, right: box.right, width: box.width}; })"
    )
    assert boxes, selector
    width = page.evaluate("() => document.documentElement.clientWidth")
    return [box for box in boxes if box["left"] < 0 or box["right"] > width or not box["width"]]


def test_the_staff_application_list_fits_a_1366_pixel_screen(
    screen, live_server, e2e_tenant, alice
):
    with tenant_context(e2e_tenant):
        applications_with_long_labels(e2e_tenant)
    sign_in_staff(screen, live_server, alice)

    screen.goto("/admin/applications/application/")
    shot(screen, "list")

    for column in ("status", "amount", "submitted_at"):
        # A time column is the zoned twin of its field (its heading names the zone).
        selector = f"#result_list th.column-{column}, #result_list th.column-zoned_column__{column}"
        assert inside_the_screen(screen, selector) == [], column
        cells = f"#result_list td.field-{column}, #result_list td.field-zoned_column__{column}"
        assert inside_the_screen(screen, cells) == [], column
    # No cell wraps: each row is one line high.
    heights = screen.locator("#result_list tbody tr").evaluate_all(
        "rows => rows.map(row => row.getBoundingClientRect().height)"
    )
    line = screen.locator("#result_list tbody td.field-status").first.evaluate(
        "cell => parseFloat(getComputedStyle(cell).lineHeight)"
    )
    assert max(heights) < 2 * line + 12, (heights, line)
    # Long labels are cut on screen, whole on hover (title) and for screen readers.
    for column, text in (("legal_form", LIMITED_PROFIT), ("organisation_name", LONG_ORGANISATION)):
        cell = screen.locator(f"#result_list td.field-{column} [title]").first
        assert cell.get_attribute("title").startswith(text)
        assert cell.inner_text().startswith(text)
        assert cell.evaluate("node => node.scrollWidth > node.clientWidth"), column
    # Nothing of the list is hidden in a scrolled box.
    assert screen.evaluate(
        "() => { const box = document.querySelector('#changelist-form .results');"
        " return box.scrollWidth <= box.clientWidth; }"
    )


def title_is_uncovered(page):
    """Points across every line of the page title's text: the topmost element there is the
    title itself, not a button laid over it."""
    return page.evaluate(
        """() => {
            const title = document.querySelector('#content h1');
            const range = document.createRange();
            range.selectNodeContents(title);
            const covered = [];
            for (const rect of range.getClientRects()) {
                const y = rect.top + rect.height / 2;
                for (const x of [rect.left + 2, (rect.left + rect.right) / 2, rect.right - 2]) {
                    const hit = document.elementFromPoint(x, y);
                    if (!hit || !title.contains(hit)) {
                        covered.push({x, y, by: hit ? hit.outerHTML.slice(0, 80) : null});
                    }
                }
            }
            return covered;
        }"""
    )


# Titles of every length: whichever line of the title reaches the right edge, where the
# buttons are, the title stays readable.
RANKING_TITLES = [LONG_CALL_TITLE[:length].strip() for length in (40, 60, 70, 80, 90, 100)]


def test_the_ranking_page_title_is_not_hidden_by_its_buttons(
    screen, live_server, e2e_tenant, alice
):
    with tenant_context(e2e_tenant):
        calls = [results_call(e2e_tenant, title={"en": title}) for title in RANKING_TITLES]
        for name in ("Best", "Second"):
            application = application_of(calls[-1], name)
            reviewed(application, ("5", "5", "5"), ("4", "4", "4"))
        call_mark_evaluated(call=calls[-1], by=alice)
        call_ranking_run(call=calls[-1], by=alice)
    sign_in_staff(screen, live_server, alice)

    for call, call_title in zip(calls, RANKING_TITLES, strict=True):
        screen.goto(f"/admin/evaluations/rankingrun/call/{call.pk}/rank/")
        shot(screen, f"ranking-{len(call_title)}")

        title = screen.locator("#content h1")
        assert call_title in title.inner_text()
        assert title.is_visible()
        assert title_is_uncovered(screen) == [], call_title
        # The page's own buttons are still there, beside or below the title.
        for name in ("Scores and consensus", "Ranking", "Publication"):
            assert screen.get_by_role("link", name=name, exact=True).is_visible()
